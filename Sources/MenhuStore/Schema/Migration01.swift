extension Schema {
    static let v1 = Migration(
        version: 1, name: "platform, sites, people, columns, articles, events",
        statements: [
            """
            CREATE TABLE sites (
                id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, kind TEXT NOT NULL,
                sponsor TEXT NOT NULL, organizer TEXT NOT NULL, site_id_code TEXT NOT NULL,
                icp_filing TEXT NOT NULL, public_security_filing TEXT NOT NULL,
                person_in_charge TEXT NOT NULL, contact_phone TEXT NOT NULL, contact_email TEXT NOT NULL,
                address TEXT NOT NULL, theme TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE site_domains (
                domain TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id), position BIGINT NOT NULL)
            """,
            """
            CREATE TABLE departments (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, parent_id TEXT REFERENCES departments(id),
                site_id TEXT REFERENCES sites(id), created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE accounts (
                id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
                department_id TEXT REFERENCES departments(id), password_hash TEXT NOT NULL,
                must_change_password BIGINT NOT NULL, password_changed_at BIGINT NOT NULL,
                failed_logins BIGINT NOT NULL, locked_until BIGINT, status TEXT NOT NULL,
                closed_at BIGINT, closed_reason TEXT, created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE site_columns (
                id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id),
                parent_id TEXT REFERENCES site_columns(id), name TEXT NOT NULL, slug TEXT NOT NULL,
                kind TEXT NOT NULL, owner_department_id TEXT REFERENCES departments(id),
                update_rule TEXT NOT NULL, content_requirements TEXT NOT NULL,
                quality_requirements TEXT NOT NULL, summary TEXT NOT NULL, in_navigation BIGINT NOT NULL,
                sort_order BIGINT NOT NULL, archived_at BIGINT, created_at BIGINT NOT NULL,
                UNIQUE (site_id, slug))
            """,
            """
            CREATE TABLE role_grants (
                id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id), role TEXT NOT NULL,
                site_id TEXT REFERENCES sites(id), column_id TEXT REFERENCES site_columns(id),
                created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX role_grants_account ON role_grants (account_id)",
            """
            CREATE TABLE articles (
                id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id),
                column_id TEXT NOT NULL REFERENCES site_columns(id), title TEXT NOT NULL,
                subtitle TEXT NOT NULL, summary TEXT NOT NULL, body_html TEXT NOT NULL,
                source TEXT NOT NULL, author TEXT NOT NULL, status TEXT NOT NULL,
                published_at BIGINT, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX articles_column_published ON articles (column_id, status, published_at)",
            "CREATE INDEX articles_site_published ON articles (site_id, status, published_at)",
            """
            CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id),
                csrf_token TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,
                address TEXT NOT NULL)
            """,
            "CREATE INDEX sessions_account ON sessions (account_id)",
            """
            CREATE TABLE audit_events (
                id TEXT PRIMARY KEY, at BIGINT NOT NULL, actor_id TEXT, actor_name TEXT NOT NULL,
                action TEXT NOT NULL, target_type TEXT NOT NULL, target_id TEXT NOT NULL, site_id TEXT,
                summary TEXT NOT NULL, requirement TEXT, address TEXT NOT NULL)
            """,
            "CREATE INDEX audit_events_at ON audit_events (at)",
            "CREATE INDEX audit_events_target ON audit_events (target_id)",
            "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        ])
}
