import Foundation
import MenhuCore

/// A row of `background_tasks`.
struct BackgroundTaskRow: TableRow {
    static let table = "background_tasks"

    var id: String
    var kind: String
    var scope: String
    var requestedBy: String
    var requestedAt: Int
    var startedAt: Int? = nil
    /// The instance that claimed it.
    var claimedBy: String? = nil
    var finishedAt: Int? = nil
    var result: String = ""
    var failed: Int = 0

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, kind, scope, requestedBy = "requested_by", requestedAt = "requested_at", startedAt = "started_at"
        case claimedBy = "claimed_by", finishedAt = "finished_at", result, failed
    }
}

extension BackgroundTaskRow {
    func model() -> BackgroundTask {
        BackgroundTask(
            id: id, kind: kind, scope: scope, requestedBy: requestedBy, requestedAt: Date(storedMillis: requestedAt),
            startedAt: startedAt.storedDate, finishedAt: finishedAt.storedDate, result: result, failed: failed != 0)
    }
}
