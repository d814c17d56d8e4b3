import Foundation

/// Table 三 of the 政府信息公开工作年度报告 (国办公开办函〔2021〕30号): 收到和处理政府信息公开申请
/// 情况, applicant columns × result rows, with its check 新收 + 上年结转 = 办结 + 结转下年 per
/// column. Counted from the requests themselves, so each figure opens to the requests behind it. I7, A4.
public struct DisclosureYearTable: Sendable, Equatable {
    /// One line of counts: one per applicant kind, in `ApplicantKind.allCases` order.
    public struct Counts: Sendable, Equatable {
        public var byKind: [ApplicantKind: Int] = [:]
        public var total: Int { byKind.values.reduce(0, +) }
        public init(byKind: [ApplicantKind: Int] = [:]) { self.byKind = byKind }
        public subscript(_ kind: ApplicantKind) -> Int { byKind[kind] ?? 0 }
        /// 法人或其他组织 together.
        public var organisations: Int { byKind.filter { $0.key.isOrganisation }.values.reduce(0, +) }
        mutating func add(_ kind: ApplicantKind) { byKind[kind, default: 0] += 1 }
        public static func + (a: Counts, b: Counts) -> Counts {
            Counts(byKind: a.byKind.merging(b.byKind, uniquingKeysWith: +))
        }
    }

    public let year: Int
    /// 一、本年新收政府信息公开申请数量.
    public var received = Counts()
    /// 二、上年结转政府信息公开申请数量.
    public var carriedIn = Counts()
    /// 三、本年度办理结果, by row.
    public var results: [DisclosureResultRow: Counts] = [:]
    /// 四、结转下年度继续办理.
    public var carriedOut = Counts()
    /// The requests behind each figure (ids), for tracing.
    public var requestIDs: [DisclosureResultRow: [String]] = [:]

    /// （七）总计.
    public var finished: Counts { results.values.reduce(Counts(), +) }

    /// The applicant kinds whose column does not add up (empty when the table checks out).
    public var failedChecks: [ApplicantKind] {
        ApplicantKind.allCases.filter { received[$0] + carriedIn[$0] != finished[$0] + carriedOut[$0] }
    }

    /// The table of `year` from every request received before its end (Asia/Shanghai days).
    public init(year: Int, requests: [DisclosureRequest]) {
        self.year = year
        let first = CalendarDay(checkedYear: year, month: 1, day: 1), last = CalendarDay(checkedYear: year, month: 12, day: 31)
        for r in requests where r.receivedOn <= last {
            let kind = r.applicant.kind
            let finishedOn = r.finishedAt.map(CalendarDay.init)
            if let finishedOn, finishedOn < first { continue }
            if r.receivedOn >= first { received.add(kind) } else { carriedIn.add(kind) }
            if let finishedOn, finishedOn <= last, let row = DisclosureFlow.resultRow(of: r) {
                results[row, default: Counts()].add(kind)
                requestIDs[row, default: []].append(r.id)
            } else {
                carriedOut.add(kind)
            }
        }
    }
}

extension CalendarDay {
    /// 1 January of `year`.
    public static func firstOf(year: Int) -> CalendarDay { CalendarDay(checkedYear: year, month: 1, day: 1) }
}
