extension Schema {
    static let v26 = Migration(
        version: 26, name: "依申请公开: the office of each site, requests on the legal clock, and their documents",
        statements: [
            // I7: a site's 政府信息公开工作机构: the organ answering, its contact, the 文号 prefix, the
            // appeal body, the fee mode (国办函〔2020〕109号) and the applicant's correction period.
            """
            CREATE TABLE disclosure_offices (
                site_id TEXT PRIMARY KEY REFERENCES sites(id), organ TEXT NOT NULL, address TEXT NOT NULL, phone TEXT NOT NULL,
                hours TEXT NOT NULL, prefix TEXT NOT NULL, appeal_body TEXT NOT NULL, court TEXT NOT NULL, fee_mode TEXT NOT NULL,
                correction_days BIGINT NOT NULL, changed_at BIGINT NOT NULL)
            """,
            // I7: a request. `data` holds the whole request (applicant, ask, steps, reply, fee) as JSON;
            // the other columns are what lists, deadlines, the fee count and table 三 query on.
            // code_digest is the keyed digest of the 查询码; applicant_key the keyed digest of the
            // applicant's document (同一申请人 for the monthly fee count); due_day the answer deadline.
            """
            CREATE TABLE disclosure_requests (
                id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id), number TEXT NOT NULL UNIQUE,
                code_digest TEXT NOT NULL, state TEXT NOT NULL, applicant_kind TEXT NOT NULL, applicant_key TEXT NOT NULL,
                title TEXT NOT NULL, received_at BIGINT NOT NULL, due_day TEXT, finished_at BIGINT, address TEXT NOT NULL,
                version BIGINT NOT NULL, changed_at BIGINT NOT NULL, data TEXT NOT NULL)
            """,
            "CREATE INDEX disclosure_requests_site ON disclosure_requests (site_id, state, received_at)",
            "CREATE INDEX disclosure_requests_applicant ON disclosure_requests (site_id, applicant_key, received_at)",
            "CREATE INDEX disclosure_requests_address ON disclosure_requests (address, received_at)",
            // I7: a document as issued (frozen), with its 文号: one series per site, kind and year.
            """
            CREATE TABLE disclosure_documents (
                id TEXT PRIMARY KEY, request_id TEXT NOT NULL REFERENCES disclosure_requests(id), site_id TEXT NOT NULL,
                kind TEXT NOT NULL, year BIGINT NOT NULL, serial BIGINT NOT NULL, number TEXT NOT NULL, issued_at BIGINT NOT NULL,
                data TEXT NOT NULL, UNIQUE (site_id, kind, year, serial))
            """,
            "CREATE INDEX disclosure_documents_request ON disclosure_documents (request_id, issued_at)",
        ])
}
