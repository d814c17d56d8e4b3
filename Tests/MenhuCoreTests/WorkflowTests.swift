import Foundation
import MenhuCore
import Testing

private let now = Date(timeIntervalSince1970: 1_795_000_000)
private let site = "site-1"

private func item(
    _ stage: Stage, _ status: Article.Status = .draft, importance: Importance = .normal,
    notice: Bool = false, contributors: Set<String> = ["author"], approvals: [Approval] = [],
    emergencyBy: String? = nil, scheduledFor: Date? = nil
) -> WorkflowItem {
    WorkflowItem(
        stage: stage, status: status, importance: importance, bureauNotice: notice,
        target: .column(siteID: site, path: ["col"]), contributorIDs: contributors, approvals: approvals,
        scheduledFor: scheduledFor, emergencyPublisherID: emergencyBy)
}

private func actor(_ id: String, _ roles: Role...) -> WorkflowActor {
    WorkflowActor(accountID: id, grants: roles.map { RoleGrant(accountID: id, role: $0, siteID: site, columnID: nil) })
}

private func approval(_ step: ApprovalStep, by id: String, digest: String = "d1") -> Approval {
    Approval(articleID: "a", revisionID: "r", step: step, digest: digest, accountID: id, accountName: id, at: now)
}

/// The expected table, written out independently of `Workflow.table`: which role may take
/// which action from which stage and public status. Anything not listed must be refused.
private func expected(_ action: WorkflowAction, role: Role, stage: Stage, status: Article.Status, pending: Bool) -> Bool {
    let approvalRoles: [Stage: Set<Role>] = [
        .review: [.reviewer], .signOff: [.signer, .departmentHead], .leader: [.leader], .group: [.leadershipGroup],
        .release: [.officePublisher],
    ]
    let notArchived = status != .archived
    switch action {
    case .edit: return role == .editor && notArchived
    case .submit: return role == .editor && stage == .draft && notArchived
    case .approve, .sendBack: return notArchived && approvalRoles[stage]?.contains(role) == true
    case .cancelSchedule: return notArchived && stage == .scheduled && (role == .signer || role == .departmentHead)
    case .emergencyPublish: return notArchived && stage != .live && role == .siteAdmin
    case .confirmEmergency: return stage == .live && status == .published && pending && role == .reviewer
    case .withdraw: return (status == .published || status == .archived) && role == .siteAdmin
    case .archive: return status == .published && role == .siteAdmin
    // Only items with overridable gate findings can be let through; the matrix items have none.
    case .overrideGate: return false
    }
}

@Suite struct WorkflowTests {
    /// Every stage × status × emergency flag × action × role has the outcome of the table above.
    @Test func everyStateActionAndRoleHasItsExpectedOutcome() {
        var checked = 0
        for stage in Stage.allCases {
            for status in Article.Status.allCases {
                for pending in [false, true] {
                    let it = item(stage, status, emergencyBy: pending ? "admin2" : nil)
                    for action in WorkflowAction.allCases {
                        for role in Role.allCases {
                            let result = Workflow.decide(action, on: it, by: actor("someone", role), reason: "理由", now: now)
                            let allowed = (try? result.get()) != nil
                            #expect(
                                allowed == expected(action, role: role, stage: stage, status: status, pending: pending),
                                "\(action) by \(role) at \(stage)/\(status) pending=\(pending)")
                            checked += 1
                        }
                    }
                }
            }
        }
        #expect(checked == Stage.allCases.count * Article.Status.allCases.count * 2 * WorkflowAction.allCases.count * Role.allCases.count)
    }

    @Test func approvalsClimbTheChainOfTheItemsImportance() {
        func walk(_ importance: Importance, notice: Bool = false) -> [Stage] {
            var it = item(.draft, importance: importance, notice: notice)
            var stages: [Stage] = []
            let submitted = try! Workflow.decide(.submit, on: it, by: actor("author", .editor), now: now).get()
            it.stage = submitted.stage
            stages.append(it.stage)
            let people: [Stage: WorkflowActor] = [
                .review: actor("r", .reviewer), .signOff: actor("s", .signer), .leader: actor("l", .leader),
                .group: actor("g", .leadershipGroup), .release: actor("p", .officePublisher),
            ]
            while let who = people[it.stage] {
                let d = try! Workflow.decide(.approve, on: it, by: who, now: now).get()
                #expect(d.records == it.stage.step)
                it.approvals.append(approval(it.stage.step!, by: who.accountID))
                it.stage = d.stage
                stages.append(d.stage)
                if d.goesLive { #expect(d.registry == .publish && d.status == .published) }
            }
            return stages
        }
        #expect(walk(.normal) == [.review, .signOff, .live])
        #expect(walk(.important) == [.review, .signOff, .leader, .live])
        #expect(walk(.major) == [.review, .signOff, .leader, .group, .live])
        #expect(walk(.normal, notice: true) == [.review, .signOff, .release, .live])
    }

    @Test func authorCannotReviewOrSignTheirOwnItem() {
        let author = actor("author", .editor, .reviewer, .signer)
        for stage in [Stage.review, .signOff] {
            guard case .failure(.ownWork(let message)) = Workflow.decide(.approve, on: item(stage), by: author, now: now) else {
                Issue.record("author approved own item at \(stage)"); continue
            }
            #expect(message.contains("O3"))
        }
        #expect(Workflow.available(on: item(.review), by: author, now: now).contains(.approve) == false)
    }

    @Test func oneRevisionNeedsFourDifferentPeople() {
        let everything = actor("x", .reviewer, .signer, .leader, .leadershipGroup)
        let reviewed = item(.signOff, importance: .major, approvals: [approval(.review, by: "x")])
        #expect(throws: WorkflowRefusal.self) { try Workflow.decide(.approve, on: reviewed, by: everything, now: now).get() }
        let signed = item(.leader, importance: .major, approvals: [approval(.review, by: "r"), approval(.signOff, by: "x")])
        #expect(throws: WorkflowRefusal.self) { try Workflow.decide(.approve, on: signed, by: everything, now: now).get() }
        let other = try? Workflow.decide(.approve, on: signed, by: actor("l", .leader), now: now).get()
        #expect(other?.stage == .group)
    }

    @Test func returningNeedsAReasonAndVoidsApprovals() {
        let reviewer = actor("r", .reviewer)
        guard case .failure(.reasonRequired) = Workflow.decide(.sendBack, on: item(.review), by: reviewer, reason: "  ", now: now) else {
            Issue.record("returned without a reason"); return
        }
        let d = try? Workflow.decide(.sendBack, on: item(.review), by: reviewer, reason: "数据有误", now: now).get()
        #expect(d?.stage == .draft && d?.voidsApprovals == true)
    }

    @Test func anEditVoidsApprovalsAndSendsTheItemBackToDraft() {
        let d = try? Workflow.decide(
            .edit,
            on: item(
                .leader, importance: .important,
                approvals: [approval(.review, by: "r"), approval(.signOff, by: "s")]),
            by: actor("author", .editor), now: now
        ).get()
        #expect(d?.stage == .draft && d?.voidsApprovals == true)
        // What remains valid is decided by digest: approvals of the old text do not cover the new one.
        #expect(
            Workflow.missingSteps(
                importance: .important, bureauNotice: false, digest: "d2",
                approvals: [approval(.review, by: "r"), approval(.signOff, by: "s")])
                == [.review, .signOff, .leader])
        #expect(
            Workflow.missingSteps(
                importance: .normal, bureauNotice: false, digest: "d1",
                approvals: [approval(.review, by: "r"), approval(.signOff, by: "s")]
            ).isEmpty)
    }

    @Test func lastApprovalSchedulesWhenATimeIsSet() {
        let later = now.addingTimeInterval(3600)
        let it = item(.signOff, approvals: [approval(.review, by: "r")], scheduledFor: later)
        let d = try? Workflow.decide(.approve, on: it, by: actor("s", .signer), now: now).get()
        #expect(d?.stage == .scheduled && d?.goesLive == false)
        let past = item(.signOff, approvals: [approval(.review, by: "r")], scheduledFor: now.addingTimeInterval(-60))
        #expect((try? Workflow.decide(.approve, on: past, by: actor("s", .signer), now: now).get())?.goesLive == true)
    }

    @Test func emergencyPublisherCannotCompleteTheirOwnReview() {
        let admin = actor("admin", .siteAdmin, .reviewer)
        let published = try? Workflow.decide(.emergencyPublish, on: item(.review), by: admin, reason: "汛情预警", now: now).get()
        #expect(published?.goesLive == true && published?.setsEmergency == true)
        let live = item(.live, .published, emergencyBy: "admin")
        #expect(throws: WorkflowRefusal.self) { try Workflow.decide(.confirmEmergency, on: live, by: admin, now: now).get() }
        let other = try? Workflow.decide(.confirmEmergency, on: live, by: actor("r2", .reviewer), now: now).get()
        #expect(other?.clearsEmergency == true && other?.records == .review)
    }

    @Test func columnGrantsLimitTheStepsToTheirColumns() {
        let reviewer = WorkflowActor(accountID: "r", grants: [RoleGrant(accountID: "r", role: .reviewer, siteID: site, columnID: "other")])
        #expect(throws: WorkflowRefusal.self) { try Workflow.decide(.approve, on: item(.review), by: reviewer, now: now).get() }
    }
}

@Suite struct RevisionAndRegistryTests {
    @Test func digestCoversEveryFieldOfTheContent() {
        var content = ArticleContent(title: "标题", columnID: "c", bodyHTML: "<p>正文</p>", source: "办公室")
        let a = Revision.digest(articleID: "a", number: 1, content: content)
        content.documentNumber = "江府发〔2026〕1号"
        let b = Revision.digest(articleID: "a", number: 1, content: content)
        #expect(a != b)
        #expect(a.count == 64)
        #expect(Revision.digest(articleID: "a", number: 2, content: content) != b)
    }

    private func chain(_ n: Int) -> [RegistryEntry] {
        var entries: [RegistryEntry] = []
        var previous = RegistryEntry.genesis
        for i in 1...n {
            let e = RegistryEntry(
                sequence: i, action: .publish, at: now.addingTimeInterval(Double(i)), siteID: "s", columnID: "c",
                articleID: "a\(i)", url: "http://x/a\(i).html", title: "标题\(i)", revisionDigest: "d\(i)",
                author: "甲", reviewer: "乙", signer: "丙", leader: "", group: "", actor: "丙", note: "",
                previousHash: previous)
            previous = e.hash
            entries.append(e)
        }
        return entries
    }

    @Test func anUntouchedChainVerifies() {
        var v = RegistryVerifier()
        for entry in chain(5) { v.check(entry) }
        #expect(v.firstBroken == nil && v.checked == 5)
    }

    @Test func changingRemovingOrReorderingAnEntryIsFoundAtThatEntry() {
        var edited = chain(5)
        edited[2].signer = "丁"
        var v = RegistryVerifier()
        for entry in edited { v.check(entry) }
        #expect(v.firstBroken?.sequence == 3)

        var removed = chain(5)
        removed.remove(at: 1)
        var w = RegistryVerifier()
        for entry in removed { w.check(entry) }
        #expect(w.firstBroken?.sequence == 3)

        // Rewriting an entry and its own hash still breaks the next link.
        var rehashed = chain(5)
        rehashed[1].title = "改过的标题"
        rehashed[1].hash = rehashed[1].computedHash
        var x = RegistryVerifier()
        for entry in rehashed { x.check(entry) }
        #expect(x.firstBroken?.sequence == 3)
    }

    @Test func lagIsCountedInChinaCalendarDays() {
        let event = CalendarDay("2026-11-16")!
        // 2026-11-20 01:00 in Beijing is still 2026-11-19 in UTC.
        let published = ChinaTime.calendar.date(from: DateComponents(year: 2026, month: 11, day: 20, hour: 1))!
        #expect(Timeliness.lagDays(eventDate: event, publishedAt: published) == 4)
        #expect(Timeliness.isLate(lagDays: 4) && !Timeliness.isLate(lagDays: 3))
        #expect(CalendarDay("2026-02-30") == nil && CalendarDay("2026-1-5") == nil)
    }

    @Test func diffShowsChangedCharactersOfChangedLines() {
        let lines = TextDiff.lines("第一段\n全市共有学校120所\n第三段", "第一段\n全市共有学校125所\n第三段\n新增段落")
        #expect(lines.map(\.kind) == [.same, .removed, .added, .same, .added])
        #expect(lines[1].pieces.contains { $0.kind == .removed && $0.text == "0" })
        #expect(lines[2].pieces.contains { $0.kind == .added && $0.text == "5" })
    }
}

@Suite struct IndexNumberTests {
    @Test func schemesNeedASerialAndKnownPlaceholders() {
        #expect(IndexNumber.problem("{code}-{year}") != nil)
        #expect(IndexNumber.problem("{code}/{unit}-{seq}") != nil)
        #expect(IndexNumber.problem("{code}/{topic}-{year}-{seq}") == nil)
        #expect(
            IndexNumber.make(
                scheme: "{code}/{topic}-{year}-{seq}", code: "3699000001", year: 2026, serial: 12,
                column: "zcwj", topic: "") == "3699000001/zcwj-2026-00012")
    }
}

@Suite struct ContentGateWorkflowTests {
    @Test func blockingFindingsStopSubmitAndApprovalButNotEmergencyPublication() {
        var draft = item(.draft)
        draft.gateBlocks = ["“11010519491231002X”含公民身份号码，须隐去（依据 P16）"]
        guard case .failure(.contentBlocked(let message)) = Workflow.decide(.submit, on: draft, by: actor("author", .editor), now: now) else {
            Issue.record("submitted past the gate"); return
        }
        #expect(message.contains("P16") && message.contains("1 处"))
        var waiting = item(.review)
        waiting.gateBlocks = ["x"]
        #expect(throws: WorkflowRefusal.self) { try Workflow.decide(.approve, on: waiting, by: actor("r", .reviewer), now: now).get() }
        #expect((try? Workflow.decide(.sendBack, on: waiting, by: actor("r", .reviewer), reason: "请隐去身份证号", now: now).get()) != nil)
        #expect((try? Workflow.decide(.emergencyPublish, on: waiting, by: actor("a", .siteAdmin), reason: "紧急", now: now).get())?.goesLive == true)
    }
}

@Suite struct GateOverrideTests {
    @Test func theSignerLetsARequestThroughWithAReasonForThisRevisionOnly() {
        var draft = item(.draft)
        draft.gateOverridable = ["“关于增加编制的请示”疑似向上级机关的请示"]
        #expect(throws: WorkflowRefusal.self) { try Workflow.decide(.submit, on: draft, by: actor("author", .editor), now: now).get() }
        #expect(throws: WorkflowRefusal.self) { try Workflow.decide(.overrideGate, on: draft, by: actor("e2", .editor), reason: "x", now: now).get() }
        guard case .failure(.reasonRequired) = Workflow.decide(.overrideGate, on: draft, by: actor("s", .signer), reason: " ", now: now) else {
            Issue.record("override without a reason"); return
        }
        let d = try? Workflow.decide(.overrideGate, on: draft, by: actor("s", .signer), reason: "按上级要求公开", now: now).get()
        #expect(d?.overridesGate == true && d?.stage == .draft)
        draft.gateOverridden = true
        #expect((try? Workflow.decide(.submit, on: draft, by: actor("author", .editor), now: now).get())?.stage == .review)
        // Outright blocks are never let through this way.
        draft.gateBlocks = ["身份证号"]
        #expect(throws: WorkflowRefusal.self) { try Workflow.decide(.submit, on: draft, by: actor("author", .editor), now: now).get() }
    }
}
