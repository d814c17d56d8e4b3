extension Schema {
    static let v3 = Migration(
        version: 3, name: "flow of information: business systems, office submissions, repost tasks",
        statements: [
            """
            CREATE TABLE push_systems (
                id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id), name TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE, column_ids TEXT NOT NULL, created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL, revoked_at BIGINT)
            """,
            """
            CREATE TABLE submissions (
                id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id),
                department_id TEXT NOT NULL REFERENCES departments(id), submitted_by TEXT NOT NULL,
                submitter_name TEXT NOT NULL, submitted_at BIGINT NOT NULL, work_date TEXT NOT NULL, title TEXT NOT NULL,
                content TEXT NOT NULL, source TEXT NOT NULL, form TEXT NOT NULL, requirements TEXT NOT NULL,
                status TEXT NOT NULL, decided_by TEXT, decided_at BIGINT, decline_reason TEXT, article_id TEXT)
            """,
            "CREATE INDEX submissions_site ON submissions (site_id, submitted_at)",
            """
            CREATE TABLE feeds (
                id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id), name TEXT NOT NULL, url TEXT NOT NULL,
                created_at BIGINT NOT NULL, checked_at BIGINT, last_error TEXT, UNIQUE (site_id, url))
            """,
            """
            CREATE TABLE repost_tasks (
                id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id), feed_id TEXT, source_name TEXT NOT NULL,
                title TEXT NOT NULL, link TEXT NOT NULL, found_at BIGINT NOT NULL, due_at BIGINT NOT NULL,
                status TEXT NOT NULL, article_id TEXT, closed_at BIGINT, closed_by TEXT, note TEXT,
                UNIQUE (site_id, link))
            """,
            "CREATE INDEX repost_tasks_site ON repost_tasks (site_id, status, due_at)",
        ])
}
