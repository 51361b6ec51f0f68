import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

extension BoltConnection {
    /// Connects, negotiates the protocol version and authenticates.
    ///
    /// Bolt 4.4 and 5.0 carry the credentials in HELLO; 5.1+ sends HELLO, then LOGON.
    /// - Parameters:
    ///   - configuration: Host, port, TLS, auth.
    ///   - group: The event loop group; `MultiThreadedEventLoopGroup.singleton` when `nil`.
    /// - Returns: A ready connection.
    /// - Throws: ``BoltError`` (`connection`, `server` for a refused login, `protocolViolation`).
    public static func connect(
        to configuration: BoltConfiguration,
        on group: (any EventLoopGroup)? = nil
    ) async throws -> BoltConnection {
        let sslContext = try makeSSLContext(configuration.tls)
        let serverHostname = isIPAddress(configuration.host) ? nil : configuration.host
        let bootstrap = ClientBootstrap(group: group ?? MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.nanoseconds(configuration.connectTimeout.nanoseconds))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
        let (channel, mailbox, negotiated): (any Channel, ResponseMailbox, EventLoopFuture<BoltVersion>)
        do {
            (channel, mailbox, negotiated) = try await bootstrap.connect(
                host: configuration.host,
                port: configuration.port
            ) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let mailbox = ResponseMailbox(resumeReading: { channel.read() })
                    let promise = channel.eventLoop.makePromise(of: BoltVersion.self)
                    let pipeline = channel.pipeline.syncOperations
                    if let sslContext {
                        try pipeline.addHandler(
                            try NIOSSLClientHandler(context: sslContext, serverHostname: serverHostname)
                        )
                    }
                    try pipeline.addHandler(BoltHandshakeHandler(negotiated: promise))
                    try pipeline.addHandler(ByteToMessageHandler(BoltMessageDecoder()))
                    try pipeline.addHandler(MessageToByteHandler(BoltRequestEncoder()))
                    try pipeline.addHandler(BoltResponseHandler(mailbox: mailbox))
                    return (channel, mailbox, promise.futureResult)
                }
            }
        } catch let error as BoltError {
            throw error
        } catch {
            throw BoltError(
                .connection,
                "cannot connect to \(configuration.host):\(configuration.port): \(error)",
                mayHaveReachedServer: false
            )
        }
        let timedOut = Mutex(false)
        let deadline = TimeAmount.nanoseconds(configuration.connectTimeout.nanoseconds)
        let handshakeTimer = channel.eventLoop.scheduleTask(in: deadline) {
            timedOut.withLock { $0 = true }
            channel.close(promise: nil)
        }
        do {
            let version = try await negotiated.get()
            handshakeTimer.cancel()
            let connection = try await authenticate(
                channel: channel,
                mailbox: mailbox,
                version: version,
                configuration: configuration
            )
            return connection
        } catch {
            handshakeTimer.cancel()
            try? await channel.close().get()
            if timedOut.withLock({ $0 }) {
                throw BoltError(
                    .connection,
                    "no Bolt handshake answer from \(configuration.host):\(configuration.port) within "
                        + "\(configuration.connectTimeout)",
                    mayHaveReachedServer: false
                )
            }
            // No query goes out while connecting.
            if var error = error as? BoltError {
                error.mayHaveReachedServer = false
                throw error
            }
            throw BoltError(
                .connection,
                "Bolt handshake with \(configuration.host):\(configuration.port) failed",
                mayHaveReachedServer: false
            )
        }
    }

    /// HELLO (and LOGON on 5.1+); returns the connection once the server accepted the credentials.
    ///
    /// On Bolt 4.4 HELLO asks for `patch_bolt: ["utc"]`, so date-times arrive as UTC instants (structures
    /// 0x49/0x69, as on Bolt 5); a server that does not agree sends the legacy 0x46/0x66 ones.
    private static func authenticate(
        channel: any Channel,
        mailbox: ResponseMailbox,
        version: BoltVersion,
        configuration: BoltConfiguration
    ) async throws -> BoltConnection {
        var hello: BoltMap = ["user_agent": .string(configuration.userAgent)]
        if version >= BoltVersion(5, 3) {
            hello["bolt_agent"] = ["product": .string(configuration.userAgent), "language": "Swift"]
        }
        if version == BoltVersion(4, 4) { hello["patch_bolt"] = ["utc"] }
        if let context = configuration.routingContextMap { hello["routing"] = .map(context) }
        let usesLogon = version >= BoltVersion(5, 1)
        if !usesLogon { for entry in configuration.auth.token { hello[entry.key] = entry.value } }
        try await channel.writeAndFlush(BoltRequest.hello(extra: hello)).get()
        let serverAgent: String
        let connectionID: String
        let patches: [String]
        switch try await mailbox.next() {
        case .success(let metadata):
            serverAgent = metadata["server"]?.string ?? ""
            connectionID = metadata["connection_id"]?.string ?? ""
            patches = metadata["patch_bolt"]?.stringList ?? []
        case .failure(let code, let message, let gqlStatus):
            throw BoltError(.server, "the server refused HELLO: \(message)", serverCode: code, gqlStatus: gqlStatus)
        case .ignored, .record:
            throw BoltError(.protocolViolation, "unexpected answer to HELLO")
        }
        if usesLogon {
            try await channel.writeAndFlush(BoltRequest.logon(auth: configuration.auth.token)).get()
            switch try await mailbox.next() {
            case .success:
                break
            case .failure(let code, let message, let gqlStatus):
                throw BoltError(.server, "authentication failed: \(message)", serverCode: code, gqlStatus: gqlStatus)
            case .ignored, .record:
                throw BoltError(.protocolViolation, "unexpected answer to LOGON")
            }
        }
        return BoltConnection(
            configuration: configuration,
            protocolVersion: version,
            serverAgent: serverAgent,
            connectionID: connectionID,
            utcDateTimes: version >= BoltVersion(5, 0) || patches.contains("utc"),
            channel: channel,
            mailbox: mailbox
        )
    }

    private static func makeSSLContext(_ tls: BoltConfiguration.TLS) throws -> NIOSSLContext? {
        var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
        switch tls {
        case .disabled: return nil
        case .verified: break
        case .unverified: tlsConfiguration.certificateVerification = .none
        }
        do {
            return try NIOSSLContext(configuration: tlsConfiguration)
        } catch {
            throw BoltError(.configuration, "cannot set up TLS: \(error)")
        }
    }

    private static func isIPAddress(_ host: String) -> Bool {
        host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
    }
}
