import Foundation
import HTTPTypes
import Hummingbird
import MenhuCore
import MenhuImport
import MenhuStore

/// What an error means to the person and to the program that asked: status, a Chinese title
/// and text, and the API's code. DESIGN: errors are mapped once, here, and rendered by one
/// edge per surface (the admin layout, the public page, JSON for `/api`). An error this does
/// not know is a bug: logged, and answered 500.
struct ErrorAnswer: Sendable, Equatable {
    var status: HTTPResponse.Status
    var title: String
    var text: String
    /// The API's `error.code`.
    var code: String
    /// Which fields, for a form or a JSON body that did not pass its checks.
    var fields: FieldErrors?

    /// The answer to `error`, or nil for an unexpected one.
    static func of(_ error: any Error) -> ErrorAnswer? {
        switch error {
        case let errors as FieldErrors:
            return ErrorAnswer(
                status: .unprocessableContent, title: "请检查填写的内容",
                text: errors.problems.map(\.message).joined(separator: "；"), code: "invalid", fields: errors)
        case let error as ServiceError:
            switch error {
            case .notFound(let m): return ErrorAnswer(status: .notFound, title: "未找到", text: m, code: "not_found")
            case .conflict(let m): return ErrorAnswer(status: .conflict, title: "无法完成操作", text: m, code: "conflict")
            case .refused(let m): return ErrorAnswer(status: .conflict, title: "无法完成操作", text: m, code: "refused")
            }
        case let refusal as WorkflowRefusal:
            // The workflow says why; each kind keeps its own status.
            switch refusal {
            case .wrongState(let m): return ErrorAnswer(status: .conflict, title: "稿件当前不能这样处理", text: m, code: "wrong_state")
            case .noPermission(let m): return ErrorAnswer(status: .forbidden, title: "没有权限", text: m, code: "forbidden")
            case .ownWork(let m): return ErrorAnswer(status: .forbidden, title: "不能处理自己的稿件", text: m, code: "own_work")
            case .reasonRequired(let m): return ErrorAnswer(status: .unprocessableContent, title: "须填写理由", text: m, code: "reason_required")
            case .contentBlocked(let m): return ErrorAnswer(status: .unprocessableContent, title: "内容检查未通过", text: m, code: "content_blocked")
            }
        case let refusal as LetterRefusal:
            // The letter flow says why; each kind keeps its own status.
            switch refusal {
            case .wrongState(let m): return ErrorAnswer(status: .conflict, title: "留言当前不能这样办理", text: m, code: "wrong_state")
            case .noPermission(let m): return ErrorAnswer(status: .forbidden, title: "没有权限", text: m, code: "forbidden")
            case .reasonRequired(let m): return ErrorAnswer(status: .unprocessableContent, title: "须填写理由", text: m, code: "reason_required")
            case .alreadyUsed(let m): return ErrorAnswer(status: .conflict, title: "只能办理一次", text: m, code: "already_used")
            case .notAllowed(let m): return ErrorAnswer(status: .unprocessableContent, title: "无法办理", text: m, code: "not_allowed")
            }
        case let refusal as DisclosureRefusal:
            // 依申请公开: the flow names the article; a matter of permission is 403.
            return refusal.forbidden
                ? ErrorAnswer(status: .forbidden, title: "没有权限", text: refusal.message, code: "forbidden")
                : ErrorAnswer(status: .unprocessableContent, title: "申请当前不能这样办理", text: refusal.message, code: "not_allowed")
        case let problem as PackageError:
            return ErrorAnswer(status: .unprocessableContent, title: "无法读取文档", text: problem.description, code: "invalid")
        case let problem as DocxImporter.ImportError:
            return ErrorAnswer(status: .unprocessableContent, title: "无法导入文档", text: problem.description, code: "invalid")
        case is StoreError:
            return ErrorAnswer(status: .serviceUnavailable, title: "服务暂不可用", text: "数据库暂时无法访问，请稍后再试。", code: "unavailable")
        case let error as HTTPError:
            let status = error.status
            let title = status == .notFound ? "页面不存在" : status == .contentTooLarge ? "提交的内容过大" : "请求有误"
            let text = error.body ?? (status == .notFound ? "您访问的页面不存在。" : "请求无法处理。")
            return ErrorAnswer(status: status, title: title, text: text, code: Self.code(for: status))
        case let error as any HTTPResponseError:
            return ErrorAnswer(status: error.status, title: "请求有误", text: "请求无法处理。", code: Self.code(for: error.status))
        default:
            return nil
        }
    }

    /// The answer given to a bug: nothing about it leaves the server.
    static let unexpected = ErrorAnswer(
        status: .internalServerError, title: "服务器内部错误",
        text: "服务器处理请求时出错，我们已记录此问题。", code: "internal")

    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 409: "conflict"
        case 413: "too_large"
        case 415: "unsupported_media_type"
        case 422: "invalid"
        case 429: "too_many_requests"
        default: status.code >= 500 ? "unavailable" : "bad_request"
        }
    }

    /// The API's form: `{"error": {"code": …, "message": …, "fields": [{"field": …, "message": …}]}}`.
    var json: Response {
        var error: [String: any Sendable] = ["code": code, "message": text]
        if let fields {
            error["fields"] = fields.problems.map { ["field": $0.field, "message": $0.message] as [String: any Sendable] }
        }
        var response = Reply.json(["error": error], status: status)
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer realm=\"menhu\"" }
        return response
    }
}
