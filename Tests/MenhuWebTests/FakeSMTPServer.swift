import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An SMTP relay on loopback for tests: answers every command as a relay would and keeps what it
/// was sent (the envelope recipient and the message), one connection after another.
final class FakeSMTPServer: @unchecked Sendable {
    struct Received: Sendable {
        let recipient: String, data: String

        /// The Subject header, decoded from its RFC 2047 base64 word.
        var subject: String {
            guard let b = data.firstMatch(of: #/Subject: =\?UTF-8\?B\?(?<b>[^?]+)\?=/#)?.output.b, let d = Data(base64Encoded: String(b)) else {
                return ""
            }
            return String(decoding: d, as: UTF8.self)
        }
    }

    let port: Int
    private let fd: Int32
    private let lock = NSLock()
    private var received: [Received] = []

    init() throws {
        let sock = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(sock, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(sock, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(sock, $0, &length) }
        }
        fd = sock
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in serve() }
    }

    var messages: [Received] { lock.withLock { received } }

    func stop() { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }

    private func serve() {
        while true {
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return }
            handle(client)
            close(client)
        }
    }

    private func handle(_ client: Int32) {
        func say(_ line: String) { _ = line.withCString { send(client, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }
        var buffer = [UInt8](), recipient = "", inData = false, data: [String] = []
        say("220 fake ESMTP\r\n")
        while true {
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = recv(client, &chunk, chunk.count, 0)
            guard n > 0 else { return }
            buffer += chunk[..<n]
            while let end = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[..<end], as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
                buffer.removeSubrange(...end)
                if inData {
                    if line == "." {
                        inData = false
                        let message = Received(recipient: recipient, data: data.joined(separator: "\n"))
                        lock.withLock { received.append(message) }
                        say("250 queued\r\n")
                    } else {
                        data.append(line.hasPrefix("..") ? String(line.dropFirst()) : line)
                    }
                    continue
                }
                let upper = line.uppercased()
                if upper.hasPrefix("EHLO") {
                    say("250-fake\r\n250 8BITMIME\r\n")
                } else if upper.hasPrefix("MAIL FROM") {
                    say("250 ok\r\n")
                } else if upper.hasPrefix("RCPT TO") {
                    recipient = String(line.split(separator: "<").last?.dropLast() ?? ""); say("250 ok\r\n")
                } else if upper == "DATA" {
                    inData = true; data = []; say("354 go ahead\r\n")
                } else if upper == "QUIT" {
                    say("221 bye\r\n"); return
                } else {
                    say("500 unknown\r\n")
                }
            }
        }
    }
}
