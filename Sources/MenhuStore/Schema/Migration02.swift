extension Schema {
    static let v2 = Migration(
        version: 2, name: "publishing: revisions, approvals, the text registry",
        statements: [
            "ALTER TABLE articles ADD COLUMN working_title TEXT NOT NULL DEFAULT ''",
            "UPDATE articles SET working_title = title",
            "ALTER TABLE articles ADD COLUMN stage TEXT NOT NULL DEFAULT 'live'",
            "ALTER TABLE articles ADD COLUMN importance TEXT NOT NULL DEFAULT 'normal'",
            "ALTER TABLE articles ADD COLUMN bureau_notice BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE articles ADD COLUMN version BIGINT NOT NULL DEFAULT 1",
            "ALTER TABLE articles ADD COLUMN current_revision_id TEXT",
            "ALTER TABLE articles ADD COLUMN live_revision_id TEXT",
            "ALTER TABLE articles ADD COLUMN scheduled_for BIGINT",
            "ALTER TABLE articles ADD COLUMN updated_at BIGINT",
            "ALTER TABLE articles ADD COLUMN event_date TEXT",
            "ALTER TABLE articles ADD COLUMN index_number TEXT",
            "ALTER TABLE articles ADD COLUMN withdrawn_at BIGINT",
            "ALTER TABLE articles ADD COLUMN withdraw_reason TEXT",
            "ALTER TABLE articles ADD COLUMN archived_at BIGINT",
            "ALTER TABLE articles ADD COLUMN emergency_by TEXT",
            "ALTER TABLE articles ADD COLUMN emergency_reason TEXT",
            "ALTER TABLE articles ADD COLUMN returned_by TEXT",
            "ALTER TABLE articles ADD COLUMN return_reason TEXT",
            "ALTER TABLE articles ADD COLUMN created_by TEXT",
            "ALTER TABLE articles ADD COLUMN changed_at BIGINT",
            "UPDATE articles SET changed_at = created_at",
            "CREATE INDEX articles_stage ON articles (site_id, stage, changed_at)",
            """
            CREATE TABLE revisions (
                id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id), number BIGINT NOT NULL,
                content_json TEXT NOT NULL, digest TEXT NOT NULL, author_id TEXT, author_name TEXT NOT NULL,
                created_at BIGINT NOT NULL, UNIQUE (article_id, number))
            """,
            """
            CREATE TABLE approvals (
                id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id),
                revision_id TEXT NOT NULL REFERENCES revisions(id), step TEXT NOT NULL, digest TEXT NOT NULL,
                account_id TEXT NOT NULL, account_name TEXT NOT NULL, at BIGINT NOT NULL, voided_at BIGINT)
            """,
            "CREATE INDEX approvals_article ON approvals (article_id)",
            """
            CREATE TABLE article_columns (
                article_id TEXT NOT NULL REFERENCES articles(id), column_id TEXT NOT NULL REFERENCES site_columns(id),
                PRIMARY KEY (article_id, column_id))
            """,
            "CREATE INDEX article_columns_column ON article_columns (column_id)",
            "INSERT INTO article_columns (article_id, column_id) SELECT id, column_id FROM articles",
            """
            CREATE TABLE registry_entries (
                sequence BIGINT PRIMARY KEY, id TEXT NOT NULL UNIQUE, action TEXT NOT NULL, at BIGINT NOT NULL,
                site_id TEXT NOT NULL, column_id TEXT NOT NULL, article_id TEXT NOT NULL, url TEXT NOT NULL,
                title TEXT NOT NULL, revision_digest TEXT NOT NULL, author TEXT NOT NULL, reviewer TEXT NOT NULL,
                signer TEXT NOT NULL, leader TEXT NOT NULL, group_name TEXT NOT NULL, actor TEXT NOT NULL,
                note TEXT NOT NULL, previous_hash TEXT NOT NULL, hash TEXT NOT NULL)
            """,
            "CREATE INDEX registry_entries_article ON registry_entries (article_id)",
        ])
}
