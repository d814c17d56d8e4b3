import MenhuCore

extension Schema {
    /// I1: the default channel of `kind` for every existing site (new sites get theirs from `SiteRecords.insert`).
    static func defaultChannel(_ kind: ChannelKind, position: Int) -> String {
        let d = kind.defaultDeadlines
        let required = kind.defaultRequiredContacts.sorted().map(\.rawValue).joined(separator: ",")
        return """
            INSERT INTO letter_channels (
                id, site_id, kind, name, owner_department_ids, transfer_half_days, sign_half_days, reply_half_days,
                review_half_days, escalation_half_days, extension_half_days, publishes_replies, required_contacts,
                contact_details, accepting, position, created_at, changed_at)
            SELECT 'ch-' || id || '-\(kind.rawValue)', id, '\(kind.rawValue)', '\(kind.label)', '', \(d.transfer.halfDays),
                \(d.sign.halfDays), \(d.reply.halfDays), \(d.review.halfDays), \(d.escalation.halfDays), \(d.extensionLength.halfDays),
                1, '\(required)', '', 1, \(position), created_at, created_at
            FROM sites
            """
    }

    static let v19 = Migration(
        version: 19, name: "互动交流: letter channels, letters and their history",
        statements: [
            // I1, I2, I3, I5: one channel of a site: its kind, owner departments, deadlines in half working
            // days, whether replies are published, the contact fields it requires and its contact details.
            """
            CREATE TABLE letter_channels (
                id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id), kind TEXT NOT NULL, name TEXT NOT NULL,
                owner_department_ids TEXT NOT NULL, transfer_half_days BIGINT NOT NULL, sign_half_days BIGINT NOT NULL,
                reply_half_days BIGINT NOT NULL, review_half_days BIGINT NOT NULL, escalation_half_days BIGINT NOT NULL,
                extension_half_days BIGINT NOT NULL, publishes_replies BIGINT NOT NULL, required_contacts TEXT NOT NULL,
                contact_details TEXT NOT NULL, accepting BIGINT NOT NULL, position BIGINT NOT NULL,
                created_at BIGINT NOT NULL, changed_at BIGINT NOT NULL)
            """,
            "CREATE INDEX letter_channels_site ON letter_channels (site_id, position)",
            // I1–I6: a letter. code_digest is the keyed digest of the 查询码 (never the code); contact_digest and
            // body_digest serve the rate limit and duplicate detection; due_at is the current step's deadline.
            """
            CREATE TABLE letters (
                id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id),
                channel_id TEXT NOT NULL REFERENCES letter_channels(id), channel_kind TEXT NOT NULL,
                number TEXT NOT NULL UNIQUE, code_digest TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,
                writer_name TEXT NOT NULL, writer_phone TEXT NOT NULL, writer_email TEXT NOT NULL, wants_public BIGINT NOT NULL,
                state TEXT NOT NULL, version BIGINT NOT NULL, received_at BIGINT NOT NULL, address TEXT NOT NULL,
                contact_digest TEXT NOT NULL, body_digest TEXT NOT NULL, accepted_at BIGINT, transferred_at BIGINT,
                lead_department_id TEXT REFERENCES departments(id), assisting_department_ids TEXT NOT NULL, signed_at BIGINT,
                reply_from BIGINT, reply_half_days BIGINT, supervised_at BIGINT, urge_count BIGINT NOT NULL,
                reply_text TEXT, reply_department_id TEXT, reply_by_id TEXT, reply_by_name TEXT, replied_at BIGINT,
                approved_at BIGINT, published_at BIGINT, closed_at BIGINT, reason TEXT,
                extension_status TEXT, extension_reason TEXT, extension_half_days BIGINT, extension_requested_by TEXT,
                extension_requested_at BIGINT, extension_decided_by TEXT, extension_decided_at BIGINT,
                reopened_at BIGINT, merged_into TEXT, rating TEXT, rating_reason TEXT, rated_at BIGINT,
                due_at BIGINT, due_step TEXT, changed_at BIGINT NOT NULL)
            """,
            "CREATE INDEX letters_site_state ON letters (site_id, state, received_at)",
            "CREATE INDEX letters_site_received ON letters (site_id, received_at)",
            "CREATE INDEX letters_due ON letters (due_at, site_id)",
            "CREATE INDEX letters_department ON letters (lead_department_id, state, due_at)",
            "CREATE INDEX letters_published ON letters (channel_id, state, published_at)",
            "CREATE INDEX letters_contact ON letters (contact_digest, received_at)",
            "CREATE INDEX letters_address ON letters (address, received_at)",
            // The history of a letter: every action with who, when, from and to which state, and the note.
            """
            CREATE TABLE letter_events (
                id TEXT PRIMARY KEY, letter_id TEXT NOT NULL REFERENCES letters(id), at BIGINT NOT NULL, action TEXT NOT NULL,
                actor_id TEXT, actor_name TEXT NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL, summary TEXT NOT NULL,
                note TEXT NOT NULL, notifies_writer BIGINT NOT NULL)
            """,
            "CREATE INDEX letter_events_letter ON letter_events (letter_id, at)",
        ] + ChannelKind.allCases.enumerated().map { defaultChannel($1, position: $0 + 1) },
        // The secret key of the 查询码 digests, from each engine's random source.
        sqlite: ["INSERT INTO settings (key, value) VALUES ('letter-code-key', lower(hex(randomblob(32))))"],
        postgres: [
            "INSERT INTO settings (key, value) VALUES ('letter-code-key', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))"
        ])
}
