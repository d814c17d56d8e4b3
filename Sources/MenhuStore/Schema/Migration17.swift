extension Schema {
    static let v17 = Migration(
        version: 17, name: "编辑器自动保存: what an editor typed and has not saved as a version",
        statements: [
            // One per person, site and item ('' for an item not created yet); only its author reads
            // it, and saving the item as a version removes it.
            """
            CREATE TABLE editor_autosaves (
                account_id TEXT NOT NULL REFERENCES accounts(id), site_id TEXT NOT NULL REFERENCES sites(id),
                article_id TEXT NOT NULL, fields TEXT NOT NULL, saved_at BIGINT NOT NULL,
                PRIMARY KEY (account_id, site_id, article_id))
            """
        ])
}
