import Foundation
import HTTPTypes
import Hummingbird
import MenhuChecks
import MenhuCore
import MenhuHTML
import MenhuStore

/// The business-system push API (P9): `POST /api/v1/articles` with a bearer token per system,
/// scoped to columns. Items arrive with their upstream edit, review and sign-off, are published
/// at once and registered (P6). Documented at `/api/openapi.yaml`.
struct PushAPI: Sendable {
    let env: WebEnvironment
    var flow: InformationFlowService { InformationFlowService(database: env.database, clock: env.clock) }

    static let bodyLimit = 4 * 1024 * 1024

    func register(on router: Router<MenhuRequestContext>) {
        router.get("/api/openapi.yaml") { _, _ in
            guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml", subdirectory: "api"),
                let text = try? String(contentsOf: url, encoding: .utf8)
            else {
                return Reply.text("Not Found", contentType: "text/plain; charset=utf-8", status: .notFound)
            }
            return Reply.text(text, contentType: "application/yaml; charset=utf-8")
        }
        router.post("/api/v1/articles") { request, _ in try await push(request) }
    }

    /// An API error in the one JSON form (`ErrorAnswer.json`).
    static func problem(_ status: HTTPResponse.Status, _ code: String, _ message: String, fields: FieldErrors? = nil) -> Response {
        ErrorAnswer(status: status, title: "", text: message, code: code, fields: fields).json
    }

    func push(_ request: Request) async throws -> Response {
        let auth = request.headers[.authorization] ?? ""
        guard auth.hasPrefix("Bearer "), let system = try await flow.authenticate(token: String(auth.dropFirst(7)).trimmed) else {
            return Self.problem(.unauthorized, "unauthorized", "缺少或无效的推送令牌（Authorization: Bearer …）")
        }
        guard (request.headers[.contentType] ?? "").lowercased().hasPrefix("application/json") else {
            return Self.problem(.unsupportedMediaType, "unsupported_media_type", "请以 application/json 提交")
        }
        var request = request
        let buffer: ByteBuffer
        switch await BodyReader.collect(&request, upTo: Self.bodyLimit) {
        case .success(let body): buffer = body
        case .failure(.tooLarge): return Self.problem(.contentTooLarge, "too_large", "请求体超过 4 MB")
        case .failure(.malformed): return Self.problem(.badRequest, "invalid_json", "请求体的传输格式不正确")
        }
        let item: PushedItem
        do {
            item = try JSONDecoder().decode(PushedItem.self, from: Data(buffer: buffer))
        } catch {
            return Self.problem(.badRequest, "invalid_json", "JSON 格式不正确或缺少必填字段：\(Self.describe(error))")
        }
        let columns = try await env.database.read { db in try await ColumnRecords.all(siteID: system.siteID, on: db) }
        let allowed = Set(system.columnIDs)
        do {
            let content = try item.content(sanitize: Sanitizer.clean) { key in
                columns.first { ($0.slug == key || $0.id == key) && allowed.contains($0.id) && !$0.isArchived }?.id
            }
            // P3, P10, P16, X4: a pushed item passes the same content gate as one written here; nobody
            // may let a finding through on the API (the signer's override is for people).
            let facts = try await env.database.read { db in try await GateRecords.facts(for: content, siteID: system.siteID, on: db) }
            let blocking = ContentGate.findings(content, facts: facts, env: env).filter { $0.severity == .block }
            guard blocking.isEmpty else { return Self.blocked(blocking, in: content) }
            let (work, entry): (ArticleWork, RegistryEntry?)
            do { (work, entry) = try await env.publishing.publishPushed(content, upstream: item.upstream, system: system) } catch let error
                as ServiceError
            {
                return Self.problem(.unprocessableContent, "content_blocked", error.description)
            }
            let (site, column) = try await env.database.read { db in
                (try await SiteRecords.find(id: system.siteID, on: db), try await ColumnRecords.find(id: content.columnID, on: db))
            }
            var body: [String: any Sendable] = [
                "id": work.id, "status": work.status.rawValue,
                "url": "/sites/\(site?.code ?? "")/\(column?.slug ?? "")/\(work.id).html",
                "publishedAt": ISO8601DateFormatter().string(from: work.publishedAt ?? env.clock.now()),
            ]
            if let entry {
                body["revisionDigest"] = entry.revisionDigest
                body["registrySequence"] = entry.sequence
            }
            return Reply.json(body, status: .created)
        } catch let errors as FieldErrors {
            return Self.problem(.unprocessableContent, "invalid", "推送内容未通过校验", fields: errors)
        }
    }

    /// 422 with the blocking findings: `{"error": {"code": "content_blocked", "message": …, "findings": [{rule, field,
    /// matched, message, requirement, suggestion, attachment}]}}`.
    static func blocked(_ findings: [Finding], in content: ArticleContent) -> Response {
        let located = ContentGate.locate(findings, in: content)
        let list: [[String: any Sendable]] = located.map { l in
            var f: [String: any Sendable] = [
                "rule": l.finding.rule, "matched": l.finding.matched, "message": l.finding.message,
                "requirement": l.finding.requirement,
            ]
            if let field = l.field { f["field"] = field == "body" ? "bodyHTML" : field }
            if let suggestion = l.finding.suggestion { f["suggestion"] = suggestion }
            if let source = l.finding.source { f["attachment"] = source }
            return f
        }
        let message = "内容检查未通过，不能发布：" + findings.prefix(3).map(ContentGate.describe).joined(separator: "；")
        return Reply.json(
            ["error": ["code": "content_blocked", "message": message, "findings": list] as [String: any Sendable]],
            status: .unprocessableContent)
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let c): return (c.codingPath + [key]).map(\.stringValue).joined(separator: ".")
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            return c.codingPath.map(\.stringValue).joined(separator: ".")
        case DecodingError.dataCorrupted(let c): return c.codingPath.map(\.stringValue).joined(separator: ".") + " " + c.debugDescription
        default: return "\(error)"
        }
    }
}
