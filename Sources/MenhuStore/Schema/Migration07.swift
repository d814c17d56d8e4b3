extension Schema {
    static let v7 = Migration(
        version: 7, name: "editable word lists of the content gate",
        statements: [
            """
            CREATE TABLE dictionary_entries (
                id TEXT PRIMARY KEY, site_id TEXT REFERENCES sites(id), text TEXT NOT NULL, category TEXT NOT NULL,
                blocks BIGINT NOT NULL, suggestion TEXT NOT NULL, created_by TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX dictionary_entries_site ON dictionary_entries (site_id)",
        ])
}
