import Foundation
import MenhuChecks
import MenhuCore
import MenhuStore

/// The content gate (MenhuChecks) with this application's settings and database: the picture
/// size limit, and the titles already published.
extension ContentGate {
    /// What the gate finds in an item, with the picture limit of `env` (`MENHU_IMAGE_LIMIT_KB`).
    static func findings(_ c: ArticleContent, facts: GateFacts, env: WebEnvironment) -> [Finding] {
        findings(c, facts: facts, imageByteLimit: env.imageByteLimit)
    }

    /// P12: a title already used in the same column within 90 days (a warning shown with the others).
    static func duplicateTitle(_ c: ArticleContent, excluding id: String?, env: WebEnvironment) async throws -> Finding? {
        guard !c.title.isEmpty, !c.columnID.isEmpty else { return nil }
        let since = env.clock.now().addingTimeInterval(-duplicateTitleWindow)
        guard
            let other = try await env.database.read({ db in
                try await PublishingRecords.duplicateTitle(c.title, columnID: c.columnID, excluding: id, since: since, on: db)
            })
        else { return nil }
        return duplicateTitle(c.title, publishedAt: other.publishedAt)
    }
}
