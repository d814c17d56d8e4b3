import Foundation
import SQLKit

/// The versioned schema. Each migration runs once, in a transaction, and is recorded
/// in `schema_migrations`. On PostgreSQL an advisory lock keeps several instances
/// starting at once from migrating together.
public enum Schema {
    /// One step of the schema's history. Statements must be valid on SQLite and PostgreSQL.
    struct Migration {
        let version: Int
        let name: String
        let statements: [String]
        /// Statements for one engine only (full-text search differs), after the shared ones.
        var sqlite: [String] = []
        var postgres: [String] = []
    }

    static let migrations: [Migration] = [
        Migration(version: 1, name: "platform, sites, people, columns, articles, events", statements: [
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
        ]),
        Migration(version: 2, name: "publishing: revisions, approvals, the text registry", statements: [
            "ALTER TABLE articles ADD COLUMN working_title TEXT NOT NULL DEFAULT ''",
            "UPDATE articles SET working_title = title",
            "ALTER TABLE articles ADD COLUMN stage TEXT NOT NULL DEFAULT 'live'",
            "ALTER TABLE articles ADD COLUMN importance TEXT NOT NULL DEFAULT 'normal'",
            "ALTER TABLE articles ADD COLUMN bureau_notice BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE articles ADD COLUMN version BIGINT NOT NULL DEFAULT 1",
            "ALTER TABLE articles ADD COLUMN current_revision_id TEXT",
            "ALTER TABLE articles ADD COLUMN live_revision_id TEXT",
            "ALTER TABLE articles ADD COLUMN scheduled_for BIGINT",
            "ALTER TABLE articles ADD COLUMN updated_at BIGINT",
            "ALTER TABLE articles ADD COLUMN event_date TEXT",
            "ALTER TABLE articles ADD COLUMN index_number TEXT",
            "ALTER TABLE articles ADD COLUMN withdrawn_at BIGINT",
            "ALTER TABLE articles ADD COLUMN withdraw_reason TEXT",
            "ALTER TABLE articles ADD COLUMN archived_at BIGINT",
            "ALTER TABLE articles ADD COLUMN emergency_by TEXT",
            "ALTER TABLE articles ADD COLUMN emergency_reason TEXT",
            "ALTER TABLE articles ADD COLUMN returned_by TEXT",
            "ALTER TABLE articles ADD COLUMN return_reason TEXT",
            "ALTER TABLE articles ADD COLUMN created_by TEXT",
            "ALTER TABLE articles ADD COLUMN changed_at BIGINT",
            "UPDATE articles SET changed_at = created_at",
            "CREATE INDEX articles_stage ON articles (site_id, stage, changed_at)",
            """
            CREATE TABLE revisions (
                id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id), number BIGINT NOT NULL,
                content_json TEXT NOT NULL, digest TEXT NOT NULL, author_id TEXT, author_name TEXT NOT NULL,
                created_at BIGINT NOT NULL, UNIQUE (article_id, number))
            """,
            """
            CREATE TABLE approvals (
                id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id),
                revision_id TEXT NOT NULL REFERENCES revisions(id), step TEXT NOT NULL, digest TEXT NOT NULL,
                account_id TEXT NOT NULL, account_name TEXT NOT NULL, at BIGINT NOT NULL, voided_at BIGINT)
            """,
            "CREATE INDEX approvals_article ON approvals (article_id)",
            """
            CREATE TABLE article_columns (
                article_id TEXT NOT NULL REFERENCES articles(id), column_id TEXT NOT NULL REFERENCES site_columns(id),
                PRIMARY KEY (article_id, column_id))
            """,
            "CREATE INDEX article_columns_column ON article_columns (column_id)",
            "INSERT INTO article_columns (article_id, column_id) SELECT id, column_id FROM articles",
            """
            CREATE TABLE registry_entries (
                sequence BIGINT PRIMARY KEY, id TEXT NOT NULL UNIQUE, action TEXT NOT NULL, at BIGINT NOT NULL,
                site_id TEXT NOT NULL, column_id TEXT NOT NULL, article_id TEXT NOT NULL, url TEXT NOT NULL,
                title TEXT NOT NULL, revision_digest TEXT NOT NULL, author TEXT NOT NULL, reviewer TEXT NOT NULL,
                signer TEXT NOT NULL, leader TEXT NOT NULL, group_name TEXT NOT NULL, actor TEXT NOT NULL,
                note TEXT NOT NULL, previous_hash TEXT NOT NULL, hash TEXT NOT NULL)
            """,
            "CREATE INDEX registry_entries_article ON registry_entries (article_id)",
        ]),
        Migration(version: 3, name: "flow of information: business systems, office submissions, repost tasks", statements: [
            """
            CREATE TABLE push_systems (
                id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id), name TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE, column_ids TEXT NOT NULL, created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL, revoked_at BIGINT)
            """,
            """
            CREATE TABLE submissions (
                id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id),
                department_id TEXT NOT NULL REFERENCES departments(id), submitted_by TEXT NOT NULL,
                submitter_name TEXT NOT NULL, submitted_at BIGINT NOT NULL, work_date TEXT NOT NULL, title TEXT NOT NULL,
                content TEXT NOT NULL, source TEXT NOT NULL, form TEXT NOT NULL, requirements TEXT NOT NULL,
                status TEXT NOT NULL, decided_by TEXT, decided_at BIGINT, decline_reason TEXT, article_id TEXT)
            """,
            "CREATE INDEX submissions_site ON submissions (site_id, submitted_at)",
            """
            CREATE TABLE feeds (
                id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id), name TEXT NOT NULL, url TEXT NOT NULL,
                created_at BIGINT NOT NULL, checked_at BIGINT, last_error TEXT, UNIQUE (site_id, url))
            """,
            """
            CREATE TABLE repost_tasks (
                id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id), feed_id TEXT, source_name TEXT NOT NULL,
                title TEXT NOT NULL, link TEXT NOT NULL, found_at BIGINT NOT NULL, due_at BIGINT NOT NULL,
                status TEXT NOT NULL, article_id TEXT, closed_at BIGINT, closed_by TEXT, note TEXT,
                UNIQUE (site_id, link))
            """,
            "CREATE INDEX repost_tasks_site ON repost_tasks (site_id, status, due_at)",
        ]),
        Migration(version: 4, name: "attachments and images", statements: [
            """
            CREATE TABLE files (
                id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id), name TEXT NOT NULL, kind TEXT NOT NULL,
                content_type TEXT NOT NULL, size BIGINT NOT NULL, sha256 TEXT NOT NULL, width BIGINT, height BIGINT,
                caption TEXT NOT NULL, data BYTEA NOT NULL, uploaded_by TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX files_site ON files (site_id, created_at)",
        ]),
        Migration(version: 5, name: "index-number scheme per site", statements: [
            "ALTER TABLE sites ADD COLUMN index_scheme TEXT NOT NULL DEFAULT '{code}-{year}-{seq}'",
        ]),
        Migration(version: 6, name: "signer's override of the content gate", statements: [
            "ALTER TABLE articles ADD COLUMN gate_override_digest TEXT",
            "ALTER TABLE articles ADD COLUMN gate_override_by TEXT",
            "ALTER TABLE articles ADD COLUMN gate_override_reason TEXT",
        ]),
        Migration(version: 7, name: "editable word lists of the content gate", statements: [
            """
            CREATE TABLE dictionary_entries (
                id TEXT PRIMARY KEY, site_id TEXT REFERENCES sites(id), text TEXT NOT NULL, category TEXT NOT NULL,
                blocks BIGINT NOT NULL, suggestion TEXT NOT NULL, created_by TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX dictionary_entries_site ON dictionary_entries (site_id)",
        ]),
        Migration(version: 8, name: "content-gate results of live pages", statements: [
            """
            CREATE TABLE live_findings (
                article_id TEXT PRIMARY KEY REFERENCES articles(id), site_id TEXT NOT NULL REFERENCES sites(id),
                blocking BIGINT NOT NULL, warnings BIGINT NOT NULL, summary TEXT NOT NULL, checked_at BIGINT NOT NULL)
            """,
            "CREATE INDEX live_findings_site ON live_findings (site_id, blocking)",
        ]),
        Migration(version: 9, name: "attachment text, link results, background tasks", statements: [
            "ALTER TABLE files ADD COLUMN text TEXT",
            "ALTER TABLE files ADD COLUMN text_note TEXT NOT NULL DEFAULT '上传时尚未读取文字'",
            """
            CREATE TABLE link_checks (
                url TEXT PRIMARY KEY, status BIGINT NOT NULL, broken BIGINT NOT NULL, note TEXT NOT NULL, checked_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE background_tasks (
                id TEXT PRIMARY KEY, kind TEXT NOT NULL, scope TEXT NOT NULL, requested_by TEXT NOT NULL,
                requested_at BIGINT NOT NULL, started_at BIGINT, claimed_by TEXT, finished_at BIGINT, result TEXT NOT NULL DEFAULT '',
                failed BIGINT NOT NULL DEFAULT 0)
            """,
            "CREATE INDEX background_tasks_pending ON background_tasks (finished_at, requested_at)",
        ]),
        Migration(version: 10, name: "站内搜索: the search index", statements: [
            """
            CREATE TABLE search_documents (
                article_id TEXT PRIMARY KEY, doc_key BIGINT NOT NULL UNIQUE, site_id TEXT NOT NULL, column_id TEXT NOT NULL,
                title TEXT NOT NULL, body TEXT NOT NULL, document_number TEXT NOT NULL, published_at BIGINT NOT NULL,
                archived BIGINT NOT NULL DEFAULT 0)
            """,
            "CREATE INDEX search_documents_published ON search_documents (published_at)",
        ], sqlite: [
            // Contentless: the text is in search_documents; rowid = doc_key, in order of first publication.
            "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, docno, tags, content='', contentless_delete=1)",
        ], postgres: [
            "ALTER TABLE search_documents ADD COLUMN tsv tsvector NOT NULL DEFAULT ''",
            "CREATE INDEX search_documents_tsv ON search_documents USING GIN (tsv)",
            "CREATE SEQUENCE search_doc_key",
        ]),
        Migration(version: 11, name: "changes to public pages, for every instance's page cache", statements: [
            "CREATE TABLE page_changes (id TEXT PRIMARY KEY, at BIGINT NOT NULL, site_id TEXT NOT NULL, tags TEXT NOT NULL)",
            "CREATE INDEX page_changes_at ON page_changes (at)",
        ]),
        Migration(version: 12, name: "homepage blocks, theme overrides, language versions", statements: [
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
        ]),
        Migration(version: 13, name: "站内搜索: trigram lexemes in PostgreSQL's index", statements: [], postgres: [
            // Vectors written from now on hold trigrams; existing ones are rebuilt by a background
            // task (`SearchIndex.vectorTask`), and queries use trigrams once that is done.
            """
            INSERT INTO settings (key, value) SELECT 'search-trigrams',
                CASE WHEN EXISTS (SELECT 1 FROM search_documents) THEN 'pending' ELSE 'ready' END
            """,
        ]),
        Migration(version: 14, name: "站内搜索: pairs of a run and a number, and key blocks, in PostgreSQL's index", statements: [], postgres: [
            // As for 13: the same background task rebuilds the vectors written before.
            "UPDATE settings SET value = 'pending' WHERE key = 'search-trigrams' AND EXISTS (SELECT 1 FROM search_documents)",
        ]),
        Migration(version: 15, name: "login back-off per username and address (no account lockout)", statements: [
            // O6, X1: failed logins counted per (username, address) digest; a success clears its row.
            "CREATE TABLE login_backoff (key TEXT PRIMARY KEY, failures BIGINT NOT NULL, last_failure_at BIGINT NOT NULL)",
            "CREATE INDEX login_backoff_at ON login_backoff (last_failure_at)",
            "UPDATE accounts SET locked_until = NULL",
        ]),
    ]

    /// The newest schema version this build knows.
    public static var latestVersion: Int { migrations.last?.version ?? 0 }
}

extension Database {
    /// Applies every migration not yet applied; returns the versions applied now.
    @discardableResult
    public func migrate(now: Date = Date()) async throws -> [Int] {
        let engine = self.engine
        return try await write { db in
            if engine == .postgres {
                try await db.raw("SELECT pg_advisory_xact_lock(730531)").run()
            }
            try await db.raw(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"
            ).run()
            let applied = Set(try await db.raw("SELECT version FROM schema_migrations").all().map {
                try $0.decode(column: "version", as: Int.self)
            })
            var done: [Int] = []
            for migration in Schema.migrations where !applied.contains(migration.version) {
                for statement in migration.statements + (engine == .postgres ? migration.postgres : migration.sqlite) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await db.insert(into: "schema_migrations").columns("version", "name", "applied_at")
                    .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(now.storedMillis)).run()
                done.append(migration.version)
            }
            return done
        }
    }

    /// The applied schema version, 0 for an empty database.
    public func schemaVersion() async throws -> Int {
        try await read { db in
            do {
                let row = try await db.raw("SELECT MAX(version) AS v FROM schema_migrations").first()
                return try row?.decode(column: "v", as: Int?.self) ?? 0
            } catch {
                return 0
            }
        }
    }

    /// A stored setting, e.g. whether the demo was seeded.
    public func setting(_ key: String) async throws -> String? {
        try await read { db in
            try await db.select().column("value").from("settings").where("key", .equal, key).first()
                .map { try $0.decode(column: "value", as: String.self) }
        }
    }
}

extension SQLDatabase {
    /// Sets a stored setting inside a transaction.
    public func setSetting(_ key: String, _ value: String) async throws {
        try await delete(from: "settings").where("key", .equal, key).run()
        try await insert(into: "settings").columns("key", "value").values(SQLBind(key), SQLBind(value)).run()
    }
}
