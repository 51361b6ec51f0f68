import NIOCore
import NIOPosix

@testable import BoltClient

/// An in-process Bolt server that replays one recorded Neo4j exchange (a TestKit stub script) to one
/// client connection on localhost, and reports whether the client followed the script.
final class ScriptPlayer: Sendable {
    let port: Int
    private let result: Task<Void, any Error>

    private init(port: Int, result: Task<Void, any Error>) {
        self.port = port
        self.result = result
    }

    /// Starts listening; the returned player serves exactly one connection.
    static func start(_ script: StubScript) async throws -> ScriptPlayer {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { child in
                child.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child)
                }
            }
        let port = server.channel.localAddress?.port ?? 0
        let task = Task {
            try await server.executeThenClose { connections in
                for try await connection in connections {
                    try await Self.serve(connection, script: script)
                    return
                }
            }
        }
        return ScriptPlayer(port: port, result: task)
    }

    /// Waits for the client to disconnect; throws if it strayed from the script or stopped early.
    func finish() async throws {
        try await result.value
    }

    private static func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, script: StubScript) async throws {
        var interpreter = StubScriptInterpreter(script)
        try await connection.executeThenClose { inbound, outbound in
            var buffer = ByteBuffer()
            var handshakeDone = false
            for try await var chunk in inbound {
                buffer.writeBuffer(&chunk)
                if !handshakeDone {
                    guard let hello = buffer.readBytes(length: 20) else { continue }
                    guard hello.prefix(4) == [0x60, 0x60, 0xB0, 0x17] else { throw Failure("bad magic \(hello)") }
                    handshakeDone = true
                    try await outbound.write(ByteBuffer(bytes: [0, 0, script.minor, script.major]))
                }
                while let (name, fields) = try readMessage(&buffer) {
                    var reply = ByteBuffer()
                    var exit = false
                    for action in try interpreter.receive(name, fields) {
                        switch action {
                        case .send(let message): encode(message, into: &reply)
                        case .noop: reply.writeInteger(UInt16(0))
                        case .exit: exit = true
                        }
                    }
                    if reply.readableBytes > 0 { try await outbound.write(reply) }
                    if exit { return }
                }
            }
            guard interpreter.isComplete else { throw Failure("the client disconnected before the script ended") }
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    private static let requestNames: [UInt8: String] = [
        0x01: "HELLO", 0x6A: "LOGON", 0x6B: "LOGOFF", 0x10: "RUN", 0x3F: "PULL", 0x2F: "DISCARD", 0x11: "BEGIN",
        0x12: "COMMIT", 0x13: "ROLLBACK", 0x0F: "RESET", 0x02: "GOODBYE", 0x54: "TELEMETRY",
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

    private static func encode(_ message: StubScript.Message, into out: inout ByteBuffer) {
        var body = ByteBuffer()
        let fields: [BoltValue] = message.fields.map { field in
            // RECORD [1, 2] holds a list; SUCCESS/FAILURE a map.
            field.boltValue
        }
        body.writeStructure(responseTags[message.name] ?? 0x7E, fields)
        BoltRequestEncoder.writeChunked(&body, into: &out, maximumChunkSize: 65_535)
    }
}
