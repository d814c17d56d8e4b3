import Foundation

/// 工作日历: which Asia/Shanghai days are working days. Built from the statutory holidays and 调休
/// make-up working days shipped with Menhu (2004 on, from the 国务院办公厅 notices via chinese-calendar)
/// and the notices the platform admin adds; a notice for a year replaces the built-in days of that
/// year. Letters (I2, I3) and disclosure requests (I7) count their deadlines on it.
public struct WorkingCalendar: Sendable, Equatable {
    /// A day a holiday notice names: off (放假) or a weekend day worked (调休上班).
    public struct SpecialDay: Sendable, Hashable {
        /// Whether a notice gives the day off or makes it a working day.
        public enum Kind: String, Sendable, Hashable {
            /// 放假: a day off, a weekday or a weekend inside the holiday.
            case dayOff = "off"
            /// 调休上班: a Saturday or Sunday that is a working day.
            case makeUpWorkday = "work"
        }

        public let day: CalendarDay
        public let kind: Kind
        /// The festival it belongs to (春节, 国庆节…), as the notice names it; may be empty.
        public let festival: String

        public init(day: CalendarDay, kind: Kind, festival: String) {
            self.day = day; self.kind = kind; self.festival = festival
        }
    }

    /// What one day is when deadlines are counted.
    public enum DayKind: Sendable, Hashable {
        /// 工作日: Monday to Friday, not a day off.
        case workday
        /// 休息日: Saturday or Sunday, not a make-up working day.
        case weekend
        /// 法定节假日放假 of the named festival.
        case holiday(String)
        /// 调休上班: a weekend day worked for the named festival.
        case makeUpWorkday(String)

        /// I2: a working day is a weekday that is not a holiday, or a make-up Saturday or Sunday.
        public var isWorking: Bool {
            switch self {
            case .workday, .makeUpWorkday: true
            case .weekend, .holiday: false
            }
        }

        /// `工作日`, `休息日`, `国庆节放假`, `调休上班`.
        public var label: String {
            switch self {
            case .workday: "工作日"
            case .weekend: "休息日"
            case .holiday(let festival): festival + "放假"
            case .makeUpWorkday: "调休上班"
            }
        }
    }

    /// Where a year's days come from.
    public enum YearSource: Sendable, Hashable {
        /// The data shipped with Menhu (`holiday-calendar.tsv`).
        case builtIn
        /// A notice the platform admin added (its 文号, else its title).
        case notice(id: String, document: String)
    }

    /// Notice year → its days.
    private var years: [Int: [SpecialDay]]
    private var sources: [Int: YearSource]
    /// Day number → what the notices say of it; later notice years win a day both name.
    private var special: [Int: SpecialDay]
    /// The platform's working hours (I3: half days are counted in them).
    public var workingHours: WorkingHours

    /// The built-in days with `notices` applied in order (a later notice for a year replaces an
    /// earlier one), counted in `workingHours`.
    public init(notices: [CalendarNotice] = [], workingHours: WorkingHours = .standard) {
        self = Self.builtIn
        self.workingHours = workingHours
        for notice in notices { apply(notice) }
    }

    /// A calendar of exactly these years' days, nothing built in.
    public init(years: [Int: [SpecialDay]], workingHours: WorkingHours = .standard) {
        self.years = years
        self.sources = years.mapValues { _ in .builtIn }
        self.special = [:]
        self.workingHours = workingHours
        rebuild()
    }

    /// The data shipped with Menhu, from `scripts/generate-holiday-calendar.py`.
    public static let builtIn: WorkingCalendar = {
        guard let url = Bundle.module.url(forResource: "holiday-calendar", withExtension: "tsv"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { fatalError("MenhuCore resource holiday-calendar.tsv is missing from the build") }
        var years: [Int: [SpecialDay]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count == 4, let year = Int(f[0]), let day = CalendarDay(String(f[1])),
                let kind = SpecialDay.Kind(rawValue: String(f[2]))
            else { fatalError("holiday-calendar.tsv: bad line \(line)") }
            years[year, default: []].append(SpecialDay(day: day, kind: kind, festival: String(f[3])))
        }
        return WorkingCalendar(years: years)
    }()

    /// Makes `notice` the whole of its year's days (the built-in ones, or an earlier notice's, go).
    public mutating func apply(_ notice: CalendarNotice) {
        years[notice.year] = notice.days
        sources[notice.year] = .notice(id: notice.id, document: notice.documentNumber.isEmpty ? notice.documentTitle : notice.documentNumber)
        rebuild()
    }

    private mutating func rebuild() {
        special = [:]
        for year in years.keys.sorted() {
            for s in years[year] ?? [] { special[s.day.dayNumber] = s }
        }
    }

    /// What `day` is: a holiday or make-up day of a notice, else a weekday or a weekend.
    public func kind(of day: CalendarDay) -> DayKind { kind(dayNumber: day.dayNumber) }

    func kind(dayNumber: Int) -> DayKind {
        if let s = special[dayNumber] {
            switch s.kind {
            case .dayOff: return .holiday(s.festival)
            case .makeUpWorkday: return .makeUpWorkday(s.festival)
            }
        }
        return CalendarDay(dayNumber: dayNumber).isWeekend ? .weekend : .workday
    }

    /// I2: whether people work on `day`.
    public func isWorkingDay(_ day: CalendarDay) -> Bool { kind(of: day).isWorking }

    /// The notice years the calendar knows, in order; a day outside them is counted by weekends only.
    public var coveredYears: [Int] { years.keys.sorted() }

    /// Whether the holidays of `year` are known (built in or from a notice).
    public func covers(year: Int) -> Bool { years[year] != nil }

    /// Where the days of `year` come from; nil for a year not covered.
    public func source(ofYear year: Int) -> YearSource? { sources[year] }

    /// The days off and make-up days of `year`'s notice, in date order (for the year's calendar page).
    public func specialDays(ofYear year: Int) -> [SpecialDay] {
        (years[year] ?? []).sorted { ($0.day, $0.kind.rawValue) < ($1.day, $1.kind.rawValue) }
    }

    /// I2, I7: the due date of a deadline of `workingDays` whole working days. The day received is
    /// day 0 and does not count (民法典 §201: 开始的当日不计入), whatever it is; each following working
    /// day counts one — a weekday that is not a holiday, or a make-up Saturday or Sunday — and a
    /// holiday or weekend does not. Zero working days is the day received.
    public func dueDate(receivedOn received: CalendarDay, workingDays: Int) -> CalendarDay {
        CalendarDay(dayNumber: countedDays(after: received.dayNumber, workingDays: workingDays).last ?? received.dayNumber)
    }

    /// I2: how many working days after `from` up to and including `to` (0 when `to` is not later):
    /// the length a step took, counted as deadlines are (day 0 not counted).
    public func workingDays(after from: CalendarDay, through to: CalendarDay) -> Int {
        guard to > from else { return 0 }
        return (from.dayNumber + 1...to.dayNumber).filter { kind(dayNumber: $0).isWorking }.count
    }

    /// The day numbers of the `workingDays` working days after `day`.
    private func countedDays(after day: Int, workingDays: Int) -> [Int] {
        var counted: [Int] = []
        var d = day
        while counted.count < workingDays {
            d += 1
            if kind(dayNumber: d).isWorking { counted.append(d) }
        }
        return counted
    }

    /// When a deadline of `workingDays` from the instant `received` ends (Asia/Shanghai days).
    ///
    /// - Whole days (I2, I7) are counted as `dueDate(receivedOn:workingDays:)` counts them, and the
    ///   deadline ends when work stops on the last day (民法典 §203: 有业务时间的，停止业务活动的时间为截止时间).
    /// - A length with a half day (I3: 0.5 working day) is a period of working hours, counted from
    ///   the moment of receipt (民法典 §201: 按照小时计算期间的，自…时间开始计算): `workingDays` ×
    ///   `workingHours.minutesPerDay`, only inside the working hours of working days; received outside
    ///   them, the clock starts when work next starts. So 0.5 received at 10:00 on a working day ends at
    ///   15:00 that day (3.5 of the default 7 hours), and 1.5 received then ends at 15:00 the next working
    ///   day — before 1 working day, which leaves the rest of the day of receipt free and ends at 17:30.
    public func due(receivedAt received: Date, workingDays: WorkingDays) -> Date {
        if workingDays.isWhole {
            let day = dueDate(receivedOn: CalendarDay(received), workingDays: workingDays.wholeDays)
            return Self.instant(day.dayNumber, second: workingHours.closing * 60)
        }
        return hourStretches(from: received, workingDays: workingDays).last!.end
    }

    /// One stretch of working time a half-day deadline uses.
    struct Stretch {
        let dayNumber: Int
        let startSecond: Int
        let endSecond: Int
        var end: Date { WorkingCalendar.instant(dayNumber, second: endSecond) }
    }

    /// I3: the stretches of working time, from `received` on, that make up `workingDays`.
    func hourStretches(from received: Date, workingDays: WorkingDays) -> [Stretch] {
        var remaining = workingDays.halfDays * workingHours.minutesPerDay * 30
        var day = CalendarDay(received).dayNumber
        var second = Int((received.timeIntervalSince1970 - Self.instant(day, second: 0).timeIntervalSince1970).rounded(.down))
        var stretches: [Stretch] = []
        while remaining > 0 {
            if kind(dayNumber: day).isWorking {
                for period in workingHours.periods where remaining > 0 {
                    let start = max(period.start * 60, second)
                    let end = min(period.end * 60, start + remaining)
                    if start < end {
                        stretches.append(Stretch(dayNumber: day, startSecond: start, endSecond: end))
                        remaining -= end - start
                    }
                }
            }
            day += 1
            second = 0
        }
        return stretches
    }

    /// The instant `second` seconds after the start of the day `dayNumber` in Asia/Shanghai, which
    /// has kept UTC+8 without daylight saving since 1991.
    static func instant(_ dayNumber: Int, second: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(dayNumber * 86_400 - 8 * 3600 + second))
    }

    /// I2, I7: how a whole-day deadline was counted, day by day.
    public func explain(receivedOn received: CalendarDay, workingDays: Int) -> DeadlineExplanation {
        let counted = countedDays(after: received.dayNumber, workingDays: workingDays)
        let last = counted.last ?? received.dayNumber
        return DeadlineExplanation(
            receivedOn: received, receivedAt: nil, workingDays: WorkingDays(workingDays),
            counted: counted.map { DeadlineExplanation.CountedDay(day: CalendarDay(dayNumber: $0), kind: kind(dayNumber: $0), hours: []) },
            holidays: holidays(between: received.dayNumber, and: last), due: CalendarDay(dayNumber: last),
            dueAt: Self.instant(last, second: workingHours.closing * 60), workingHours: workingHours,
            uncoveredYears: uncoveredYears(received.dayNumber, last))
    }

    /// I2, I3, I7: how a deadline from the instant `received` was counted: whole days as
    /// `explain(receivedOn:workingDays:)`, a half day by the working hours it used.
    public func explain(receivedAt received: Date, workingDays: WorkingDays) -> DeadlineExplanation {
        if workingDays.isWhole {
            var whole = explain(receivedOn: CalendarDay(received), workingDays: workingDays.wholeDays)
            whole.receivedAt = received
            return whole
        }
        let stretches = hourStretches(from: received, workingDays: workingDays)
        var counted: [DeadlineExplanation.CountedDay] = []
        for s in stretches {
            let hours = DeadlineExplanation.Hours(start: s.startSecond, end: s.endSecond)
            if let last = counted.last, last.day.dayNumber == s.dayNumber {
                counted[counted.count - 1].hours.append(hours)
            } else {
                counted.append(.init(day: CalendarDay(dayNumber: s.dayNumber), kind: kind(dayNumber: s.dayNumber), hours: [hours]))
            }
        }
        let first = CalendarDay(received).dayNumber, last = stretches.last!.dayNumber
        return DeadlineExplanation(
            receivedOn: CalendarDay(received), receivedAt: received, workingDays: workingDays, counted: counted,
            holidays: holidays(between: first, and: last), due: CalendarDay(dayNumber: last), dueAt: stretches.last!.end,
            workingHours: workingHours, uncoveredYears: uncoveredYears(first, last))
    }

    /// The days off strictly after `first` and up to `last`, which the count passed over.
    private func holidays(between first: Int, and last: Int) -> [DeadlineExplanation.Holiday] {
        guard first < last else { return [] }
        return (first + 1...last).compactMap { d in
            if case .holiday(let festival) = kind(dayNumber: d) { return .init(day: CalendarDay(dayNumber: d), festival: festival) }
            return nil
        }
    }

    /// The calendar years from `first` to `last` (day numbers) whose notice the calendar lacks.
    private func uncoveredYears(_ first: Int, _ last: Int) -> [Int] {
        (CalendarDay(dayNumber: first).year...CalendarDay(dayNumber: last).year).filter { !covers(year: $0) }
    }
}
