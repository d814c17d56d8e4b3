extension Schema {
    static let v23 = Migration(
        version: 23, name: "link health: each address's verdict and since when it is broken; the broken and doubtful links of every live page",
        statements: [
            // P11: ok / caution (存疑) / broken (失效), and since when an address has been broken.
            "ALTER TABLE link_checks ADD COLUMN verdict TEXT NOT NULL DEFAULT 'ok'",
            "ALTER TABLE link_checks ADD COLUMN broken_since BIGINT",
            "UPDATE link_checks SET verdict = 'broken', broken_since = checked_at WHERE broken = 1",
            // M1: a link of a live page (or of the homepage's quick links, article_id '') that is not
            // ok, with the page, its column and the column's owner department, so the finding names
            // who must act. Replaced per site by each inspection; `since` survives while it persists.
            """
            CREATE TABLE link_findings (
                site_id TEXT NOT NULL, url TEXT NOT NULL, article_id TEXT NOT NULL, page_title TEXT NOT NULL,
                column_id TEXT, department_id TEXT, internal BIGINT NOT NULL, verdict TEXT NOT NULL, code BIGINT,
                reason TEXT NOT NULL, since BIGINT NOT NULL, checked_at BIGINT NOT NULL,
                PRIMARY KEY (site_id, url, article_id))
            """,
            "CREATE INDEX link_findings_department ON link_findings (department_id)",
        ])
}
