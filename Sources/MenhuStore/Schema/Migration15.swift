extension Schema {
    static let v15 = Migration(
        version: 15, name: "login back-off per username and address (no account lockout)",
        statements: [
            // O6, X1: failed logins counted per (username, address) digest; a success clears its row.
            "CREATE TABLE login_backoff (key TEXT PRIMARY KEY, failures BIGINT NOT NULL, last_failure_at BIGINT NOT NULL)",
            "CREATE INDEX login_backoff_at ON login_backoff (last_failure_at)",
            "UPDATE accounts SET locked_until = NULL",
        ])
}
