extension Schema {
    static let v25 = Migration(
        version: 25, name: "incident notices: who was told when a veto indicator turned red",
        statements: [
            // M3: one notice per person each time a site's veto task turns red (opened, or reopened,
            // or an at-risk indicator reaching the line); e-mailed once, by the instance that claims it.
            """
            CREATE TABLE incident_notices (
                id TEXT PRIMARY KEY, site_id TEXT NOT NULL, rectification_id TEXT NOT NULL, account_id TEXT NOT NULL,
                title TEXT NOT NULL, detail TEXT NOT NULL, raised_at BIGINT NOT NULL, mailed_at BIGINT,
                UNIQUE (rectification_id, account_id, raised_at))
            """,
            "CREATE INDEX incident_notices_mail ON incident_notices (mailed_at, raised_at)",
        ])
}
