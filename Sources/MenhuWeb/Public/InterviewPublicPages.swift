import Foundation
import HTTPTypes
import Hummingbird
import MenhuCore
import MenhuStore

/// 在线访谈 on every site (I1): the interviews running, announced and past; an interview with its
/// guests, the question form from the announcement until it ends, the questions taken (after
/// review) and the 文字实录. Never cached: the form carries a fresh challenge and the record grows
/// while it runs.
extension PublicSite {
    static let interviewsPath = "/interviews"

    func registerInterviews(on router: Router<MenhuRequestContext>) {
        live(.get, Self.interviewsPath, on: router) { _, _, mount in try await interviewList(mount: mount) }
        live(.get, Self.interviewsPath + "/:interview", on: router) { _, context, mount in
            try await interviewPage(mount: mount, id: context.parameters.get("interview") ?? "")
        }
        live(.post, Self.interviewsPath + "/:interview", on: router) { request, context, mount in
            try await askInterview(request, context, mount: mount, id: context.parameters.get("interview") ?? "")
        }
    }

    static func interviewTime(_ i: Interview) -> String {
        let start = ChinaTime.minute(i.startsAt), end = ChinaTime.minute(i.startsAt.addingTimeInterval(TimeInterval(i.minutes * 60)))
        return start + "—" + (end.prefix(10) == start.prefix(10) ? String(end.dropFirst(11)) : end)
    }

    func interviewList(mount: Mount) async throws -> PageCache.Rendered {
        let now = env.clock.now()
        let all = try await env.database.read { db in try await InterviewRecords.list(siteID: mount.site.id, publishedOnly: true, on: db) }
        func item(_ i: Interview) -> InterviewPageView.Item {
            .init(
                title: i.title, time: Self.interviewTime(i), phase: i.phase(at: now).label, phaseClass: i.phase(at: now) == .live ? "open" : "",
                guests: i.guests.map(\.label).joined(separator: "、"), url: mount.base + Self.interviewsPath + "/" + i.id)
        }
        let current = all.filter { $0.phase(at: now) != .ended }.sorted { $0.startsAt < $1.startsAt }.map(item)
        let past = all.filter { $0.phase(at: now) == .ended }.map(item)
        let view = InterviewPageView(heading: "在线访谈", current: current, past: past)
        return page(.interview, mount, try await interviewFrame(mount, title: "在线访谈", inside: false), view)
    }

    func interviewFrame(_ mount: Mount, title: String, inside: Bool) async throws -> SiteFrame {
        var frame = try await interactionFrame(mount, title: title)
        frame.breadcrumb = [.init(name: mount.ui.home, url: mount.homeURL), .init(name: "互动交流", url: Self.lettersURL(mount))]
        if inside { frame.breadcrumb.append(.init(name: "在线访谈", url: mount.base + Self.interviewsPath)) }
        frame.breadcrumb.append(.init(name: title, url: nil))
        return frame
    }

    func interviewPage(
        mount: Mount, id: String, form: (fields: [String: String], errors: [String])? = nil, asked: Bool = false, refusal: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> PageCache.Rendered {
        let now = env.clock.now()
        let found = try await env.database.read { db -> (Interview, [InterviewQuestion], String)? in
            guard let i = try await InterviewRecords.interview(id: id, on: db), i.siteID == mount.site.id, i.published else { return nil }
            return (
                i, try await InterviewRecords.questions(interviewID: i.id, states: [.accepted, .answered], on: db),
                try await LetterRecords.challengeKey(on: db)
            )
        }
        guard let (interview, questions, key) = found else { return try await notFound(mount: mount) }
        let phase = interview.phase(at: now)
        var detail = InterviewPageView.Detail(
            title: interview.title, phase: phase.label, phaseClass: phase == .live ? "open" : "", time: Self.interviewTime(interview),
            host: interview.host, guests: interview.guests.map(\.label), summary: interview.summary.paragraphLines,
            live: phase == .live, ended: phase == .ended, asked: asked, refusal: refusal,
            transcript: interview.transcript.map { e in
                .init(
                    speaker: e.speaker.rawValue, name: e.speaker == .netizen ? "网友“\(e.name)”问" : e.name, text: e.text.paragraphLines,
                    at: ChinaTime.minute(e.at))
            },
            questions: questions.map { q in .init(nickname: q.nickname, text: q.text, asked: ChinaTime.minute(q.askedAt), state: q.state.label) },
            backURL: mount.base + Self.interviewsPath, selfURL: mount.base + Self.interviewsPath + "/" + interview.id)
        if interview.takesQuestions(at: now) && !asked {
            let challenge = TextChallenge.make(key: key, now: now)
            detail.form = .init(
                action: detail.selfURL, token: challenge.token, question: challenge.question, nickname: form?.fields["nickname"] ?? "",
                text: form?.fields["text"] ?? "", errors: form?.errors ?? [], hasErrors: !(form?.errors.isEmpty ?? true))
        }
        return page(
            .interview, mount, try await interviewFrame(mount, title: interview.title, inside: true),
            InterviewPageView(heading: interview.title, interview: detail), status: status)
    }

    func askInterview(_ request: Request, _ context: MenhuRequestContext, mount: Mount, id: String) async throws -> PageCache.Rendered {
        let fields = try await FormBody.read(request)
        let key = try await env.database.read { db in try await LetterRecords.challengeKey(on: db) }
        guard TextChallenge.verify(token: fields["challengeToken"] ?? "", answer: fields["challenge"] ?? "", key: key, now: env.clock.now())
        else {
            return try await interviewPage(
                mount: mount, id: id, form: (fields, ["验证题答案不正确或已过期，请重新计算后填写（用阿拉伯数字）。"]), status: .unprocessableContent)
        }
        do {
            let interview = try await env.database.read { db in try await InterviewRecords.interview(id: id, on: db) }
            guard let interview, interview.siteID == mount.site.id else { return try await notFound(mount: mount) }
            _ = try await env.interviews.ask(interviewID: interview.id, fields: fields, address: context.clientAddress)
            return try await interviewPage(mount: mount, id: id, asked: true, status: .created)
        } catch let errors as FieldErrors {
            return try await interviewPage(mount: mount, id: id, form: (fields, errors.problems.map(\.message)), status: .unprocessableContent)
        } catch ServiceError.refused(let message) {
            return try await interviewPage(mount: mount, id: id, refusal: message, status: .conflict)
        } catch ServiceError.notFound {
            return try await notFound(mount: mount)
        }
    }
}

/// interview.mustache: 在线访谈 — the list (running and announced first, then past), or one
/// interview with its guests, question form, questions taken and 文字实录. Each part shown when set.
struct InterviewPageView {
    struct Item { let title: String, time: String, phase: String, phaseClass: String, guests: String, url: String }
    struct Entry { let speaker: String, name: String, text: [String], at: String }
    struct Question { let nickname: String, text: String, asked: String, state: String }
    struct Form { let action: String, token: String, question: String, nickname: String, text: String, errors: [String], hasErrors: Bool }
    struct Detail {
        let title: String, phase: String, phaseClass: String, time: String, host: String
        let guests: [String]
        let summary: [String]
        let live: Bool, ended: Bool
        /// Just asked; the question refused.
        let asked: Bool, refusal: String?
        let transcript: [Entry]
        var hasTranscript: Bool = false
        let questions: [Question]
        var hasQuestions: Bool = false
        let backURL: String, selfURL: String
        var form: Form? = nil

        init(
            title: String, phase: String, phaseClass: String, time: String, host: String, guests: [String], summary: [String], live: Bool,
            ended: Bool, asked: Bool, refusal: String?, transcript: [Entry], questions: [Question], backURL: String, selfURL: String
        ) {
            self.title = title; self.phase = phase; self.phaseClass = phaseClass; self.time = time; self.host = host; self.guests = guests
            self.summary = summary; self.live = live; self.ended = ended; self.asked = asked; self.refusal = refusal
            self.transcript = transcript; hasTranscript = !transcript.isEmpty; self.questions = questions; hasQuestions = !questions.isEmpty
            self.backURL = backURL; self.selfURL = selfURL
        }
    }

    let heading: String
    var current: [Item] = []
    var past: [Item] = []
    var hasCurrent = false, hasPast = false, hasAny = false
    var isList: Bool
    var interview: Detail? = nil

    init(heading: String, current: [Item], past: [Item]) {
        self.heading = heading; self.current = current; self.past = past; isList = true
        hasCurrent = !current.isEmpty; hasPast = !past.isEmpty; hasAny = hasCurrent || hasPast
    }

    init(heading: String, interview: Detail) {
        self.heading = heading; self.interview = interview; isList = false
    }
}
