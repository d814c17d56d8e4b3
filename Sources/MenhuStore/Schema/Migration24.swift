extension Schema {
    static let v24 = Migration(
        version: 24, name: "值班读网 marks on the revision read; 整改 tasks from the inspection's findings",
        statements: [
            // M1: a duty reader's mark (无误/有误) on one revision of an item; editing the item makes a new
            // revision, which is unread again.
            """
            CREATE TABLE duty_reads (
                article_id TEXT NOT NULL, revision_id TEXT NOT NULL, site_id TEXT NOT NULL, reader_id TEXT, reader_name TEXT NOT NULL,
                verdict TEXT NOT NULL, note TEXT NOT NULL, read_at BIGINT NOT NULL, PRIMARY KEY (article_id, revision_id))
            """,
            // The day's worklist reads a site's items published (articles_site_published) or changed that day.
            "CREATE INDEX articles_site_updated ON articles (site_id, updated_at)",
            // M1, M2: one task per site and subject ("link <url> <item>", "veto columnsStale"…), opened,
            // closed by the re-check, set aside until a day, and opened again.
            """
            CREATE TABLE rectifications (
                id TEXT PRIMARY KEY, site_id TEXT NOT NULL, source TEXT NOT NULL, subject TEXT NOT NULL, department_id TEXT,
                title TEXT NOT NULL, detail TEXT NOT NULL, opened_at BIGINT NOT NULL, due_at BIGINT NOT NULL, state TEXT NOT NULL,
                closed_at BIGINT, note TEXT NOT NULL, dismissed_until BIGINT, UNIQUE (site_id, subject))
            """,
            "CREATE INDEX rectifications_site_state ON rectifications (site_id, state, due_at)",
        ])
}
