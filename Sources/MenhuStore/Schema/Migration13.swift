extension Schema {
    static let v13 = Migration(
        version: 13, name: "站内搜索: trigram lexemes in PostgreSQL's index", statements: [],
        postgres: [
            // Vectors written from now on hold trigrams; existing ones are rebuilt by a background
            // task (`SearchIndex.vectorTask`), and queries use trigrams once that is done.
            """
            INSERT INTO settings (key, value) SELECT 'search-trigrams',
                CASE WHEN EXISTS (SELECT 1 FROM search_documents) THEN 'pending' ELSE 'ready' END
            """
        ])
}
