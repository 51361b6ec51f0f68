@testable import BoltClient

extension ScriptJSON {
    /// The Bolt value a server line means (`{"Z": "1"}` int, `{"U": "s"}` string, `{"{}": …}` map, `{"S": […]}` structure).
    var boltValue: BoltValue {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let n): return Int64(n).map(BoltValue.int) ?? .float(Double(n) ?? .nan)
        case .string(let s): return .string(s)
        case .array(let items): return .list(items.map(\.boltValue))
        case .object(let pairs):
            if pairs.count == 1, let typed = Self.jolt(pairs[0].0, pairs[0].1) { return typed }
            return .map(BoltMap(pairs.map { ($0.0, $0.1.boltValue) }))
        }
    }

    private static func jolt(_ sigil: String, _ payload: ScriptJSON) -> BoltValue? {
        switch (sigil, payload) {
        case ("Z", .string(let s)): return Int64(s).map(BoltValue.int)
        case ("R", .string(let s)): return Double(s).map(BoltValue.float)
        case ("U", .string(let s)): return .string(s)
        case ("{}", .object(let pairs)): return .map(BoltMap(pairs.map { ($0.0, $0.1.boltValue) }))
        case ("[]", .array(let items)): return .list(items.map(\.boltValue))
        case ("S", .array(let items)):
            // A structure: {"S": ["I", 1, 2, 3]} is tag 0x49 ('I') with three fields.
            guard case .string(let tag)? = items.first, let byte = tag.unicodeScalars.first?.value, byte < 128 else {
                return nil
            }
            return .structure(tag: UInt8(byte), fields: items.dropFirst().map(\.boltValue))
        default: return nil
        }
    }

    /// Whether the client's `value` matches this pattern (`"*"`, typed wildcards, `[optional]` keys,
    /// `key{}` for a list compared as a set).
    func matches(_ value: BoltValue) -> Bool {
        switch self {
        case .string("*"): return true
        case .object(let pairs) where pairs.count == 1:
            let (sigil, payload) = pairs[0]
            switch (sigil, payload, value) {
            case ("Z", .string("*"), .int): return true
            case ("R", .string("*"), .float): return true
            case ("U", .string("*"), .string): return true
            case ("{}", .string("*"), .map): return true
            case ("[]", .string("*"), .list): return true
            case ("{}", .object(let inner), _): return ScriptJSON.object(inner).matchesMap(value)
            case ("Z", _, _), ("R", _, _), ("U", _, _), ("[]", _, _): return boltValue == value
            default: return matchesMap(value)
            }
        case .object: return matchesMap(value)
        case .array(let items):
            guard case .list(let values) = value, values.count == items.count else { return false }
            return zip(items, values).allSatisfy { $0.matches($1) }
        default: return boltValue == value
        }
    }

    private func matchesMap(_ value: BoltValue) -> Bool {
        guard case .object(let pairs) = self, case .map(let map) = value else { return false }
        var seen: Set<String> = []
        for (rawKey, pattern) in pairs {
            var key = rawKey
            let optional = key.hasPrefix("[") && key.hasSuffix("]")
            if optional { key = String(key.dropFirst().dropLast()) }
            let unordered = key.hasSuffix("{}")
            if unordered { key = String(key.dropLast(2)) }
            seen.insert(key)
            guard let actual = map[key] else {
                if optional { continue }
                return false
            }
            if unordered, case .array(let items) = pattern, case .list(let values) = actual {
                if Set(items.map(\.boltValue)) != Set(values) { return false }
            } else if !pattern.matches(actual) {
                return false
            }
        }
        return map.keys.allSatisfy { seen.contains($0) }
    }
}
