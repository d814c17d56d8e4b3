import Foundation
import MenhuCore
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOSSL

/// One request on a kept-alive connection: what to send, how much of a page to read, and where
/// the answer goes.
struct LinkExchange: Sendable {
    let head: HTTPRequestHead
    /// Read a page's first bytes (for its title); a file's body is never read.
    let readBody: Bool
    let bodyLimit: Int
    /// Time left for the answer.
    let timeout: TimeAmount
    let promise: EventLoopPromise<LinkExchangeReply>
}

/// The answer, and whether the connection can carry the next request.
struct LinkExchangeReply: Sendable {
    var response: LinkResponse
    var reusable: Bool
}

/// Sends one exchange at a time and reads its answer: the head, and for a page its first
/// `bodyLimit` bytes. A file's body is not downloaded: the connection is closed instead, as it is
/// when the server says `Connection: close`, on a timeout, or on any error.
final class LinkExchangeHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = LinkExchange
    typealias OutboundOut = HTTPClientRequestPart

    private var current: LinkExchange?
    private var response: LinkResponse?
    private var body = ByteBuffer()
    private var keepAlive = true
    private var collecting = false
    private var timer: Scheduled<Void>?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        guard current == nil else {
            exchange.promise.fail(LinkFailure.connection("连接忙"))
            return
        }
        current = exchange
        response = nil
        body.clear()
        keepAlive = true
        collecting = false
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: exchange.timeout) {
            bound.value.0.fail(bound.value.1, .timeout)
        }
        context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let exchange = current else { return }
        switch unwrapInboundIn(data) {
        case .head(let h):
            let r = LinkResponse(
                status: Int(h.status.code), location: h.headers.first(name: "location"), retryAfter: h.headers.first(name: "retry-after"),
                challenge: h.headers.first(name: "cf-mitigated")?.lowercased() == "challenge",
                contentType: (h.headers.first(name: "content-type") ?? "").lowercased())
            response = r
            keepAlive = h.isKeepAlive
            collecting = exchange.readBody && r.isPage
            // A file's body is not downloaded: the connection goes instead.
            if exchange.head.method != .HEAD && !collecting { finish(context, reusable: false) }
        case .body(var chunk):
            guard collecting else { return }
            body.writeBuffer(&chunk)
            if body.readableBytes >= exchange.bodyLimit { finish(context, reusable: false) }
        case .end:
            finish(context, reusable: keepAlive)
        }
    }

    private func finish(_ context: ChannelHandlerContext, reusable: Bool) {
        guard let exchange = current, var r = response else { return }
        current = nil
        timer?.cancel()
        timer = nil
        if collecting {
            let text = String(decoding: body.readableBytesView, as: UTF8.self)
            r.title = LinkRule.title(ofPage: text)
            if exchange.bodyLimit > LinkChecker.titleBytes { r.body = text }
        }
        exchange.promise.succeed(LinkExchangeReply(response: r, reusable: reusable))
        if !reusable { context.close(promise: nil) }
    }

    fileprivate func fail(_ context: ChannelHandlerContext, _ failure: LinkFailure) {
        guard let exchange = current else { return }
        current = nil
        timer?.cancel()
        timer = nil
        exchange.promise.fail(failure)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(context, .connection("连接中断"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let e = error as? NIOSSLError {
            fail(context, .tls(String(describing: e)))
        } else if let e = error as? BoringSSLError {
            fail(context, .tls(String(describing: e)))
        } else {
            fail(context, .connection("连接中断"))
        }
    }
}

/// Connections left open between requests, by origin and address: the next request to the same
/// place goes on one of them instead of a new connection (the per-origin limit caps how many).
final class LinkConnectionPool: Sendable {
    private let idle = NIOLockedValueBox<[String: [any Channel]]>([:])

    /// An open idle connection to `key`, if any.
    func take(_ key: String) -> (any Channel)? {
        idle.withLockedValue { idle in
            while let channel = idle[key]?.popLast() {
                if channel.isActive { return channel }
            }
            return nil
        }
    }

    func give(_ key: String, _ channel: any Channel) {
        guard channel.isActive else { return }
        idle.withLockedValue { $0[key, default: []].append(channel) }
    }

    /// Closes every idle connection.
    func closeAll() {
        let all = idle.withLockedValue { idle in
            defer { idle = [:] }
            return idle.values.flatMap { $0 }
        }
        for channel in all { channel.close(promise: nil) }
    }

    deinit { closeAll() }
}
