import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers requests for kept pages on the connection itself, on its event loop, before they
/// reach the application: no task, no request context, no router (issue 5: a cached article
/// page at nginx-class speed). Everything else goes on to Hummingbird unchanged.
///
/// Responses leave in the order requests came: while a request handed on is unanswered (its
/// response has not ended), later requests are handed on too, even kept pages. A request that
/// asks to close the connection is handed on, so Hummingbird closes it as usual.
final class PageCacheChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let cache: PageCache
    let serverName: String
    /// The answer to the request being read (sent at its end), when it is answered here.
    private var answer: PageCache.Answer?
    /// Whether the request being read is handed on.
    private var handingOn = false
    /// Requests handed on whose responses have not ended.
    private var unanswered = 0
    private var needsFlush = false

    init(cache: PageCache, serverName: String) {
        self.cache = cache
        self.serverName = serverName
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if unanswered == 0, head.headerFields[.connection]?.lowercased() != "close", let found = try? cache.answer(head, onConnection: true) {
                answer = found
                handingOn = false
            } else {
                answer = nil
                handingOn = true
                unanswered += 1
                context.fireChannelRead(data)
            }
        case .body:
            if handingOn { context.fireChannelRead(data) }
        case .end:
            guard !handingOn, let found = answer else {
                context.fireChannelRead(data)
                return
            }
            answer = nil
            var headers = found.headers
            headers[.date] = HTTPDate.now()
            headers[.server] = serverName
            context.write(wrapOutboundOut(.head(HTTPResponse(status: found.status, headerFields: headers))), promise: nil)
            if let body = found.body { context.write(wrapOutboundOut(.body(body)), promise: nil) }
            context.write(wrapOutboundOut(.end(nil)), promise: nil)
            needsFlush = true
        }
    }

    /// No more requests are read while answers wait to be sent (a client that sends and never
    /// reads must not fill the server's memory).
    private var readHeld = false

    func read(context: ChannelHandlerContext) {
        if context.channel.isWritable { context.read() } else { readHeld = true }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, readHeld {
            readHeld = false
            context.read()
        }
        context.fireChannelWritabilityChanged()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), unanswered > 0 { unanswered -= 1 }
        context.write(data, promise: promise)
    }
}

/// The Date header's text, made once a second.
final class HTTPDate: @unchecked Sendable {
    private static let shared = HTTPDate()
    private let lock = NSLock()
    private var second = -1
    private var text = ""

    static func now() -> String {
        var clock = timespec()
        clock_gettime(CLOCK_REALTIME, &clock)
        let second = clock.tv_sec
        return shared.lock.withLock {
            if shared.second != second {
                shared.second = second
                shared.text = PageCache.httpDate(Date(timeIntervalSince1970: TimeInterval(second)))
            }
            return shared.text
        }
    }
}
