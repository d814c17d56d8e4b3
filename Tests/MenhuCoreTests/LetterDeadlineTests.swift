import Foundation
import MenhuCore
import Testing

/// An instant in Asia/Shanghai: `shanghai("2025-09-30", "10:00")`.
func shanghai(_ day: String, _ time: String = "10:00") -> Date {
    let parts = time.split(separator: ":").map { Int($0)! }
    return CalendarDay(day)!.start.addingTimeInterval(TimeInterval(parts[0] * 3600 + parts[1] * 60))
}

@Suite struct LetterDeadlineTests {
    let calendar = WorkingCalendar.builtIn

    func letter(_ state: LetterState, received: Date, kind: ChannelKind = .consultation) -> Letter {
        var l = Letter(
            siteID: "s", channelID: "c", channelKind: kind, number: "2025093000001", title: "标题标题", body: "内容内容内容内容内容",
            writer: LetterWriter(), wantsPublic: true, receivedAt: received)
        l.state = state
        return l
    }

    /// The research note's worked examples (§4.3) and our own around Spring Festival, National Day and
    /// make-up Saturdays of 2024–2026: (received, working days, due day). I2, I3.
    @Test(arguments: [
        // 2025 National Day: 转办 3 ends on the make-up Saturday 10-11; 答复 5 on 10-14; 找错 1 on 10-09.
        ("2025-09-30", 3, "2025-10-11"), ("2025-09-30", 5, "2025-10-14"), ("2025-09-30", 1, "2025-10-09"),
        // 找错 received on the working Saturday 2025-10-11: the Saturday is day 0, Monday day 1.
        ("2025-10-11", 1, "2025-10-13"),
        // 2025 Spring Festival (1-28…2-4 off; 1-26 Sunday and 2-8 Saturday worked).
        ("2025-01-24", 5, "2025-02-07"), ("2025-01-24", 3, "2025-02-05"), ("2025-01-25", 1, "2025-01-26"),
        // 2024 Spring Festival (2-10…2-17 off; Sunday 2-18 worked): 2-09, 2-18, 2-19.
        ("2024-02-08", 3, "2024-02-19"), ("2024-02-08", 5, "2024-02-21"),
        // 2024 National Day (10-1…10-7 off; Sunday 9-29 and Saturday 10-12 worked).
        ("2024-09-27", 3, "2024-10-08"), ("2024-09-27", 5, "2024-10-10"), ("2024-10-11", 1, "2024-10-12"),
        ("2024-10-12", 1, "2024-10-14"),
        // 2026 Spring Festival (2-15…2-23 off; Saturdays 2-14 and 2-28 worked).
        ("2026-02-13", 3, "2026-02-25"), ("2026-02-13", 5, "2026-02-27"), ("2026-02-13", 6, "2026-02-28"),
        // 2026 中秋 and National Day (9-25…9-27 and 10-1…10-7 off; Saturday 10-10 worked).
        ("2026-09-24", 3, "2026-09-30"), ("2026-09-30", 3, "2026-10-10"), ("2026-09-30", 5, "2026-10-13"),
    ])
    func wholeDayDeadlinesFollowTheHolidayNotices(received: String, days: Int, due: String) {
        let at = shanghai(received, "15:20")
        let d = LetterDeadline.current(
            of: letter(.submitted, received: at),
            deadlines: LetterDeadlines(
                transfer: WorkingDays(days), sign: WorkingDays(1), reply: WorkingDays(5), review: WorkingDays(halfDays: 1),
                escalation: WorkingDays(5), extensionLength: WorkingDays(10)), calendar: calendar)!
        #expect(d.step == .transfer)
        #expect(d.dueDay == CalendarDay(due)!, "\(received) + \(days)")
        // Whole days end when work stops on the due day (17:30).
        #expect(d.due == shanghai(due, "17:30"))
    }

    @Test func theReplyIsCountedFromTheTransferAndAnExtensionAddsDays() {
        var l = letter(.signed, received: shanghai("2025-09-28"))
        l.transferredAt = shanghai("2025-09-30", "09:30")
        l.replyFrom = l.transferredAt
        l.replyLength = WorkingDays(5)
        #expect(LetterDeadline.current(of: l, deadlines: .standard, calendar: calendar)?.dueDay == CalendarDay("2025-10-14"))
        l.replyLength = WorkingDays(15)
        // 10-09 … 10-29: 15 working days after 09-30 with the make-up Saturday 10-11.
        #expect(LetterDeadline.current(of: l, deadlines: .standard, calendar: calendar)?.dueDay == CalendarDay("2025-10-28"))
    }

    @Test func theReviewTakesHalfAWorkingDayInWorkingHours() {
        var l = letter(.answered, received: shanghai("2025-09-20"))
        // Answered at 16:00 on the last working day before National Day: 1.5 h that day, 2 h on 10-09.
        l.reply = LetterReply(text: "答复", departmentID: "d", byID: "a", byName: "甲", at: shanghai("2025-09-30", "16:00"))
        let review = LetterDeadline.current(of: l, deadlines: .standard, calendar: calendar)!
        #expect(review.step == .review && review.length == WorkingDays(halfDays: 1))
        #expect(review.due == shanghai("2025-10-09", "11:00"))
        // Answered at 10:00 on a working day: 2 h in the morning, 1.5 h after lunch.
        l.reply!.at = shanghai("2025-10-09", "10:00")
        #expect(LetterDeadline.current(of: l, deadlines: .standard, calendar: calendar)?.due == shanghai("2025-10-09", "15:00"))
    }

    @Test func anEscalationCountsWhenEarlierThanTheReply() {
        var l = letter(.handling, received: shanghai("2025-03-01"))
        l.replyFrom = shanghai("2025-03-03")
        l.replyLength = WorkingDays(15)
        l.supervisedAt = shanghai("2025-03-04")
        let d = LetterDeadline.current(of: l, deadlines: .standard, calendar: calendar)!
        #expect(d.step == .escalation && d.dueDay == CalendarDay("2025-03-11"))
        l.replyLength = WorkingDays(2)
        #expect(LetterDeadline.current(of: l, deadlines: .standard, calendar: calendar)?.step == .reply)
    }

    @Test func noDeadlineRunsOnceTheReplyIsReviewedOrTheLetterIsFinished() {
        for state in [LetterState.rejected, .approved, .published, .closed, .merged] {
            #expect(LetterDeadline.current(of: letter(state, received: shanghai("2025-03-03")), deadlines: .standard, calendar: calendar) == nil)
        }
    }

    @Test func timelinessAtAnInstant() {
        let due = shanghai("2025-10-14", "17:30")
        #expect(LetterTimeliness.of(due: due, at: shanghai("2025-10-13", "17:00")) == .onTime)
        #expect(LetterTimeliness.of(due: due, at: shanghai("2025-10-14", "08:00")) == .dueToday)
        #expect(LetterTimeliness.of(due: due, at: shanghai("2025-10-14", "17:30")) == .dueToday)
        #expect(LetterTimeliness.of(due: due, at: shanghai("2025-10-14", "17:31")) == .overdue)
        #expect(LetterTimeliness.of(due: nil, at: due) == .none)
    }

    @Test func theVetoWatchCountsUnansweredConsultationsByCalendarMonths() {
        let received = shanghai("2025-01-15")
        let open = letter(.transferred, received: received)
        #expect(VetoWatch.of(open, at: shanghai("2025-03-15", "09:00")) == .clear)
        #expect(VetoWatch.of(open, at: shanghai("2025-03-16")) == .warning)
        #expect(VetoWatch.of(open, at: shanghai("2025-04-15", "09:00")) == .warning)
        #expect(VetoWatch.of(open, at: shanghai("2025-04-16")) == .veto)
        // Answered (reviewed), refused, or another kind of channel: not watched.
        #expect(VetoWatch.of(letter(.approved, received: received), at: shanghai("2025-06-01")) == .clear)
        #expect(VetoWatch.of(letter(.rejected, received: received), at: shanghai("2025-06-01")) == .clear)
        #expect(VetoWatch.of(letter(.transferred, received: received, kind: .complaint), at: shanghai("2025-06-01")) == .clear)
        // A reply waiting for review has not reached the writer.
        #expect(VetoWatch.of(letter(.answered, received: received), at: shanghai("2025-06-01")) == .veto)
    }

    @Test func channelDefaultsFollowTheRegulations() {
        let channels = LetterChannel.defaults(siteID: "s", now: shanghai("2025-01-01"))
        #expect(channels.map(\.kind) == ChannelKind.allCases)
        #expect(channels.map(\.name) == ["政务咨询", "投诉举报", "建言献策", "领导信箱", "政风行风", "网站找错"])
        let standard = channels[0].deadlines
        #expect(standard.transfer == WorkingDays(3) && standard.sign == WorkingDays(1) && standard.reply == WorkingDays(5))
        #expect(standard.review == WorkingDays("0.5") && standard.escalation == WorkingDays(5))
        let siteError = channels.first { $0.kind == .siteError }!.deadlines
        #expect(siteError.transfer == WorkingDays(1) && siteError.reply == WorkingDays(1))
        #expect(channels.allSatisfy(\.publishesReplies) && channels.allSatisfy(\.accepting))
    }

    @Test func theChannelFormReadsDeadlinesAndRefusesNonsense() throws {
        let base = LetterChannel(siteID: "s", kind: .leaderMailbox, name: "领导信箱", createdAt: shanghai("2025-01-01"))
        let read = try base.reading([
            "name": "市长信箱", "transfer": "2", "reply": "10", "review": "0.5", "publishesReplies": "1", "accepting": "1",
            "required": "name,phone,email", "contactDetails": "电话 0791-12345678", "ownerDepartmentIDs": "d1, d2",
        ])
        #expect(read.name == "市长信箱" && read.deadlines.transfer == WorkingDays(2) && read.deadlines.reply == WorkingDays(10))
        #expect(read.requiredContacts == [.name, .phone, .email] && read.ownerDepartmentIDs == ["d1", "d2"])
        #expect(read.contactDetails == "电话 0791-12345678")
        do {
            _ = try base.reading(["name": "", "transfer": "0", "reply": "2.3", "required": "fax"])
            Issue.record("should refuse")
        } catch let errors as FieldErrors {
            #expect(errors.message(for: "name") == "请填写渠道名称")
            #expect(errors.message(for: "transfer")?.hasPrefix("转办时限应为 0.5 至 30") == true)
            #expect(errors.message(for: "reply") != nil && errors.message(for: "required") != nil)
        }
    }
}
