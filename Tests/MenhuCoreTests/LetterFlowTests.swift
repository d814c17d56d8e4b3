import Foundation
import MenhuCore
import Testing

private let site = "site-1"
private let lead = "dept-lead"
private let other = "dept-other"

/// A person with one role on the site (platform-wide for the platform roles), working in `department`.
private func person(_ id: String, _ role: Role, department: String? = lead) -> LetterActor {
    let platformOnly: Set<Role> = [.platformAdmin]
    let grant = RoleGrant(accountID: id, role: role, siteID: platformOnly.contains(role) ? nil : site, columnID: nil)
    return LetterActor(accountID: id, name: id, departmentIDs: department.map { [$0, "unit"] } ?? [], grants: [grant])
}

private let manager = person("manager", .siteAdmin, department: nil)
private let answerer = person("answerer", .editor)
private let head = person("head", .departmentHead)

private func channel(publishes: Bool = true) -> LetterChannel {
    LetterChannel(
        id: "ch", siteID: site, kind: .consultation, name: "政务咨询", ownerDepartmentIDs: [lead], publishesReplies: publishes,
        createdAt: shanghai("2025-01-01"))
}

private func context(_ now: Date, publishes: Bool = true) -> LetterContext {
    LetterContext(channel: channel(publishes: publishes), calendar: .builtIn, now: now)
}

private func newLetter(wantsPublic: Bool = true) -> Letter {
    Letter(
        id: "L1", siteID: site, channelID: "ch", channelKind: .consultation, number: "2025093000001", title: "公交线路咨询",
        body: "请问 12 路公交什么时候恢复运营？", writer: LetterWriter(name: "张三", phone: "13800138000"), wantsPublic: wantsPublic,
        receivedAt: shanghai("2025-09-30", "09:00"))
}

/// Takes `action`, expecting it to be allowed, and returns the letter as it becomes.
@discardableResult
private func take(
    _ action: LetterAction, _ letter: inout Letter, by actor: LetterActor, input: LetterInput = LetterInput(), at now: Date,
    publishes: Bool = true
) throws -> LetterDecision {
    let decision = try LetterFlow.decide(action, on: letter, by: actor, input: input, context: context(now, publishes: publishes)).get()
    letter = decision.letter
    return decision
}

/// A letter standing in `state`, with everything each state implies (departments, times, reply).
private func letter(in state: LetterState) -> Letter {
    var l = newLetter()
    l.state = state
    if ![.submitted, .accepted, .rejected, .merged].contains(state) {
        l.leadDepartmentID = lead
        l.transferredAt = shanghai("2025-09-30", "10:00")
        l.replyFrom = l.transferredAt
        l.replyLength = WorkingDays(5)
    }
    if [.answered, .approved, .published, .closed].contains(state) {
        l.reply = LetterReply(text: "已恢复", departmentID: lead, byID: "answerer", byName: "answerer", at: shanghai("2025-09-30", "11:00"))
    }
    return l
}

/// The expected table, written out independently of `LetterFlow.table`: the states each action is
/// possible from, and the roles that may take it (in the 主办 department for department actions).
private let expectedStates: [LetterAction: Set<LetterState>] = [
    .accept: [.submitted], .reject: [.submitted, .accepted], .transfer: [.accepted], .sign: [.transferred],
    .sendBack: [.transferred, .signed], .reassign: [.transferred, .signed, .handling], .answer: [.signed, .handling],
    .approveReply: [.answered], .returnReply: [.answered], .publish: [.approved], .withhold: [.approved], .close: [.published],
    .requestExtension: [.signed, .handling], .approveExtension: [.signed, .handling], .declineExtension: [.signed, .handling],
    .merge: [.submitted, .accepted], .urge: [.transferred, .signed, .handling, .answered],
    .supervise: [.transferred, .signed, .handling], .reopen: [.published, .closed],
]
private let managers: Set<Role> = [.siteAdmin, .platformAdmin]
private let answerers: Set<Role> = [.editor, .departmentHead]
private let expectedRoles: [LetterAction: Set<Role>] = [
    .accept: managers, .reject: managers, .transfer: managers, .sign: answerers, .sendBack: answerers, .reassign: managers,
    .answer: answerers, .approveReply: managers, .returnReply: managers, .publish: managers, .withhold: managers, .close: managers,
    .requestExtension: answerers, .approveExtension: [.departmentHead], .declineExtension: [.departmentHead], .merge: managers,
    .urge: managers, .supervise: managers, .reopen: managers,
]

@Suite struct LetterFlowTests {
    let now = shanghai("2025-09-30", "14:00")

    /// The letter in `state` with what each action's guards need (a pending extension, a 不满意 rating).
    func prepared(_ action: LetterAction, _ state: LetterState) -> Letter {
        var l = letter(in: state)
        if action == .approveExtension || action == .declineExtension {
            l.extensionRequest = LetterExtension(
                status: .requested, reason: "需现场核实", length: WorkingDays(10), requestedByID: "someone-else", requestedAt: now)
        }
        if action == .reopen { l.rating = LetterRating(satisfaction: .unsatisfied, reason: "没有解决", at: now) }
        return l
    }

    let fullInput = LetterInput(reason: "理由", text: "答复内容", departmentIDs: [other], mergeInto: "L0")

    @Test func everyActionIsAllowedExactlyInItsStatesToItsPeople() {
        var checked = 0
        for action in LetterAction.allCases {
            for state in LetterState.allCases {
                for role in Role.allCases {
                    let actor = person("p-\(role)", role)
                    let result = LetterFlow.decide(action, on: prepared(action, state), by: actor, input: fullInput, context: context(now))
                    let allowed = (try? result.get()) != nil
                    let expected = expectedStates[action]!.contains(state) && expectedRoles[action]!.contains(role)
                    #expect(allowed == expected, "\(action) by \(role) in \(state)")
                    if case .failure(let refusal) = result, !expectedStates[action]!.contains(state) {
                        #expect(refusal == .wrongState("留言当前为“\(state.label)”，不能\(action.label)。"))
                    } else if case .failure(let refusal) = result {
                        guard case .noPermission = refusal else {
                            Issue.record("\(action) by \(role) in \(state): \(refusal)")
                            continue
                        }
                    }
                    checked += 1
                }
            }
        }
        #expect(checked == LetterAction.allCases.count * LetterState.allCases.count * Role.allCases.count)
        #expect(Set(LetterFlow.table.map(\.action)) == Set(LetterAction.allCases))
    }

    @Test func departmentActionsBelongToTheLeadDepartmentOnly() {
        let outsider = person("outsider", .editor, department: other)
        let otherSite = LetterActor(
            accountID: "x", name: "x", departmentIDs: [lead],
            grants: [RoleGrant(accountID: "x", role: .departmentHead, siteID: "site-2", columnID: nil)])
        for action in [LetterAction.sign, .sendBack] {
            let result = LetterFlow.decide(action, on: letter(in: .transferred), by: outsider, input: fullInput, context: context(now))
            #expect(result == .failure(.noPermission("这件留言不是转给您所在部门主办的，不能\(action.label)。")))
            #expect(throws: LetterRefusal.self) {
                try LetterFlow.decide(action, on: letter(in: .transferred), by: otherSite, input: fullInput, context: context(now)).get()
            }
        }
        // A site admin of another site manages nothing here.
        let foreignAdmin = LetterActor(
            accountID: "y", name: "y", departmentIDs: [], grants: [RoleGrant(accountID: "y", role: .siteAdmin, siteID: "site-2", columnID: nil)])
        #expect(LetterFlow.available(on: newLetter(), by: foreignAdmin, context: context(now)).isEmpty)
        #expect(LetterFlow.available(on: newLetter(), by: manager, context: context(now)) == [.accept, .reject, .merge])
        #expect(LetterFlow.available(on: letter(in: .transferred), by: answerer, context: context(now)) == [.sign, .sendBack])
    }

    @Test func theWholeLifeOfALetter() throws {
        var l = newLetter()
        // Received Tuesday 2025-09-30 09:00: 转办 due on the make-up Saturday 10-11.
        #expect(LetterDeadline.current(of: l, deadlines: channel().deadlines, calendar: .builtIn)?.dueDay == CalendarDay("2025-10-11"))
        try take(.accept, &l, by: manager, at: shanghai("2025-09-30", "10:00"))
        #expect(l.state == .accepted && l.dueStep == .transfer && CalendarDay(l.dueAt!) == CalendarDay("2025-10-11"))
        // Transfer with no departments named goes to the channel's owner.
        try take(.transfer, &l, by: manager, at: shanghai("2025-09-30", "11:00"))
        #expect(l.state == .transferred && l.leadDepartmentID == lead && l.dueStep == .sign)
        #expect(CalendarDay(l.dueAt!) == CalendarDay("2025-10-09"))
        try take(.sign, &l, by: answerer, at: shanghai("2025-10-09", "09:10"))
        // The reply is counted from the transfer: 5 working days → 10-14.
        #expect(l.state == .signed && l.dueStep == .reply && CalendarDay(l.dueAt!) == CalendarDay("2025-10-14"))
        try take(.requestExtension, &l, by: answerer, input: LetterInput(reason: "需会同住建部门现场核实"), at: shanghai("2025-10-10"))
        #expect(l.extensionRequest?.status == .requested)
        #expect(throws: LetterRefusal.self) {
            try LetterFlow.decide(.answer, on: l, by: answerer, input: LetterInput(text: "答复"), context: context(now)).get()
        }
        let approved = try take(.approveExtension, &l, by: head, at: shanghai("2025-10-10", "15:00"))
        #expect(approved.notifiesWriter && l.replyLength == WorkingDays(15) && CalendarDay(l.dueAt!) == CalendarDay("2025-10-28"))
        try take(.answer, &l, by: answerer, input: LetterInput(text: "12 路公交将于 10 月 20 日恢复运营。"), at: shanghai("2025-10-17", "16:00"))
        #expect(l.state == .answered && l.reply?.departmentID == lead && l.reply?.byName == "answerer")
        #expect(l.dueStep == .review && l.dueAt == shanghai("2025-10-20", "11:00"))
        try take(.returnReply, &l, by: manager, input: LetterInput(reason: "请写明恢复后的首末班时间"), at: shanghai("2025-10-17", "17:00"))
        #expect(l.state == .handling && l.reason == "请写明恢复后的首末班时间" && l.dueStep == .reply)
        try take(.answer, &l, by: answerer, input: LetterInput(text: "10 月 20 日恢复，首班 6:00，末班 21:00。"), at: shanghai("2025-10-20"))
        try take(.approveReply, &l, by: manager, at: shanghai("2025-10-20", "11:00"))
        #expect(l.state == .approved && l.dueAt == nil && l.state.showsReply)
        try take(.publish, &l, by: manager, at: shanghai("2025-10-20", "11:05"))
        #expect(l.state == .published && l.publishedAt == shanghai("2025-10-20", "11:05"))

        // The writer is not satisfied; the manager reopens it once.
        #expect(LetterFlow.rate(l, .unsatisfied, reason: "", now: now) == .failure(.reasonRequired("选择“不满意”时请写明理由。")))
        l = try LetterFlow.rate(l, .unsatisfied, reason: "末班车时间与站牌不一致", now: shanghai("2025-10-21")).get()
        #expect(LetterFlow.rate(l, .satisfied, reason: "", now: now) == .failure(.alreadyUsed("您已评价过这次答复。")))
        try take(.reopen, &l, by: manager, input: LetterInput(reason: "答复与站牌不一致"), at: shanghai("2025-10-21", "10:00"))
        #expect(l.state == .handling && l.rating == nil && l.reopenedAt != nil && CalendarDay(l.dueAt!) == CalendarDay("2025-10-28"))
        // 延期 was used once already.
        #expect(
            LetterFlow.decide(.requestExtension, on: l, by: answerer, input: LetterInput(reason: "再延"), context: context(now))
                == .failure(.alreadyUsed("这件留言已申请过延期（已批准延期），每件留言只能申请一次。")))
        try take(.answer, &l, by: answerer, input: LetterInput(text: "站牌已更正。"), at: shanghai("2025-10-22"))
        try take(.approveReply, &l, by: manager, at: shanghai("2025-10-22", "11:00"))
        try take(.publish, &l, by: manager, at: shanghai("2025-10-22", "11:30"))
        try take(.close, &l, by: manager, at: shanghai("2025-10-23"))
        #expect(l.state == .closed && !l.state.isOpen)
        l = try LetterFlow.rate(l, .unsatisfied, reason: "还是不满意", now: shanghai("2025-10-24")).get()
        #expect(
            LetterFlow.decide(.reopen, on: l, by: manager, input: LetterInput(reason: "再办"), context: context(now))
                == .failure(.alreadyUsed("这件留言已重办过一次，不能再次重办。")))
    }

    @Test func refusalsSayWhatIsMissing() {
        let c = context(now)
        #expect(LetterFlow.decide(.reject, on: newLetter(), by: manager, context: c) == .failure(.reasonRequired("请填写不予受理理由。")))
        let long = LetterInput(reason: String(repeating: "长", count: 1001))
        #expect(LetterFlow.decide(.reject, on: newLetter(), by: manager, input: long, context: c) == .failure(.reasonRequired("理由不能超过 1000 个字。")))
        var noOwner = c
        noOwner.channel.ownerDepartmentIDs = []
        #expect(LetterFlow.decide(.transfer, on: letter(in: .accepted), by: manager, context: noOwner) == .failure(.notAllowed("请选择主办部门。")))
        #expect(
            LetterFlow.decide(.answer, on: letter(in: .signed), by: answerer, input: LetterInput(text: "  "), context: c)
                == .failure(.notAllowed("请填写答复内容。")))
        #expect(LetterFlow.decide(.merge, on: newLetter(), by: manager, context: c) == .failure(.notAllowed("请指明要并入的留言。")))
        #expect(
            LetterFlow.decide(.merge, on: newLetter(), by: manager, input: LetterInput(mergeInto: "L1"), context: c)
                == .failure(.notAllowed("留言不能并入它自己。")))
        #expect(
            LetterFlow.decide(.reassign, on: letter(in: .signed), by: manager, input: LetterInput(reason: "改", departmentIDs: [lead]), context: c)
                == .failure(.notAllowed("改派须选择另一个主办部门。")))
        #expect(
            LetterFlow.decide(.reopen, on: letter(in: .closed), by: manager, input: LetterInput(reason: "再办"), context: c)
                == .failure(.wrongState("只有留言人评价为“不满意”的留言才能重办。")))
    }

    @Test func theWritersChoiceDecidesPublication() throws {
        let c = context(now)
        var privateLetter = letter(in: .approved)
        privateLetter.wantsPublic = false
        #expect(LetterFlow.decide(.publish, on: privateLetter, by: manager, context: c) == .failure(.notAllowed("留言人选择了不公开，不能公开这件留言。")))
        // Kept private as asked: no reason needed.
        #expect(try LetterFlow.decide(.withhold, on: privateLetter, by: manager, context: c).get().letter.state == .closed)
        // The writer chose 公开: keeping it private needs a reason.
        #expect(LetterFlow.decide(.withhold, on: letter(in: .approved), by: manager, context: c) == .failure(.reasonRequired("留言人选择了公开，不公开须填写理由。")))
        #expect(
            LetterFlow.decide(.publish, on: letter(in: .approved), by: manager, context: context(now, publishes: false))
                == .failure(.notAllowed("“政务咨询”渠道不公开答复。")))
    }

    @Test func aDepartmentSendsALetterBackWithinTheLimitAndTheManagerReassignsIt() throws {
        var l = letter(in: .accepted)
        try take(.transfer, &l, by: manager, input: LetterInput(departmentIDs: [lead, other]), at: shanghai("2025-09-30", "10:00"))
        #expect(l.leadDepartmentID == lead && l.assistingDepartmentIDs == [other])
        // 转办 3 working days from 09-30: until 10-11 (the make-up Saturday) 17:30.
        let late = LetterFlow.decide(
            .sendBack, on: l, by: answerer, input: LetterInput(reason: "不属于本部门职责"), context: context(shanghai("2025-10-13", "09:00")))
        #expect(late == .failure(.notAllowed("已超过退回时限（转办后 3 个工作日，至 2025-10-11），不能再退回；请按时办理，或请留言管理员改派。")))
        #expect(LetterFlow.decide(.sendBack, on: l, by: answerer, context: context(now)) == .failure(.reasonRequired("请填写退回理由。")))
        try take(.sendBack, &l, by: answerer, input: LetterInput(reason: "不属于本部门职责"), at: shanghai("2025-10-11", "17:00"))
        #expect(l.state == .accepted && l.leadDepartmentID == nil && l.assistingDepartmentIDs.isEmpty && l.reason == "不属于本部门职责")
        #expect(l.dueStep == .transfer)
        try take(.transfer, &l, by: manager, input: LetterInput(departmentIDs: [other]), at: shanghai("2025-10-13", "09:00"))
        #expect(l.leadDepartmentID == other)
        // The manager can also move it on (改派) with a reason; the reply counts from the new transfer.
        try take(.reassign, &l, by: manager, input: LetterInput(reason: "职责调整", departmentIDs: [lead]), at: shanghai("2025-10-14", "09:00"))
        #expect(l.state == .transferred && l.leadDepartmentID == lead && l.replyFrom == shanghai("2025-10-14", "09:00"))
    }

    @Test func anExtensionIsAskedOnceAndDecidedByAnotherPerson() throws {
        var l = letter(in: .signed)
        // The head asking for it cannot approve it.
        try take(.requestExtension, &l, by: head, input: LetterInput(reason: "情况复杂"), at: now)
        #expect(
            LetterFlow.decide(.approveExtension, on: l, by: head, context: context(now))
                == .failure(.noPermission("延期申请须由部门负责人另行审批，申请人不能审批自己的申请。")))
        #expect(LetterFlow.decide(.approveExtension, on: l, by: answerer, context: context(now)).isFailure)
        let secondHead = person("head2", .departmentHead)
        #expect(LetterFlow.decide(.declineExtension, on: l, by: secondHead, context: context(now)) == .failure(.reasonRequired("请填写不批准延期理由。")))
        try take(.declineExtension, &l, by: secondHead, input: LetterInput(reason: "可按期办结"), at: now)
        #expect(l.extensionRequest?.status == .declined && l.replyLength == WorkingDays(5))
        #expect(LetterFlow.decide(.requestExtension, on: l, by: answerer, input: LetterInput(reason: "再申请"), context: context(now)).isFailure)
        #expect(LetterFlow.decide(.approveExtension, on: l, by: secondHead, context: context(now)) == .failure(.wrongState("这件留言没有待审批的延期申请。")))
    }

    @Test func urgingAndEscalationKeepTheStateAndTightenTheDeadline() throws {
        var l = letter(in: .signed)
        l.replyLength = WorkingDays(15)
        try take(.urge, &l, by: manager, at: now)
        try take(.urge, &l, by: manager, at: now)
        #expect(l.urgeCount == 2 && l.state == .signed)
        let d = try take(.supervise, &l, by: manager, input: LetterInput(reason: "群众反映强烈"), at: shanghai("2025-10-09", "09:00"))
        #expect(d.summary == "督办，须在 5 个工作日内答复：群众反映强烈")
        #expect(l.dueStep == .escalation && CalendarDay(l.dueAt!) == CalendarDay("2025-10-15"))
    }

    @Test func mergingClosesTheDuplicate() throws {
        var l = newLetter()
        let d = try take(.merge, &l, by: manager, input: LetterInput(mergeInto: "L0"), at: now)
        #expect(l.state == .merged && l.mergedInto == "L0" && l.dueAt == nil && d.notifiesWriter)
        #expect(d.letter.changedAt == now && d.from == .submitted)
        #expect(LetterAction.merge.eventName == "letter.merge")
    }

    @Test func ratingsWaitForTheReviewedReply() {
        #expect(LetterFlow.rate(letter(in: .answered), .satisfied, reason: "", now: now) == .failure(.wrongState("留言尚未答复，答复经审核后才能评价。")))
        #expect((try? LetterFlow.rate(letter(in: .approved), .fairlySatisfied, reason: "", now: now).get())?.rating?.satisfaction == .fairlySatisfied)
    }
}

extension Result {
    fileprivate var isFailure: Bool {
        if case .failure = self { return true }
        return false
    }
}
