extension Schema {
    static let v4 = Migration(
        version: 4, name: "attachments and images",
        statements: [
            """
            CREATE TABLE files (
                id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id), name TEXT NOT NULL, kind TEXT NOT NULL,
                content_type TEXT NOT NULL, size BIGINT NOT NULL, sha256 TEXT NOT NULL, width BIGINT, height BIGINT,
                caption TEXT NOT NULL, data BYTEA NOT NULL, uploaded_by TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX files_site ON files (site_id, created_at)",
        ])
}
