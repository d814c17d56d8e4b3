import Foundation
import Hummingbird

/// A file sent in a `multipart/form-data` form.
struct UploadedFile: Sendable {
    let field: String
    let fileName: String
    let data: Data
}

/// A small `multipart/form-data` reader (RFC 7578): text fields and files.
enum Multipart {
    /// The largest upload body accepted (documents are limited to 20 MB each).
    static let limit = 21 * 1024 * 1024

    /// The boundary of a `multipart/form-data` content type, or nil.
    static func boundary(_ contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for part in contentType.split(separator: ";") {
            let kv = part.trimmingCharacters(in: .whitespaces)
            if kv.lowercased().hasPrefix("boundary=") {
                let value = kv.dropFirst(9).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return value.isEmpty || value.count > 200 ? nil : value
            }
        }
        return nil
    }

    /// Splits a body into fields and files; nil when it is not well-formed.
    static func parse(_ body: Data, boundary: String) -> ([String: String], [UploadedFile])? {
        let delimiter = Data("--\(boundary)".utf8)
        let crlf = Data("\r\n".utf8), headerEnd = Data("\r\n\r\n".utf8)
        var fields: [String: String] = [:]
        var files: [UploadedFile] = []
        guard var cursor = body.range(of: delimiter)?.upperBound else { return nil }
        while true {
            // After a delimiter: "--" ends the body, CRLF starts a part.
            if body[cursor...].starts(with: Data("--".utf8)) { break }
            guard body[cursor...].starts(with: crlf) else { return nil }
            cursor += 2
            guard let headEnd = body.range(of: headerEnd, in: cursor..<body.endIndex),
                let next = body.range(of: crlf + delimiter, in: headEnd.upperBound..<body.endIndex)
            else { return nil }
            let head = String(decoding: body[cursor..<headEnd.lowerBound], as: UTF8.self)
            let content = Data(body[headEnd.upperBound..<next.lowerBound])
            var name: String?, fileName: String?
            for line in head.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                name = parameter("name", in: line)
                fileName = parameter("filename", in: line)
            }
            guard let name else { return nil }
            if let fileName {
                if !fileName.isEmpty || !content.isEmpty {
                    files.append(UploadedFile(field: name, fileName: (fileName as NSString).lastPathComponent, data: content))
                }
            } else {
                fields[name] = String(decoding: content, as: UTF8.self)
            }
            cursor = next.upperBound
        }
        return (fields, files)
    }

    static func parameter(_ key: String, in line: String) -> String? {
        for piece in line.split(separator: ";").dropFirst() {
            let kv = piece.trimmingCharacters(in: .whitespaces)
            guard kv.lowercased().hasPrefix(key + "=") else { continue }
            return String(kv.dropFirst(key.count + 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }
}
