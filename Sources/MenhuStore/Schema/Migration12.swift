extension Schema {
    static let v12 = Migration(
        version: 12, name: "homepage blocks, theme overrides, language versions",
        statements: [
            """
            CREATE TABLE home_blocks (
                id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id), position BIGINT NOT NULL, kind TEXT NOT NULL,
                title TEXT NOT NULL, column_id TEXT REFERENCES site_columns(id), item_count BIGINT NOT NULL, links TEXT NOT NULL)
            """,
            "CREATE INDEX home_blocks_site ON home_blocks (site_id, position)",
            // A site's own templates, colours, logo and banner: the draft is previewed, then published to live.
            """
            CREATE TABLE theme_overrides (
                site_id TEXT NOT NULL REFERENCES sites(id), name TEXT NOT NULL, draft TEXT, live TEXT,
                updated_at BIGINT NOT NULL, updated_by TEXT NOT NULL, PRIMARY KEY (site_id, name))
            """,
            // W4: a foreign-language version is a site of its own, linked to the site it translates.
            "ALTER TABLE sites ADD COLUMN language TEXT NOT NULL DEFAULT 'zh-CN'",
            "ALTER TABLE sites ADD COLUMN variant_of TEXT REFERENCES sites(id)",
        ])
}
