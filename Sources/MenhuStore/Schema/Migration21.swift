extension Schema {
    static let v21 = Migration(
        version: 21, name: "互动交流: files sent with letters (never public); reminders by e-mail to an account's address",
        statements: [
            """
            CREATE TABLE letter_attachments (
                id TEXT PRIMARY KEY, letter_id TEXT NOT NULL REFERENCES letters(id), position BIGINT NOT NULL, name TEXT NOT NULL,
                kind TEXT NOT NULL, size BIGINT NOT NULL, sha256 TEXT NOT NULL, content BYTEA NOT NULL, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX letter_attachments_letter ON letter_attachments (letter_id, position)",
            // I2: where a person's reminders are e-mailed when an SMTP relay is configured, and when each was.
            "ALTER TABLE accounts ADD COLUMN email TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE letter_reminders ADD COLUMN mailed_at BIGINT",
            "CREATE INDEX letter_reminders_mail ON letter_reminders (mailed_at, created_at)",
        ])
}
