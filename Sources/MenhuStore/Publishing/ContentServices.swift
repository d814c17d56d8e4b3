import Foundation
import MenhuCore
import SQLKit

/// The stored names of the background tasks and what people call them (MenhuJobs.TaskKind gives
/// each kind its job).
public enum BackgroundTaskKind {
    /// P10: re-check every live page of a site (scope: its id, or `*`) against the word lists.
    public static let recheck = "recheck"
    /// Rewrite the PostgreSQL search vectors written by an older build.
    public static let searchVectors = SearchIndex.vectorTask
    /// M1, M2: the daily self-inspection (live pages re-checked, every link followed).
    public static let inspection = "inspection"
    /// P11: the links of a site's live pages (scope: its id, or `*`), when a site admin asks.
    public static let links = "links"

    /// What people call a kind (the console and the log name tasks by it).
    public static func label(_ kind: String) -> String {
        switch kind {
        case recheck: "已发布信息复查"
        case searchVectors: "重建站内搜索索引"
        case inspection: "日常自查"
        case links: "链接巡检"
        default: kind
        }
    }
}

/// Uploads (附件与图片, P12): a file and its event in one transaction.
public struct FileService: Sendable {
    public let database: Database
    public let clock: any WallClock

    public init(database: Database, clock: any WallClock) { self.database = database; self.clock = clock }

    /// Checks and stores an upload of `siteID`; `extracted` is the text the content gate will read.
    public func upload(
        _ data: Data, name: String, caption: String, siteID: String, by actor: Actor,
        extracted: FileText.Extracted
    ) async throws -> StoredFile {
        let now = clock.now()
        return try await database.write { db in
            try await Self.upload(data, name: name, caption: caption, siteID: siteID, by: actor, now: now, extracted: extracted, on: db)
        }
    }

    /// The same inside a transaction already open (the demo seeds its pictures in its own).
    public static func upload(
        _ data: Data, name: String, caption: String, siteID: String, by actor: Actor, now: Date,
        extracted: FileText.Extracted, on db: any SQLDatabase
    ) async throws -> StoredFile {
        let file = try await FileRecords.insert(
            data, name: name, caption: caption, siteID: siteID, by: actor, now: now,
            extracted: extracted, on: db)
        try await AuditRecords.append(
            actor.event(
                "file.upload", "file", file.id, siteID: siteID,
                summary: "上传\(file.kind.isImage ? "图片" : "附件")“\(file.name)”（\(file.size / 1024) KB）", requirement: "P12", at: now), on: db)
        return file
    }
}

/// The content gate's editable word lists (P10): each change with its event and a re-check of
/// the live pages it affects, in one transaction.
public struct DictionaryService: Sendable {
    public let database: Database
    public let clock: any WallClock

    public init(database: Database, clock: any WallClock) { self.database = database; self.clock = clock }

    /// Adds entries to the platform's list (`siteID` nil) or a site's; returns how many were new.
    public func add(
        _ entries: [(text: String, category: String, blocks: Bool, suggestion: String)], siteID: String?,
        by actor: Actor
    ) async throws -> Int {
        let now = clock.now()
        return try await database.write { db in
            let added = try await DictionaryRecords.add(entries, siteID: siteID, by: actor, now: now, on: db)
            guard added > 0 else { return 0 }
            try await AuditRecords.append(
                actor.event(
                    "dictionary.add", "dictionary", siteID ?? "platform", siteID: siteID,
                    summary: "词库新增 \(added) 条\(entries.count > 1 ? "（导入 \(entries.count) 条）" : "：\(entries.first?.text ?? "")")",
                    requirement: "P10", at: now), on: db)
            try await Self.requestRecheck(siteID: siteID, by: actor, at: now, on: db)
            return added
        }
    }

    /// Removes an entry of the platform's list or a site's.
    public func remove(id: String, siteID: String?, by actor: Actor) async throws {
        let now = clock.now()
        try await database.write { db in
            let entry = try await DictionaryRecords.remove(id: id, siteID: siteID, on: db)
            try await AuditRecords.append(
                actor.event(
                    "dictionary.remove", "dictionary", siteID ?? "platform", siteID: siteID,
                    summary: "词库删除“\(entry.text)”", requirement: "P10", at: now), on: db)
            try await Self.requestRecheck(siteID: siteID, by: actor, at: now, on: db)
        }
    }

    /// P10: asks for a background re-check of a site's live pages (every site's for the platform's list).
    public static func requestRecheck(siteID: String?, by actor: Actor, at now: Date, on db: any SQLDatabase) async throws {
        try await BackgroundTaskRecords.request(BackgroundTaskKind.recheck, scope: siteID ?? "*", by: actor.name, at: now, on: db)
    }
}
