import Foundation
import Hummingbird
import MenhuCore
import NIOCore

/// Helpers that build responses.
enum Reply {
    /// An HTML page.
    static func html(_ body: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = headers[.cacheControl] ?? "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// 303 See Other: the browser follows with GET (post/redirect/get).
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// A JSON body.
    static func json(_ object: [String: any Sendable], status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: citing(data))))
    }

    /// Messages in JSON cite rules as people know them (the regulation and article), never by number,
    /// as the console's pages do (`RuleCitations.linked`): one place for every JSON answer.
    private static func citing(_ data: Data) -> Data {
        guard let text = String(data: data, encoding: .utf8), text.contains("依据") else { return data }
        return Data(RuleBasis.plainText(text).utf8)
    }

    /// An `Encodable` value as JSON.
    static func encoded(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: citing(data))))
    }

    /// Plain text, e.g. a CSV download.
    static func text(_ body: String, contentType: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// Form bodies (`application/x-www-form-urlencoded`).
enum FormBody {
    /// The largest form body accepted.
    static let limit = 3 * 1024 * 1024  // article bodies may reach 2 MB

    /// Reads a submitted form; a body that is too large or not a form is an error the
    /// caller turns into a 4xx page.
    static func read(_ request: Request) async throws -> [String: String] {
        var request = request
        let buffer: ByteBuffer
        switch await BodyReader.collect(&request, upTo: limit) {
        case .success(let body): buffer = body
        case .failure(.tooLarge): throw HTTPError(.contentTooLarge, message: "提交的内容过大")
        case .failure(.malformed): throw HTTPError(.badRequest, message: "提交的内容格式不正确")
        }
        let contentType = request.headers[.contentType] ?? ""
        if !contentType.isEmpty && !contentType.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            throw HTTPError(.unsupportedMediaType, message: "请通过页面表单提交")
        }
        return parse(String(buffer: buffer))
    }

    /// The ids of a checkbox group named `prefix` + id (`extra_…`, `column_…`), in order.
    static func checked(_ prefix: String, in form: [String: String]) -> [String] {
        form.keys.filter { $0.hasPrefix(prefix) }.sorted().map { String($0.dropFirst(prefix.count)) }
    }

    /// Decodes `a=1&b=%E4%B8%AD`; repeated names keep the last value; bad escapes are kept as typed.
    static func parse(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            guard !name.isEmpty else { continue }
            fields[name] = value
        }
        return fields
    }

    private static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}

extension Request {
    /// A query parameter, trimmed ("" when absent).
    func query(_ name: String) -> String {
        uri.queryParameters[Substring(name)].map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
    }

    /// A query parameter as a positive page number (1 when absent or bad).
    var pageNumber: Int {
        uri.queryParameters["page"].flatMap { Int(String($0)) }.map { max(1, min($0, 100_000)) } ?? 1
    }
}

/// Reading a request's whole body, telling a body over the limit (413) from one that breaks
/// HTTP's framing, such as malformed chunks (400).
enum BodyReader {
    enum Problem: Error { case tooLarge, malformed }

    static func collect(_ request: inout Request, upTo limit: Int) async -> Result<ByteBuffer, Problem> {
        do { return .success(try await request.collectBody(upTo: limit)) } catch is NIOTooManyBytesError {
            return .failure(.tooLarge)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return .failure(.tooLarge)
        } catch {
            return .failure(.malformed)
        }
    }
}
