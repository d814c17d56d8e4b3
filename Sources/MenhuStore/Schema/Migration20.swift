extension Schema {
    static let v20 = Migration(
        version: 20, name: "互动交流: what the reviewer masks, reminders of deadlines, 常见问题",
        statements: [
            // I4: words the reviewer hides from the public besides those found (one per line).
            "ALTER TABLE letters ADD COLUMN masks TEXT NOT NULL DEFAULT ''",
            // I2: the deadline the last reminder was for, and whether it was the overdue one, so that each
            // deadline is reminded once before it ends and once when it has passed.
            "ALTER TABLE letters ADD COLUMN reminded_due_at BIGINT",
            "ALTER TABLE letters ADD COLUMN reminded_overdue BIGINT NOT NULL DEFAULT 0",
            // I2: an in-app reminder to one person of one step's deadline (即将到期 or 已超期).
            """
            CREATE TABLE letter_reminders (
                id TEXT PRIMARY KEY, letter_id TEXT NOT NULL REFERENCES letters(id), account_id TEXT NOT NULL REFERENCES accounts(id),
                kind TEXT NOT NULL, step TEXT NOT NULL, due_at BIGINT NOT NULL, created_at BIGINT NOT NULL, read_at BIGINT,
                UNIQUE (letter_id, account_id, kind, step, due_at))
            """,
            "CREATE INDEX letter_reminders_account ON letter_reminders (account_id, read_at, created_at)",
            // I1: 常见问题, drafted (often from an answered letter), reviewed, and shown until valid_until.
            """
            CREATE TABLE letter_faqs (
                id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id), question TEXT NOT NULL, answer TEXT NOT NULL,
                letter_id TEXT REFERENCES letters(id), state TEXT NOT NULL, valid_until BIGINT NOT NULL, drafted_by TEXT NOT NULL,
                drafted_by_name TEXT NOT NULL, reviewed_by TEXT, reviewed_by_name TEXT, reviewed_at BIGINT, version BIGINT NOT NULL,
                created_at BIGINT NOT NULL, changed_at BIGINT NOT NULL)
            """,
            "CREATE INDEX letter_faqs_site ON letter_faqs (site_id, state, valid_until)",
        ])
}
