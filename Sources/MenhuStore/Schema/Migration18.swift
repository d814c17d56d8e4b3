extension Schema {
    static let v18 = Migration(
        version: 18, name: "可用性监测: a site's homepage probed every 30 minutes (M1, 站点无法访问)",
        statements: [
            // One row per site, address and 30-minute slot: the instance that inserts the slot's row
            // probes it, so that with several instances each slot is probed once. `duration_ms` is -1
            // while the probe is under way (a row left so by a killed instance is not a probe).
            """
            CREATE TABLE site_probes (
                site_id TEXT NOT NULL REFERENCES sites(id), address TEXT NOT NULL, slot BIGINT NOT NULL,
                at BIGINT NOT NULL, status INTEGER, duration_ms INTEGER NOT NULL, error TEXT, body_digest TEXT,
                PRIMARY KEY (site_id, address, slot))
            """,
            "CREATE INDEX site_probes_at ON site_probes (site_id, at)",
        ])
}
