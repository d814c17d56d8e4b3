extension Schema {
    static let v8 = Migration(
        version: 8, name: "content-gate results of live pages",
        statements: [
            """
            CREATE TABLE live_findings (
                article_id TEXT PRIMARY KEY REFERENCES articles(id), site_id TEXT NOT NULL REFERENCES sites(id),
                blocking BIGINT NOT NULL, warnings BIGINT NOT NULL, summary TEXT NOT NULL, checked_at BIGINT NOT NULL)
            """,
            "CREATE INDEX live_findings_site ON live_findings (site_id, blocking)",
        ])
}
