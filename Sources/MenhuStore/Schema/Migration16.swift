extension Schema {
    static let v16 = Migration(
        version: 16, name: "工作日历: holiday notices added by the platform admin",
        statements: [
            // I2, I3, I7: a year's 放假通知; the newest one for a year replaces the built-in days of that year.
            // days_off and make_up_days hold one "YYYY-MM-DD<TAB>festival" a line.
            """
            CREATE TABLE calendar_notices (
                id TEXT PRIMARY KEY, year BIGINT NOT NULL, days_off TEXT NOT NULL, make_up_days TEXT NOT NULL,
                document_number TEXT NOT NULL, document_title TEXT NOT NULL,
                added_by TEXT REFERENCES accounts(id), added_by_name TEXT NOT NULL, added_at BIGINT NOT NULL)
            """,
            "CREATE INDEX calendar_notices_year ON calendar_notices (year, added_at)",
        ])
}
