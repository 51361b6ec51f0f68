@testable import BoltClient

/// Walks a ``StubScript`` as client messages arrive and says what the server answers.
struct StubScriptInterpreter {
    private struct Frame {
        var items: [StubScript.Item]
        var index = 0
        var repeats: Bool
    }

    struct Mismatch: Error, CustomStringConvertible {
        var description: String
    }

    private var stack: [Frame]

    /// The automatic answer to an `A:`/`?:`/`*:`/`+:` message: SUCCESS {}, nothing for GOODBYE.
    private func autoReply(_ name: String) -> [StubScript.ServerAction] {
        name == "GOODBYE" ? [] : [.send(.init(name: "SUCCESS", fields: [.object([])]))]
    }

    init(_ script: StubScript) {
        stack = [Frame(items: script.items, repeats: false)]
    }

    /// The answers to one client message (tag name and fields).
    mutating func receive(_ name: String, _ fields: [BoltValue]) throws -> [StubScript.ServerAction] {
        var out: [StubScript.ServerAction] = []
        while true {
            guard var frame = stack.popLast() else {
                throw Mismatch(description: "script finished, but the client sent \(name) \(fields)")
            }
            if frame.index == frame.items.count {
                if frame.repeats, Self.canStart(frame.items, name, fields) {
                    frame.index = 0
                    stack.append(frame)
                }
                continue
            }
            let item = frame.items[frame.index]
            func matches(_ m: StubScript.Message) -> Bool {
                m.name == name && m.fields.count == fields.count && zip(m.fields, fields).allSatisfy { $0.matches($1) }
            }
            switch item {
            case .server(let actions):
                out += actions
                frame.index += 1
                stack.append(frame)
                continue
            case .client(let m):
                guard matches(m) else { throw mismatch(expected: m, name, fields) }
                frame.index += 1
                stack.append(frame)
                return out + flushServer()
            case .auto(let m):
                guard matches(m) else { throw mismatch(expected: m, name, fields) }
                frame.index += 1
                stack.append(frame)
                return out + autoReply(name) + flushServer()
            case .optional(let m):
                frame.index += 1
                stack.append(frame)
                if matches(m) { return out + autoReply(name) + flushServer() }
            case .zeroOrMore(let m):
                if matches(m) {
                    stack.append(frame)
                    return out + autoReply(name)
                }
                frame.index += 1
                stack.append(frame)
            case .oneOrMore(let m):
                guard matches(m) else { throw mismatch(expected: m, name, fields) }
                frame.items[frame.index] = .zeroOrMore(m)
                stack.append(frame)
                return out + autoReply(name)
            case .block(let kind, let items):
                frame.index += 1
                stack.append(frame)
                if kind == .oneOrMore || Self.canStart(items, name, fields) {
                    stack.append(Frame(items: items, repeats: kind != .optional))
                }
            case .alternatives(let alternatives):
                guard let chosen = alternatives.first(where: { Self.canStart($0, name, fields) }) else {
                    throw Mismatch(description: "no alternative accepts \(name) \(fields)")
                }
                frame.index += 1
                stack.append(frame)
                stack.append(Frame(items: chosen, repeats: false))
            }
        }
    }

    /// Whether the rest of the script may be skipped (the client may disconnect now).
    var isComplete: Bool {
        stack.allSatisfy { frame in
            frame.items[frame.index...].allSatisfy(Self.isSkippable)
        }
    }

    private mutating func flushServer() -> [StubScript.ServerAction] {
        var out: [StubScript.ServerAction] = []
        while var frame = stack.last {
            if frame.index == frame.items.count, !frame.repeats, stack.count > 1 {
                stack.removeLast()
                continue
            }
            guard frame.index < frame.items.count, case .server(let actions) = frame.items[frame.index] else { break }
            out += actions
            frame.index += 1
            stack[stack.count - 1] = frame
        }
        return out
    }

    private func mismatch(expected: StubScript.Message, _ name: String, _ fields: [BoltValue]) -> Mismatch {
        Mismatch(description: "expected \(expected.name) \(expected.fields), got \(name) \(fields)")
    }

    private static func isSkippable(_ item: StubScript.Item) -> Bool {
        switch item {
        case .optional, .zeroOrMore: return true
        case .block(let kind, let items): return kind != .oneOrMore || items.allSatisfy(isSkippable)
        case .alternatives(let alternatives): return alternatives.contains { $0.allSatisfy(isSkippable) }
        case .server, .client, .auto, .oneOrMore: return false
        }
    }

    private static func canStart(_ items: [StubScript.Item], _ name: String, _ fields: [BoltValue]) -> Bool {
        for item in items {
            switch item {
            case .client(let m), .auto(let m), .oneOrMore(let m):
                return m.name == name && zip(m.fields, fields).allSatisfy { $0.matches($1) }
                    && m.fields.count == fields.count
            case .optional(let m), .zeroOrMore(let m):
                if m.name == name && m.fields.count == fields.count
                    && zip(m.fields, fields).allSatisfy({ $0.matches($1) })
                {
                    return true
                }
            case .block(let kind, let inner):
                if canStart(inner, name, fields) { return true }
                if kind == .oneOrMore { return false }
            case .alternatives(let alternatives):
                return alternatives.contains { canStart($0, name, fields) }
            case .server:
                return false
            }
        }
        return false
    }
}
