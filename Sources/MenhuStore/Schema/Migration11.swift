extension Schema {
    static let v11 = Migration(
        version: 11, name: "changes to public pages, for every instance's page cache",
        statements: [
            "CREATE TABLE page_changes (id TEXT PRIMARY KEY, at BIGINT NOT NULL, site_id TEXT NOT NULL, tags TEXT NOT NULL)",
            "CREATE INDEX page_changes_at ON page_changes (at)",
        ])
}
