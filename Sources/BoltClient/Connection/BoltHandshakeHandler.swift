import NIOCore

/// Sends the handshake when the channel becomes active and completes `negotiated` with the answer.
///
/// Afterwards it passes bytes through unchanged to the message decoder behind it.
final class BoltHandshakeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State {
        case waiting(ByteBuffer)
        case done
    }

    private var state = State.waiting(ByteBuffer())
    let negotiated: EventLoopPromise<BoltVersion>

    init(negotiated: EventLoopPromise<BoltVersion>) {
        self.negotiated = negotiated
    }

    func channelActive(context: ChannelHandlerContext) {
        // One write: FalkorDB can fail on a handshake split across writes.
        context.writeAndFlush(wrapOutboundOut(BoltHandshake.request()), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        switch state {
        case .done:
            context.fireChannelRead(data)
        case .waiting(var pending):
            pending.writeBuffer(&incoming)
            guard let reply = pending.readBytes(length: 4) else {
                state = .waiting(pending)
                return
            }
            state = .done
            guard let version = BoltHandshake.version(fromReply: reply) else {
                negotiated.fail(
                    BoltError(.protocolViolation, "the server accepted no proposed Bolt version (\(reply))")
                )
                context.close(promise: nil)
                return
            }
            negotiated.succeed(version)
            if pending.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(pending)) }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if case .waiting = state {
            state = .done
            negotiated.fail(BoltError(.connection, "the server closed the connection during the Bolt handshake"))
        }
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        // Also reached when the TCP connect itself failed: never leak the promise.
        if case .waiting = state {
            state = .done
            negotiated.fail(BoltError(.connection, "the connection closed before the Bolt handshake"))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if case .waiting = state {
            state = .done
            negotiated.fail(BoltError(.connection, "Bolt handshake failed: \(error)"))
        }
        context.fireErrorCaught(error)
    }
}
