import Foundation

/// P8: how promptly a site published, per responsible department (the owner of each item's
/// column): items counted, items over the limit, the average lag, and the late items themselves.
public struct TimelinessReport: Sendable, Equatable {
    /// An item published after its work ended (it has an event date).
    public struct Item: Sendable, Equatable {
        public let id: String, title: String, columnID: String
        public let eventDate: CalendarDay
        public let publishedAt: Date
        public init(id: String, title: String, columnID: String, eventDate: CalendarDay, publishedAt: Date) {
            self.id = id; self.title = title; self.columnID = columnID; self.eventDate = eventDate; self.publishedAt = publishedAt
        }
    }
    /// One department's line. `departmentID` is nil for columns without an owner.
    public struct Line: Sendable, Equatable {
        public let departmentID: String?
        public let count: Int, late: Int
        /// Days from the event to publication, averaged over the department's items.
        public let averageLag: Double
    }
    /// A late item with its lag and department.
    public struct Late: Sendable, Equatable {
        public let item: Item
        public let lagDays: Int
        public let departmentID: String?
    }

    /// Departments with the most late items first, then the most items.
    public let lines: [Line]
    /// In the order the items came (newest publication first).
    public let late: [Late]
    public let total: Int

    /// The report over `items`, each counted for the owner of its column (`owners` by column).
    public init(items: [Item], owners: [String: String]) {
        var sums: [String: (count: Int, late: Int, lag: Int)] = [:]
        var late: [Late] = []
        for item in items {
            let lag = Timeliness.lagDays(eventDate: item.eventDate, publishedAt: item.publishedAt) ?? 0
            let department = owners[item.columnID] ?? ""
            var sum = sums[department, default: (0, 0, 0)]
            sum.count += 1
            sum.lag += max(0, lag)
            if Timeliness.isLate(lagDays: lag) {
                sum.late += 1
                late.append(Late(item: item, lagDays: lag, departmentID: department.isEmpty ? nil : department))
            }
            sums[department] = sum
        }
        lines = sums.sorted { ($0.value.late, $0.value.count, $1.key) > ($1.value.late, $1.value.count, $0.key) }.map { key, v in
            Line(departmentID: key.isEmpty ? nil : key, count: v.count, late: v.late, averageLag: Double(v.lag) / Double(max(v.count, 1)))
        }
        self.late = late
        total = items.count
    }
}
