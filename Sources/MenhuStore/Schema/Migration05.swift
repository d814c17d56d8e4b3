extension Schema {
    static let v5 = Migration(
        version: 5, name: "index-number scheme per site",
        statements: [
            "ALTER TABLE sites ADD COLUMN index_scheme TEXT NOT NULL DEFAULT '{code}-{year}-{seq}'"
        ])
}
