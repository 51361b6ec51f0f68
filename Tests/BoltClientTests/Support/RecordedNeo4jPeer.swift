import NIOCore
import NIOPosix
import Synchronization

@testable import BoltClient

/// An in-process Bolt server on localhost that plays Neo4j's side of recorded exchanges: the first
/// connection gets the first exchange, the second the second, and so on.
///
/// It stands in for Neo4j where our real test server (FalkorDB) lacks the behaviour (databases, bookmarks,
/// rollback, Neo4j status codes, routing). ``finish()`` reports a client that strayed from an exchange,
/// stopped before its end, or opened more connections than there are exchanges.
final class RecordedNeo4jPeer: Sendable {
    let port: Int
    /// `127.0.0.1:PORT`, as a routing table lists it.
    var address: String { "127.0.0.1:\(port)" }
    private let listener: any Channel
    private let result: Task<Void, any Error>
    private let log: LogBox

    struct Log {
        var failures: [String] = []
        var connections = 0
        /// The client messages of each connection, in order.
        var received: [[String]] = []
    }

    private init(port: Int, listener: any Channel, result: Task<Void, any Error>, log: LogBox) {
        self.port = port
        self.listener = listener
        self.result = result
        self.log = log
    }

    /// Starts listening for one connection per exchange.
    static func start(_ exchanges: [BoltExchange]) async throws -> RecordedNeo4jPeer {
        try await start { _ in exchanges }
    }

    /// Starts listening; `exchanges` gets the peer's own address (a router lists itself in its routing table).
    static func start(_ exchanges: (String) throws -> [BoltExchange]) async throws -> RecordedNeo4jPeer {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { child in
                child.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child)
                }
            }
        let port = server.channel.localAddress?.port ?? 0
        let exchanges = try exchanges("127.0.0.1:\(port)")
        let logBox = LogBox()
        let task = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        let index = logBox.log.withLock { l in
                            defer { l.connections += 1 }
                            l.received.append([])
                            return l.connections
                        }
                        guard index < exchanges.count else {
                            logBox.log.withLock { $0.failures.append("unexpected connection #\(index + 1)") }
                            try? await connection.channel.close()
                            continue
                        }
                        group.addTask {
                            try await Self.serve(connection, exchange: exchanges[index]) { name in
                                logBox.log.withLock { $0.received[index].append(name) }
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        return RecordedNeo4jPeer(port: port, listener: server.channel, result: task, log: logBox)
    }

    /// Starts a peer for one exchange.
    static func start(_ exchange: BoltExchange) async throws -> RecordedNeo4jPeer {
        try await start([exchange])
    }

    /// The client messages each connection sent so far.
    var received: [[String]] { log.log.withLock { $0.received } }

    /// Stops listening, waits for the open connections to end, and throws what went wrong.
    func finish(expectingConnections expected: Int? = nil) async throws {
        try? await listener.close()
        try await result.value
        let log = log.log.withLock { $0 }
        if let expected, log.connections != expected {
            throw Failure("expected \(expected) connection(s), got \(log.connections)")
        }
        if let failure = log.failures.first { throw Failure(failure) }
    }

    private final class LogBox: Sendable {
        let log = Mutex(Log())
    }

    private static func serve(
        _ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>,
        exchange: BoltExchange,
        record: @Sendable (String) -> Void
    ) async throws {
        var interpreter = BoltExchangeInterpreter(exchange)
        try await connection.executeThenClose { inbound, outbound in
            var buffer = ByteBuffer()
            var handshakeDone = false
            for try await var chunk in inbound {
                buffer.writeBuffer(&chunk)
                if !handshakeDone {
                    guard let hello = buffer.readBytes(length: 20) else { continue }
                    guard hello.prefix(4) == [0x60, 0x60, 0xB0, 0x17] else { throw Failure("bad magic \(hello)") }
                    handshakeDone = true
                    try await outbound.write(ByteBuffer(bytes: [0, 0, exchange.minor, exchange.major]))
                }
                while let (name, fields) = try readMessage(&buffer) {
                    record(name)
                    let reply = try interpreter.receive(name, fields)
                    var bytes = ByteBuffer()
                    for message in reply.messages { encode(message, into: &bytes) }
                    if bytes.readableBytes > 0 { try await outbound.write(bytes) }
                    if reply.hangup { return }
                }
            }
            guard interpreter.isComplete else { throw Failure("the client disconnected before the exchange ended") }
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    private static let requestNames: [UInt8: String] = [
        0x01: "HELLO", 0x6A: "LOGON", 0x6B: "LOGOFF", 0x10: "RUN", 0x3F: "PULL", 0x2F: "DISCARD", 0x11: "BEGIN",
        0x12: "COMMIT", 0x13: "ROLLBACK", 0x0F: "RESET", 0x02: "GOODBYE", 0x54: "TELEMETRY", 0x66: "ROUTE",
    ]
    private static let responseTags: [String: UInt8] = [
        "SUCCESS": 0x70, "RECORD": 0x71, "IGNORED": 0x7E, "FAILURE": 0x7F,
    ]

    /// Takes one complete chunked client message off `buffer`, or returns nil.
    private static func readMessage(_ buffer: inout ByteBuffer) throws -> (String, [BoltValue])? {
        var probe = buffer
        var body = ByteBuffer()
        while true {
            guard let length = probe.readInteger(as: UInt16.self) else { return nil }
            if length == 0 {
                if body.readableBytes == 0 { continue }
                break
            }
            guard var chunk = probe.readSlice(length: Int(length)) else { return nil }
            body.writeBuffer(&chunk)
        }
        buffer = probe
        guard case .structure(let tag, let fields)? = try body.readBoltValue() else {
            throw Failure("the client sent a message that is not a structure")
        }
        return (requestNames[tag] ?? "UNKNOWN(\(tag))", fields)
    }

    private static func encode(_ message: BoltExchange.Message, into out: inout ByteBuffer) {
        var body = ByteBuffer()
        body.writeStructure(responseTags[message.name] ?? 0x7E, message.fields.map(\.boltValue))
        BoltRequestEncoder.writeChunked(&body, into: &out, maximumChunkSize: 65_535)
    }
}
