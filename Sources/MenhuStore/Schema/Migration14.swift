extension Schema {
    static let v14 = Migration(
        version: 14, name: "站内搜索: pairs of a run and a number, and key blocks, in PostgreSQL's index", statements: [],
        postgres: [
            // As for 13: the same background task rebuilds the vectors written before.
            "UPDATE settings SET value = 'pending' WHERE key = 'search-trigrams' AND EXISTS (SELECT 1 FROM search_documents)"
        ])
}
