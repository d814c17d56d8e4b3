extension Schema {
    static let v10 = Migration(
        version: 10, name: "站内搜索: the search index",
        statements: [
            """
            CREATE TABLE search_documents (
                article_id TEXT PRIMARY KEY, doc_key BIGINT NOT NULL UNIQUE, site_id TEXT NOT NULL, column_id TEXT NOT NULL,
                title TEXT NOT NULL, body TEXT NOT NULL, document_number TEXT NOT NULL, published_at BIGINT NOT NULL,
                archived BIGINT NOT NULL DEFAULT 0)
            """,
            "CREATE INDEX search_documents_published ON search_documents (published_at)",
        ],
        sqlite: [
            // Contentless: the text is in search_documents; rowid = doc_key, in order of first publication.
            "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, docno, tags, content='', contentless_delete=1)"
        ],
        postgres: [
            "ALTER TABLE search_documents ADD COLUMN tsv tsvector NOT NULL DEFAULT ''",
            "CREATE INDEX search_documents_tsv ON search_documents USING GIN (tsv)",
            "CREATE SEQUENCE search_doc_key",
        ])
}
