import NIOCore

/// The last inbound handler: passes responses to the mailbox and applies its backpressure to reads.
final class BoltResponseHandler: ChannelDuplexHandler {
    typealias InboundIn = BoltResponse
    typealias OutboundIn = BoltRequest
    typealias OutboundOut = BoltRequest

    private let mailbox: ResponseMailbox

    init(mailbox: ResponseMailbox) {
        self.mailbox = mailbox
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        mailbox.deliver(unwrapInboundIn(data))
    }

    func read(context: ChannelHandlerContext) {
        if !mailbox.shouldHoldBackRead() { context.read() }
    }

    func channelInactive(context: ChannelHandlerContext) {
        mailbox.fail(BoltError(.connection, "the server closed the connection"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? PackStreamError {
            mailbox.fail(BoltError(.protocolViolation, "\(error)"))
        } else {
            mailbox.fail(BoltError(.connection, "connection error: \(error)"))
        }
        context.close(promise: nil)
    }
}
