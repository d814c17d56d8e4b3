import Foundation
import MenhuCore
import Testing

/// 依申请公开 (I7): the legal clock on the working-day calendar, the one-time 补正 and extension,
/// 视为放弃, fees, the documents each decision issues and table 三 of the yearly report.
@Suite struct DisclosureFlowTests {
    let calendar = WorkingCalendar.builtIn
    let handler = DisclosureActor(accountID: "a-handler", name: "公开办", handles: true, approves: false)
    let head = DisclosureActor(accountID: "a-head", name: "负责人", handles: false, approves: true)
    let office = DisclosureOffice(siteID: "s1", organ: "某市人民政府办公室")

    func request(received: String, kind: ApplicantKind = .person, id: String = RecordID.make()) -> DisclosureRequest {
        let applicant = DisclosureApplicant(
            kind: kind, name: "张三", documentKind: .residentCard, documentNumber: "11010519491231002X", phone: "13800000000")
        let ask = DisclosureAsk(title: "2024年某路拓宽工程的立项批复", description: "请提供立项批复全文", delivery: .email, form: .electronic)
        return DisclosureRequest(
            id: id, siteID: "s1", number: "YSQ202409270001", applicant: applicant, ask: ask, receivedAt: chinaTime(received), actorName: "张三")
    }

    func act(
        _ action: DisclosureAction, _ r: DisclosureRequest, at time: String, by actor: DisclosureActor? = nil, text: String = "说明",
        days: Int? = nil, reply: DisclosureReply? = nil, fee: DisclosureFee? = nil
    ) -> Result<DisclosureRequest, DisclosureRefusal> {
        DisclosureFlow.decide(
            action, on: r, by: actor ?? handler, input: DisclosureInput(text: text, days: days, reply: reply, fee: fee), calendar: calendar,
            correctionDays: 15, now: chinaTime(time))
    }

    func done(_ result: Result<DisclosureRequest, DisclosureRefusal>) throws -> DisclosureRequest {
        switch result {
        case .success(let r): return r
        case .failure(let refusal): throw refusal
        }
    }

    func refusal(_ result: Result<DisclosureRequest, DisclosureRefusal>) -> DisclosureRefusal? {
        if case .failure(let r) = result { return r }
        return nil
    }

    func due(_ r: DisclosureRequest) -> CalendarDay? { DisclosureClock(r, calendar: calendar).due }

    @Test func twentyWorkingDaysFromTheDayReceivedOverTheHolidays() {
        // The research's worked examples: day 0 is not counted; 国庆、春节、五一 are skipped and make-up Saturdays count.
        #expect(due(request(received: "2024-09-27 10:00")) == day("2024-10-30"))
        #expect(due(request(received: "2025-01-20 10:00")) == day("2025-02-21"))
        #expect(due(request(received: "2024-02-02 10:00")) == day("2024-03-06"))
        #expect(due(request(received: "2024-04-26 10:00")) == day("2024-05-27"))
        let clock = DisclosureClock(request(received: "2024-09-27 10:00"), calendar: calendar)
        #expect(clock.explanation.contains("2024年9月27日") && clock.explanation.contains("2024年10月30日"))
    }

    @Test func anExtensionIsAskedOnceApprovedByAnotherPersonAndAddsItsDays() throws {
        var r = request(received: "2024-09-27 10:00")
        r = try done(act(.askExtension, r, at: "2024-10-28 09:00", text: "需调取档案", days: 20))
        #expect(due(r) == day("2024-10-30"), "asking is not yet an extension")
        #expect(refusal(act(.approveExtension, r, at: "2024-10-28 10:00", by: handler))?.forbidden == true)
        let selfApproval = DisclosureActor(accountID: "a-handler", name: "公开办", handles: true, approves: true)
        #expect(refusal(act(.approveExtension, r, at: "2024-10-28 10:00", by: selfApproval))?.message.contains("以外") == true)
        r = try done(act(.approveExtension, r, at: "2024-10-28 10:00", by: head))
        #expect(due(r) == day("2024-11-27"))
        #expect(refusal(act(.askExtension, r, at: "2024-11-01 09:00", days: 5))?.message.contains("只能延长一次") == true)
        #expect(refusal(act(.askExtension, request(received: "2024-09-27 10:00"), at: "2024-10-28 09:00", days: 21)) != nil)
        // After the deadline no extension can be asked.
        #expect(refusal(act(.askExtension, request(received: "2024-09-27 10:00"), at: "2024-10-31 09:00", days: 5))?.message.contains("已过") == true)
    }

    @Test func correctionIsAskedOnceWithinSevenWorkingDaysAndRestartsTheClock() throws {
        let fresh = request(received: "2025-01-24 10:00")
        #expect(DisclosureClock(fresh, calendar: calendar).correctionNoticeBy == day("2025-02-10"))
        #expect(refusal(act(.requestCorrection, fresh, at: "2025-02-11 09:00", text: "请写明文件名称"))?.message.contains("7 个工作日") == true)
        #expect(refusal(act(.requestCorrection, fresh, at: "2025-02-10 09:00", text: "")) != nil, "the matters to correct must be named")
        var r = try done(act(.requestCorrection, fresh, at: "2025-02-10 09:00", text: "请写明文件名称或文号"))
        #expect(r.state == .awaitingCorrection && due(r) == nil, "the clock stands still while the applicant corrects")
        let clock = DisclosureClock(r, calendar: calendar)
        #expect(clock.pause?.until == calendar.dueDate(receivedOn: day("2025-02-10"), workingDays: 15))
        #expect(clock.explanation.contains("申请人补正期间"))
        // The applicant corrects from the look-up; the 20 days run again from that day.
        let corrected = try done(act(.correct, r, at: "2025-02-14 15:00", by: .applicant("张三"), text: "某路拓宽工程立项批复，文号某发改〔2024〕12号"))
        #expect(corrected.state == .handling && due(corrected) == calendar.dueDate(receivedOn: day("2025-02-14"), workingDays: 20))
        #expect(corrected.ask.description.contains("文号"))
        #expect(refusal(act(.requestCorrection, corrected, at: "2025-02-17 09:00", text: "再补"))?.message.contains("一次") == true)
        // Too short a correction is refused, and nothing is changed.
        #expect(refusal(act(.correct, r, at: "2025-02-14 15:00", by: .applicant("张三"), text: "补")) != nil)
        // 视为放弃 only after the period.
        let until = clock.pause!.until
        #expect(refusal(act(.closeUncorrected, r, at: "\(until) 17:00")) != nil)
        r = try done(act(.closeUncorrected, r, at: "\(calendar.dueDate(receivedOn: until, workingDays: 1)) 09:00"))
        #expect(r.state == .closed && r.closedBecause == .noCorrection && DisclosureFlow.resultRow(of: r) == .closed(.noCorrection))
    }

    @Test func consultationAndFeeWaitsAreNotCounted() throws {
        var r = request(received: "2025-09-26 10:00")
        r = try done(act(.startConsultation, r, at: "2025-09-26 16:00", text: "某建设公司\n涉及其商业秘密"))
        let pause = try #require(DisclosureClock(r, calendar: calendar).pause)
        #expect(pause.kind == .consultation && pause.until == day("2025-10-23"))
        #expect(
            refusal(act(.answer, r, at: "2025-10-09 09:00", reply: DisclosureReply(kind: .disclosed, text: "见附件", at: .now)))?.message.contains("先结束")
                == true)
        r = try done(act(.endConsultation, r, at: "2025-10-13 09:00"))
        // 2025-09-26 → 2025-10-13 is 7 working days (9-28 make-up, 9-29, 9-30, 10-9, 10-10, 10-11 make-up, 10-13) not counted.
        let clock = DisclosureClock(r, calendar: calendar)
        #expect(clock.excludedDays == 7)
        #expect(clock.due == calendar.dueDate(receivedOn: day("2025-09-26"), workingDays: 27))
        #expect(clock.explanation.contains("7 个工作日不计入"))
    }

    @Test func feesFollowTheStateCouncilRulesAndAreAskedOnlyOnce() throws {
        #expect(DisclosureFee.perItem(nth: 10).amount == 0)
        #expect(DisclosureFee.perItem(nth: 12).amount == 100)
        #expect(DisclosureFee.perItem(nth: 35).amount == 200)
        #expect(DisclosureFee.perItem(nth: 41).amount == 300)
        #expect(DisclosureFee.perVolume(pages: 30).amount == 0)
        #expect(DisclosureFee.perVolume(pages: 150).amount == 1700)
        #expect(DisclosureFee.perVolume(pages: 250).amount == 700 + 2000 + 50 * 40)
        var r = request(received: "2024-09-27 10:00")
        #expect(refusal(act(.notifyFee, r, at: "2024-09-30 09:00", fee: DisclosureFee.perItem(nth: 3)))?.message.contains("不收费") == true)
        #expect(refusal(act(.notifyFee, r, at: "2024-09-30 09:00", fee: nil))?.message.contains("未开启") == true)
        r = try done(act(.notifyFee, r, at: "2024-09-30 09:00", fee: DisclosureFee.perItem(nth: 12)))
        #expect(r.state == .awaitingFee && due(r) == nil)
        r = try done(act(.confirmFee, r, at: "2024-10-09 09:00"))
        #expect(r.fee?.paidAt != nil && r.state == .handling)
        #expect(refusal(act(.notifyFee, r, at: "2024-10-10 09:00", fee: DisclosureFee.perItem(nth: 12)))?.message.contains("不重复收费") == true)
        // Unpaid past its 20 working days: 视为放弃.
        var unpaid = try done(
            act(.notifyFee, request(received: "2024-09-27 10:00"), at: "2024-09-30 09:00", fee: DisclosureFee.perVolume(pages: 150)))
        let until = try #require(DisclosureClock(unpaid, calendar: calendar).pause?.until)
        #expect(refusal(act(.closeUnpaid, unpaid, at: "\(until) 12:00")) != nil)
        unpaid = try done(act(.closeUnpaid, unpaid, at: "\(calendar.dueDate(receivedOn: until, workingDays: 1)) 09:00"))
        #expect(DisclosureFlow.resultRow(of: unpaid) == .closed(.unpaidFee))
    }

    @Test func onlyHandlersActAndEveryStepIsKept() throws {
        let r = request(received: "2024-09-27 10:00")
        let reader = DisclosureActor(accountID: "a-editor", name: "编辑", handles: false, approves: false)
        #expect(
            refusal(act(.answer, r, at: "2024-09-30 09:00", by: reader, reply: DisclosureReply(kind: .disclosed, text: "x", at: .now)))?.forbidden
                == true)
        #expect(
            DisclosureFlow.available(on: r, by: reader, calendar: calendar, correctionDays: 15, feeMode: .perItem, now: chinaTime("2024-09-30 09:00"))
                .isEmpty)
        let mine = DisclosureFlow.available(
            on: r, by: handler, calendar: calendar, correctionDays: 15, feeMode: .off, now: chinaTime("2024-09-30 09:00"))
        #expect(Set(mine) == [.requestCorrection, .startConsultation, .askExtension, .answer, .withdraw])
        let answered = try done(
            act(.answer, r, at: "2024-09-30 09:00", reply: DisclosureReply(kind: .disclosed, text: "见附件", at: chinaTime("2024-09-30 09:00"))))
        #expect(answered.steps.map(\.kind) == [.registered, .answered] && answered.version == 2)
        #expect(refusal(act(.answer, answered, at: "2024-10-08 09:00", reply: DisclosureReply(kind: .disclosed, text: "再答", at: .now))) != nil)
        #expect(try done(act(.archive, answered, at: "2024-10-08 09:00")).state == .archived)
    }

    @Test func eachReplyCitesItsArticleAndTheReplyCarriesTheRemedies() throws {
        let expected: [(DisclosureReplyKind, DisclosureGround?, String)] = [
            (.alreadyPublic, nil, "第三十六条第一项"), (.disclosed, nil, "第三十六条第二项"), (.partlyDisclosed, .thirdPartyRights, "第三十七条"),
            (.withheld, .stateSecret, "第十四条"), (.withheld, .processInformation, "第十六条第二款"), (.cannotProvide, .notHeld, "第三十六条第四项"),
            (.cannotProvide, .needsMaking, "第三十八条"), (.notOurs, nil, "第三十六条第五项"), (.repeated, nil, "第三十六条第六项"),
            (.otherRoute, nil, "第三十六条第七项"), (.notProcessed, .petition, "第三十九条第一款"),
        ]
        for (kind, ground, article) in expected {
            let reply = DisclosureReply(kind: kind, ground: ground, text: "具体说明", at: chinaTime("2024-10-08 09:00"))
            let text = reply.paragraphs(asked: "立项批复", received: day("2024-09-27")).joined()
            #expect(text.contains(article) && text.contains("《中华人民共和国政府信息公开条例》"), "\(kind) cites \(article)")
        }
        let answered = try done(
            act(
                .answer, request(received: "2024-09-27 10:00"), at: "2024-10-08 09:00",
                reply: DisclosureReply(kind: .withheld, ground: .stateSecret, text: "经定密", at: .now)))
        let doc = DisclosureDocument.make(
            .reply, for: answered, office: office, calendar: calendar, serial: 3, issuedAt: chinaTime("2024-10-08 09:00"))
        #expect(doc.number == "依申请复〔2024〕3号" && doc.title == "政府信息公开申请答复书" && doc.addressee == "张三")
        #expect(doc.remedies?.contains("六十日") == true && doc.remedies?.contains("六个月") == true)
        let receipt = DisclosureDocument.make(
            .receipt, for: request(received: "2024-09-27 10:00"), office: office, calendar: calendar, serial: 1,
            issuedAt: chinaTime("2024-09-27 10:00"))
        #expect(receipt.remedies == nil && receipt.paragraphs.joined().contains("2024年10月30日"))
        // The reply form names what is missing.
        #expect(throws: FieldErrors.self) { try DisclosureReply.read(["kind": "withheld", "text": "理由"], at: .now) }
        #expect(throws: FieldErrors.self) { try DisclosureReply.read(["kind": "withheld", "ground": "petition", "text": "理由"], at: .now) }
        #expect(try DisclosureReply.read(["kind": "withheld", "ground": "stateSecret", "text": "理由"], at: .now).resultRow == .withheld(.stateSecret))
    }

    @Test func tableThreeCountsEachRequestOnceAndChecksOut() throws {
        var rows: [DisclosureRequest] = []
        let old = try done(
            act(
                .answer, request(received: "2023-12-20 10:00", kind: .business), at: "2024-01-10 09:00",
                reply: DisclosureReply(kind: .disclosed, text: "x", at: .now)))
        let open = request(received: "2024-12-25 10:00", kind: .research)
        let answered = try done(
            act(
                .answer, request(received: "2024-03-01 10:00"), at: "2024-03-05 09:00",
                reply: DisclosureReply(kind: .cannotProvide, ground: .notHeld, text: "x", at: .now)))
        let finishedBefore = try done(
            act(.answer, request(received: "2023-05-01 10:00"), at: "2023-05-10 09:00", reply: DisclosureReply(kind: .disclosed, text: "x", at: .now))
        )
        rows = [old, open, answered, finishedBefore]
        let table = DisclosureYearTable(year: 2024, requests: rows)
        #expect(table.received.total == 2 && table.received[.person] == 1 && table.received[.research] == 1)
        #expect(table.carriedIn[.business] == 1 && table.carriedIn.total == 1)
        #expect(table.results[.disclosed]?[.business] == 1 && table.results[.cannotProvide(.notHeld)]?[.person] == 1)
        #expect(table.carriedOut[.research] == 1 && table.carriedOut.total == 1)
        #expect(table.failedChecks.isEmpty)
    }

    @Test func identityDocumentsAreCheckedAndMasked() {
        #expect(IdentityDocumentKind.residentCard.accepts("11010519491231002X"))
        #expect(IdentityDocumentKind.residentCard.accepts("11010519491231002x"))
        #expect(!IdentityDocumentKind.residentCard.accepts("110105194912310021"))
        #expect(IdentityDocumentKind.creditCode.accepts("91350100M000100Y43"))
        #expect(!IdentityDocumentKind.creditCode.accepts("91350100M000100Y44"))
        #expect(IdentityDocumentKind.passport.accepts("E12345678") && !IdentityDocumentKind.passport.accepts("E12-34"))
        #expect(IdentityDocumentKind.masked("11010519491231002X") == "110*************2X")
        #expect(DisclosureNumber.make(day: day("2024-09-27"), sequence: 12) == "YSQ202409270012")
        #expect(DisclosureNumber.sequence(of: "YSQ202409270012") == 12 && !DisclosureNumber.isWellFormed("YSQ2024092700"))
    }

    @Test func theFormNamesEachProblemOnItsField() {
        do {
            _ = try DisclosureSubmission.read([
                "applicantKind": "business", "name": "", "documentKind": "creditCode", "documentNumber": "123", "title": "",
            ])
            Issue.record("a bad form was accepted")
        } catch let errors as FieldErrors {
            for field in ["name", "documentNumber", "title", "phone", "representative"] {
                #expect(errors.message(for: field) != nil, "\(field) is named")
            }
        } catch { Issue.record("\(error)") }
    }
}
