extension Schema {
    static let v6 = Migration(
        version: 6, name: "signer's override of the content gate",
        statements: [
            "ALTER TABLE articles ADD COLUMN gate_override_digest TEXT",
            "ALTER TABLE articles ADD COLUMN gate_override_by TEXT",
            "ALTER TABLE articles ADD COLUMN gate_override_reason TEXT",
        ])
}
