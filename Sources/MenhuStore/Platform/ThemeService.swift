import Foundation
import MenhuCore
import SQLKit

/// W2: a site's changes to its theme — drafts, then published or thrown away — each with its
/// event in one transaction.
public struct ThemeService: Sendable {
    public let database: Database
    public let clock: any WallClock

    public init(database: Database, clock: any WallClock) { self.database = database; self.clock = clock }

    /// Drafts the main colour, logo and banner ("" for the theme's own); only what changed is written.
    public func draftLook(siteID: String, colour: String, logo: String, banner: String, by actor: Actor) async throws {
        let now = clock.now()
        try await database.write { db in
            let current = try await ThemeOverrideRecords.state(siteID: siteID, on: db).preview
            let wanted: [(String, String, String?)] = [
                (ThemeOverrides.colourKey, colour, current.primaryColour),
                (ThemeOverrides.logoKey, logo, current.logoURL),
                (ThemeOverrides.bannerKey, banner, current.bannerURL),
            ]
            for (name, value, before) in wanted where value != (before ?? "") {
                try await ThemeOverrideRecords.setDraft(siteID: siteID, name: name, value: value, by: actor.name, at: now, on: db)
            }
            try await AuditRecords.append(
                actor.event(
                    "theme.draft", "site", siteID, siteID: siteID,
                    summary: "修改主题草稿：主色\(colour.isEmpty ? "默认" : colour)，标志\(logo.isEmpty ? "无" : "已设")，头图\(banner.isEmpty ? "无" : "已设")",
                    requirement: "W2", at: now), on: db)
        }
    }

    /// Drafts a template of the site's own (checked by the caller), or its reset to the theme's.
    public func draftTemplate(siteID: String, name: String, text: String, reset: Bool, by actor: Actor) async throws {
        let now = clock.now()
        try await database.write { db in
            try await ThemeOverrideRecords.setDraft(
                siteID: siteID, name: ThemeOverrides.templatePrefix + name, value: reset ? "" : text,
                by: actor.name, at: now, on: db)
            try await AuditRecords.append(
                actor.event(
                    "theme.draft", "site", siteID, siteID: siteID,
                    summary: reset ? "模板“\(name)”恢复主题原样（草稿）" : "修改模板“\(name)”（草稿）", requirement: "W2", at: now), on: db)
        }
    }

    /// Makes the drafts live on every instance at once (`publish`), or throws them away.
    public func finishDrafts(siteID: String, publish: Bool, by actor: Actor) async throws {
        let now = clock.now()
        try await database.write { db in
            let state = try await ThemeOverrideRecords.state(siteID: siteID, on: db)
            guard state.hasDraft else { throw ServiceError.refused("没有尚未发布的草稿") }
            if publish {
                try await ThemeOverrideRecords.publish(siteID: siteID, on: db)
            } else {
                try await ThemeOverrideRecords.discard(siteID: siteID, on: db)
            }
            try await AuditRecords.append(
                actor.event(
                    publish ? "theme.publish" : "theme.discard", "site", siteID, siteID: siteID,
                    summary: (publish ? "发布主题草稿：" : "放弃主题草稿：") + state.drafted.sorted().joined(separator: "、"),
                    requirement: "W2", at: now), on: db)
        }
    }
}
