import Foundation
import MenhuCore
import SQLKit

/// A site's changes to its theme: each row holds the live value and a draft. A draft of ""
/// means "back to the theme's own". Publishing makes the drafts live in one transaction. W2.
public enum ThemeOverrideRecords {
    /// What a site's pages show now, and what its preview shows (the drafts over the live values).
    public struct State: Sendable, Equatable {
        public var live: ThemeOverrides
        public var preview: ThemeOverrides
        /// Names with an unpublished draft.
        public var drafted: Set<String>
        public var hasDraft: Bool { !drafted.isEmpty }
    }

    public static func state(siteID: String, on db: any SQLDatabase) async throws -> State {
        var live: [String: String] = [:], preview: [String: String] = [:], drafted = Set<String>()
        for row in try await db.select(ThemeOverrideRow.self).where("site_id", .equal, siteID).all(decoding: ThemeOverrideRow.self) {
            if let value = row.live, !value.isEmpty { live[row.name] = value }
            if row.draft != nil { drafted.insert(row.name) }
            if let value = row.draft ?? row.live, !value.isEmpty { preview[row.name] = value }
        }
        return State(live: ThemeOverrides(values: live), preview: ThemeOverrides(values: preview), drafted: drafted)
    }

    /// Sets the draft of `name` ("" = back to the theme's own).
    public static func setDraft(siteID: String, name: String, value: String, by: String, at: Date, on db: any SQLDatabase) async throws {
        let updated = try await db.update("theme_overrides").set("draft", to: SQLBind(value)).set("updated_at", to: SQLBind(at.storedMillis))
            .set("updated_by", to: SQLBind(by)).where("site_id", .equal, siteID).where("name", .equal, name)
            .returning("name").all()
        if updated.isEmpty {
            try await db.insert(
                ThemeOverrideRow(siteID: siteID, name: name, draft: value, live: nil, updatedAt: at.storedMillis, updatedBy: by)
            ).run()
        }
    }

    /// Makes every draft live; the site's pages are dropped from every instance's cache.
    public static func publish(siteID: String, on db: any SQLDatabase) async throws {
        try await db.update("theme_overrides").set("live", to: SQLColumn("draft")).set("draft", to: SQLLiteral.null)
            .where("site_id", .equal, siteID).where("draft", .isNot, SQLLiteral.null).run()
        try await db.delete(from: "theme_overrides").where("site_id", .equal, siteID).where("live", .equal, "").run()
        try await PageChangeRecords.siteChanged(siteID, on: db)
    }

    /// Forgets every draft.
    public static func discard(siteID: String, on db: any SQLDatabase) async throws {
        try await db.update("theme_overrides").set("draft", to: SQLLiteral.null).where("site_id", .equal, siteID).run()
        try await db.delete(from: "theme_overrides").where("site_id", .equal, siteID).where("live", .is, SQLLiteral.null).run()
    }
}
