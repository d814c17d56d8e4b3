import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// How long a connection may take to send a request's headers, and may sit idle between
/// requests (X1: slow-header and idle connections were kept open for minutes or for ever, so a
/// few hundred sockets could hold the server). `MENHU_HEADER_TIMEOUT`, `MENHU_IDLE_TIMEOUT`.
public struct ConnectionTimeouts: Sendable, Equatable {
    /// From the first byte of a request to the end of its headers.
    public var header: TimeAmount
    /// With no request under way: from a connection's opening, or from the end of the last
    /// response, to the first byte of the next request.
    public var idle: TimeAmount

    public init(header: TimeAmount = .seconds(10), idle: TimeAmount = .seconds(30)) {
        self.header = header; self.idle = idle
    }
}

/// HTTP/1.1 as `HTTP1Channel` serves it, with `ConnectionTimeouts` watched on every connection,
/// HTTP/1.0 connections closed after their response unless they asked to be kept alive, and
/// the forwarding headers dropped unless a trusted proxy sent them.
struct MenhuHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let responder: HTTPChannelHandler.Responder
    let timeouts: ConnectionTimeouts
    let trustedProxies: Set<String>
    let handlers: @Sendable () -> [any RemovableChannelHandler]

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let http = HTTP1Channel(responder: responder, configuration: .init(additionalChannelHandlers: handlers()))
        return http.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let watch = ConnectionWatch(timeouts: timeouts)
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(ConnectionWatch.Bytes(watch), position: .first)
            let codec = try pipeline.handler(type: HTTP1ToHTTPServerCodec.self)
            try pipeline.addHandler(ConnectionWatch.Messages(watch), position: .before(codec))
            let peer = channel.remoteAddress?.ipAddress
            if peer == nil || !trustedProxies.contains(peer!) {
                try pipeline.addHandler(UntrustedForwarding(), position: .before(codec))
            }
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await HTTP1Channel(responder: responder).handle(value: value, logger: logger)
    }
}

/// The state of one connection, shared by its two watching handlers (both on its event loop).
///
/// Requests only move a deadline (a clock read); one repeated check per connection, at a quarter
/// of the shorter timeout, closes it once the deadline has passed. Scheduling and cancelling a
/// timer for every request cost a fifth of the cached pages' throughput.
final class ConnectionWatch {
    let timeouts: ConnectionTimeouts
    /// Requests whose headers were read and whose response has not ended.
    var outstanding = 0
    var readingHead = false
    /// When the connection is to be closed; nil while a request is under way.
    var deadline: NIODeadline?
    var check: RepeatedTask?

    init(timeouts: ConnectionTimeouts) { self.timeouts = timeouts }

    /// Sets the deadline `amount` from now, and starts the connection's check if it has none.
    func arm(_ amount: TimeAmount, _ context: ChannelHandlerContext) {
        deadline = .now() + amount
        guard check == nil else { return }
        let channel = context.channel
        let every = TimeAmount.nanoseconds(max(min(timeouts.header, timeouts.idle).nanoseconds / 4, 10_000_000))
        let watch = NIOLoopBound(self, eventLoop: context.eventLoop)
        check = context.eventLoop.scheduleRepeatedTask(initialDelay: every, delay: every) { _ in
            let watch = watch.value
            guard let deadline = watch.deadline, deadline <= .now() else { return }
            // A response a slow client has not taken yet (a large attachment) is not idleness.
            if channel.isWritable { channel.close(promise: nil) } else { watch.deadline = .now() + watch.timeouts.idle }
        }
    }

    func disarm() {
        deadline = nil
    }

    func stop() {
        check?.cancel()
        check = nil
    }

    /// First in the pipeline: sees the bytes, so the header clock starts at a request's first byte.
    final class Bytes: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        let watch: ConnectionWatch
        init(_ watch: ConnectionWatch) { self.watch = watch }

        func handlerAdded(context: ChannelHandlerContext) {
            if context.channel.isActive, watch.check == nil { watch.arm(watch.timeouts.idle, context) }
        }

        func channelActive(context: ChannelHandlerContext) {
            if watch.check == nil { watch.arm(watch.timeouts.idle, context) }
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if watch.outstanding == 0, !watch.readingHead {
                watch.readingHead = true
                watch.arm(watch.timeouts.header, context)
            }
            context.fireChannelRead(data)
        }

        func channelInactive(context: ChannelHandlerContext) {
            watch.stop()
            context.fireChannelInactive()
        }
    }

    /// After the HTTP/1 decoder: a request's headers are complete; its response has ended.
    final class Messages: ChannelDuplexHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias InboundOut = HTTPServerRequestPart
        typealias OutboundIn = HTTPServerResponsePart
        typealias OutboundOut = HTTPServerResponsePart
        let watch: ConnectionWatch
        var context: ChannelHandlerContext?
        init(_ watch: ConnectionWatch) { self.watch = watch }

        func handlerAdded(context: ChannelHandlerContext) { self.context = context }
        func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .head(var head) = unwrapInboundIn(data) else {
                context.fireChannelRead(data)
                return
            }
            watch.outstanding += 1
            watch.readingHead = false
            watch.disarm()
            // HTTP/1.0 without keep-alive, or `Connection: Close` in any case: the application
            // sees `Connection: close` and closes after the response (the version is lost further on).
            if !head.isKeepAlive {
                head.headers.replaceOrAdd(name: "connection", value: "close")
                context.fireChannelRead(wrapInboundOut(.head(head)))
                return
            }
            context.fireChannelRead(data)
        }

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            guard case .end = unwrapOutboundIn(data) else {
                context.write(data, promise: promise)
                return
            }
            watch.outstanding = max(0, watch.outstanding - 1)
            // The idle clock starts with the response's end; the check waits on while a slow client
            // is still taking the response.
            if watch.outstanding == 0, !watch.readingHead { watch.arm(watch.timeouts.idle, context) }
            context.write(data, promise: promise)
        }
    }
}

/// Drops `X-Forwarded-Proto`, `-Host` and `-For` from a client that is not a trusted proxy
/// (`MENHU_TRUSTED_PROXIES`): anyone could otherwise choose the scheme that secure cookies, feeds
/// and site maps (kept in the page cache for everyone) are built with.
final class UntrustedForwarding: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    static let names = ["x-forwarded-proto", "x-forwarded-host", "x-forwarded-for", "forwarded", marker]
    /// Set on a request whose forwarding headers were dropped here.
    static let marker = "x-menhu-untrusted-forwarding"

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data), Self.names.contains(where: { head.headers.contains(name: $0) }) else {
            context.fireChannelRead(data)
            return
        }
        for name in Self.names { head.headers.remove(name: name) }
        // Kept as a mark, so that what only local clients may see (/metrics) knows it was forwarded.
        head.headers.replaceOrAdd(name: Self.marker, value: "1")
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }
}
