extension Schema {
    static let v9 = Migration(
        version: 9, name: "attachment text, link results, background tasks",
        statements: [
            "ALTER TABLE files ADD COLUMN text TEXT",
            "ALTER TABLE files ADD COLUMN text_note TEXT NOT NULL DEFAULT '上传时尚未读取文字'",
            """
            CREATE TABLE link_checks (
                url TEXT PRIMARY KEY, status BIGINT NOT NULL, broken BIGINT NOT NULL, note TEXT NOT NULL, checked_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE background_tasks (
                id TEXT PRIMARY KEY, kind TEXT NOT NULL, scope TEXT NOT NULL, requested_by TEXT NOT NULL,
                requested_at BIGINT NOT NULL, started_at BIGINT, claimed_by TEXT, finished_at BIGINT, result TEXT NOT NULL DEFAULT '',
                failed BIGINT NOT NULL DEFAULT 0)
            """,
            "CREATE INDEX background_tasks_pending ON background_tasks (finished_at, requested_at)",
        ])
}
