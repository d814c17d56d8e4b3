import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where e-mail goes: an SMTP relay on the government network (the configuration's
/// `MENHU_SMTP_URL=smtp://host:port` and `MENHU_SMTP_FROM`). Plain SMTP, no login: the relay trusts the platform's servers, as
/// e-government intranets' relays do.
public struct SMTPSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var from: String
    public var timeout: TimeInterval

    public init(host: String, port: Int = 25, from: String, timeout: TimeInterval = 15) {
        self.host = host; self.port = port; self.from = from; self.timeout = timeout
    }
}

/// One plain-text message in UTF-8.
public struct MailMessage: Sendable, Equatable {
    public var to: String
    public var subject: String
    public var body: String

    public init(to: String, subject: String, body: String) { self.to = to; self.subject = subject; self.body = body }

    /// The message as sent after DATA: headers (the subject as an RFC 2047 word), a base64 body, CRLF lines.
    func rendered(from: String, date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let encodedSubject = "=?UTF-8?B?\(Data(subject.utf8).base64EncodedString())?="
        let body = Data(body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return [
            "From: \(from)", "To: \(to)", "Subject: \(encodedSubject)", "Date: \(formatter.string(from: date))", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: base64", "", body,
        ].joined(separator: "\r\n")
    }
}

/// Why a message was not sent.
public enum MailError: Error, Sendable, Equatable {
    /// The relay could not be reached or stopped answering (try again later).
    case unreachable(String)
    /// The relay refused the message or a recipient for good (a 5xx answer).
    case refused(String)
    /// The relay asked to try again later (a 4xx answer).
    case deferred(String)
}

/// A minimal SMTP client (RFC 5321): EHLO, MAIL FROM, RCPT TO, DATA, QUIT over one connection,
/// on a thread of its own so that a slow relay never holds the server's threads.
public enum Mailer {
    public static func send(_ message: MailMessage, via settings: SMTPSettings, now: Date = Date()) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread.detachNewThread {
                do {
                    try sendBlocking(message, via: settings, now: now)
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    static func sendBlocking(_ message: MailMessage, via settings: SMTPSettings, now: Date) throws {
        let connection = try Connection(host: settings.host, port: settings.port, timeout: settings.timeout)
        defer { connection.close() }
        func expect(_ code: Int) throws {
            let (answer, text) = try connection.readReply()
            if answer == code || (code == 250 && answer / 100 == 2) { return }
            if answer / 100 == 4 { throw MailError.deferred("\(answer) \(text)") }
            throw MailError.refused("\(answer) \(text)")
        }
        func command(_ line: String, _ code: Int) throws {
            try connection.write(line + "\r\n")
            try expect(code)
        }
        try expect(220)
        try command("EHLO menhu", 250)
        try command("MAIL FROM:<\(address(settings.from))>", 250)
        try command("RCPT TO:<\(address(message.to))>", 250)
        try command("DATA", 354)
        // Dot-stuffing: a line starting with "." gets another (RFC 5321 §4.5.2); base64 never does, headers may.
        let text = message.rendered(from: settings.from, date: now).components(separatedBy: "\r\n")
            .map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n")
        try command(text + "\r\n.", 250)
        try? connection.write("QUIT\r\n")
    }

    /// The bare address of `Name <a@b>` or `a@b`, without line breaks or angle brackets.
    static func address(_ text: String) -> String {
        let inner = text.firstIndex(of: "<").flatMap { start in text[start...].firstIndex(of: ">").map { text[text.index(after: start)..<$0] } }
        return String(inner ?? Substring(text)).filter { !$0.isNewline && $0 != "<" && $0 != ">" && !$0.isWhitespace }
    }

    /// A blocking TCP connection with read and write timeouts.
    final class Connection {
        let fd: Int32
        var buffer = [UInt8]()

        init(host: String, port: Int, timeout: TimeInterval) throws {
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            #if canImport(Glibc)
                hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            #else
                hints.ai_socktype = SOCK_STREAM
            #endif
            var list: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
                throw MailError.unreachable("无法解析邮件服务器地址 \(host)")
            }
            defer { freeaddrinfo(list) }
            var candidate: UnsafeMutablePointer<addrinfo>? = first
            var connected: Int32 = -1
            while let info = candidate, connected < 0 {
                let s = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
                if s >= 0 {
                    var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
                    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                    setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                    if connect(s, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { connected = s } else { _ = Glibc.close(s) }
                }
                candidate = info.pointee.ai_next
            }
            guard connected >= 0 else { throw MailError.unreachable("无法连接邮件服务器 \(host):\(port)") }
            fd = connected
        }

        func write(_ text: String) throws {
            var bytes = Array(text.utf8)[...]
            while !bytes.isEmpty {
                let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard n > 0 else { throw MailError.unreachable("邮件服务器连接中断") }
                bytes = bytes.dropFirst(n)
            }
        }

        func readLine() throws -> String {
            while true {
                if let end = buffer.firstIndex(of: 10) {
                    let line = String(decoding: buffer[..<end], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                    buffer.removeSubrange(...end)
                    return line
                }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                guard n > 0 else { throw MailError.unreachable("邮件服务器未应答") }
                buffer += chunk[..<n]
                if buffer.count > 64 * 1024 { throw MailError.unreachable("邮件服务器应答过长") }
            }
        }

        /// One reply, its continuation lines ("250-…") read through to the last ("250 …").
        func readReply() throws -> (Int, String) {
            while true {
                let line = try readLine()
                guard line.count >= 3, let code = Int(line.prefix(3)) else { throw MailError.unreachable("邮件服务器应答格式不正确") }
                if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] != "-" { return (code, String(line.dropFirst(4))) }
            }
        }

        func close() { _ = Glibc.close(fd) }
    }
}
