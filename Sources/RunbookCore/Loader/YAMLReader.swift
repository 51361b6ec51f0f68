import Yams

/// Reads Yams nodes into typed values, collecting diagnostics instead of stopping at the first problem.
final class YAMLReader {
    /// Problems found so far.
    var diagnostics: [Diagnostic] = []
    /// The source bytes, to place positions inside block scalars (whose indentation Yams strips).
    private let source: [UInt8]
    /// The byte offset where each line starts, computed when a block scalar first needs it.
    private lazy var lineStarts: [Int] = [0] + source.indices.filter { source[$0] == UInt8(ascii: "\n") }.map { $0 + 1 }
    /// Keys reported as unknown whose did-you-mean named an allowed key, by mapping location.
    private var misspelled: [SourceLocation: Set<String>] = [:]

    init(text: String = "") {
        source = Array(text.utf8)
    }

    func error(_ location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.error, at: location, message))
    }

    func warning(_ location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.warning, at: location, message))
    }

    // MARK: - Positions

    func location(_ node: Node) -> SourceLocation {
        guard let mark = node.mark else { return .unknown }
        return SourceLocation(line: mark.line, column: mark.column)
    }

    /// Where the text of a scalar starts (after an opening quote; on the next line for block scalars).
    func contentOrigin(_ node: Node) -> SourceLocation {
        let start = location(node)
        guard case .scalar(let scalar) = node else { return start }
        switch scalar.style {
        case .singleQuoted, .doubleQuoted: return start.advanced(by: 1)
        case .literal, .folded: return SourceLocation(line: start.line + 1, column: (blockIndent(node) ?? 0) + 1)
        case .any, .plain: return start
        }
    }

    /// The indentation of a block scalar's content (`|` or `>`), in columns; `nil` for other nodes.
    func blockIndent(_ node: Node) -> Int? {
        guard case .scalar(let scalar) = node, scalar.style == .literal || scalar.style == .folded else { return nil }
        let indicatorLine = location(node).line
        guard indicatorLine >= 1 else { return nil }
        for start in lineStarts.dropFirst(indicatorLine) {
            var i = start
            while i < source.count, source[i] == UInt8(ascii: " ") { i += 1 }
            if i < source.count, source[i] != UInt8(ascii: "\n"), source[i] != UInt8(ascii: "\r") { return i - start }
        }
        return 0
    }

    /// Whether `key` is missing from a mapping because it was misspelled (an unknown key already suggested it).
    ///
    /// Callers skip their "needs 'key'" error then: the did-you-mean error says it all.
    func wasMisspelled(_ key: String, in fields: Fields) -> Bool {
        misspelled[fields.location]?.contains(key) ?? false
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return s.string.isEmpty ? "an empty value" : "'\(Self.truncate(s.string))'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    static func truncate(_ s: String, to n: Int = 40) -> String {
        s.count <= n ? s : String(s.prefix(n)) + "…"
    }

    // MARK: - Mappings

    /// The entries of a mapping by key, after reporting unknown and non-string keys.
    func fields(_ node: Node, allowed: [String], what: String) -> Fields? {
        guard case .mapping(let mapping) = node else {
            error(location(node), "\(what) must be a mapping, found \(Self.describe(node))")
            return nil
        }
        var fields = Fields(location: location(node))
        for (key, value) in mapping {
            guard case .scalar(let k) = key else {
                error(location(key), "keys in \(what) must be plain words")
                continue
            }
            guard allowed.contains(k.string) else {
                let hint = Suggestion.hint(for: k.string, in: allowed)
                if let close = Suggestion.closest(to: k.string, in: allowed) {
                    misspelled[location(node), default: []].insert(close)
                }
                error(
                    location(key),
                    "unknown key '\(k.string)' in \(what)\(hint); expected one of: \(allowed.joined(separator: ", "))"
                )
                continue
            }
            fields.entries.append((k.string, location(key), value))
        }
        return fields
    }

    /// A mapping whose keys are user-chosen names (params, secrets, env…).
    func namedEntries(_ node: Node, what: String) -> [(name: String, location: SourceLocation, value: Node)] {
        guard case .mapping(let mapping) = node else {
            error(location(node), "\(what) must be a mapping of names, found \(Self.describe(node))")
            return []
        }
        var out: [(String, SourceLocation, Node)] = []
        for (key, value) in mapping {
            guard case .scalar(let k) = key, !k.string.isEmpty else {
                error(location(key), "names in \(what) must be non-empty words")
                continue
            }
            out.append((k.string, location(key), value))
        }
        return out
    }

    func sequence(_ node: Node, what: String) -> [Node]? {
        guard case .sequence(let seq) = node else {
            error(location(node), "\(what) must be a list, found \(Self.describe(node))")
            return nil
        }
        return Array(seq)
    }

    // MARK: - Scalars

    func string(_ node: Node, what: String) -> Located<String>? {
        guard case .scalar(let s) = node else {
            error(location(node), "\(what) must be text, found \(Self.describe(node))")
            return nil
        }
        return Located(s.string, at: location(node))
    }

    func nonEmptyString(_ node: Node, what: String) -> Located<String>? {
        guard let s = string(node, what: what) else { return nil }
        if s.value.trimmingSpaces().isEmpty {
            error(s.location, "\(what) must not be empty")
            return nil
        }
        return s
    }

    func identifier(_ node: Node, what: String) -> Located<String>? {
        guard let s = string(node, what: what) else { return nil }
        if !Self.isIdentifier(s.value) {
            error(
                s.location,
                "\(what) '\(Self.truncate(s.value))' must start with a letter or digit and use only letters, digits, '-' and '_'"
            )
            return nil
        }
        return s
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first.isASCII,
            first.properties.isAlphabetic || ("0"..."9").contains(first)
        else { return false }
        return s.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_")
        } && s.count <= 100
    }

    func bool(_ node: Node, what: String) -> Bool? {
        if case .scalar(let s) = node, s.style == .plain || s.style == .any {
            switch s.string {
            case "true", "True", "TRUE": return true
            case "false", "False", "FALSE": return false
            default: break
            }
        }
        error(location(node), "\(what) must be true or false, found \(Self.describe(node))")
        return nil
    }

    func int(_ node: Node, what: String, range: ClosedRange<Int> = 0...Int.max) -> Int? {
        if case .scalar(let s) = node, s.style == .plain || s.style == .any,
            let i = Int(s.string.replacingUnderscores())
        {
            if range.contains(i) { return i }
            error(location(node), "\(what) must be between \(range.lowerBound) and \(range.upperBound), found \(i)")
            return nil
        }
        error(location(node), "\(what) must be a whole number, found \(Self.describe(node))")
        return nil
    }

    func number(_ node: Node, what: String) -> Double? {
        if case .scalar(let s) = node, s.style == .plain || s.style == .any, let d = Double(s.string), d.isFinite {
            return d
        }
        error(location(node), "\(what) must be a number, found \(Self.describe(node))")
        return nil
    }

    func duration(_ node: Node, what: String) -> DurationSpec? {
        if case .scalar(let s) = node {
            if let d = DurationSpec.parse(s.string) { return d }
            if s.style == .plain, let seconds = Int64(s.string), seconds >= 0, seconds < 1_000_000_000 {
                return DurationSpec(seconds: seconds)
            }
        }
        error(location(node), "\(what) must be a duration such as 30s, 10m, 2h or 1h30m, found \(Self.describe(node))")
        return nil
    }

    /// A string that may contain `${{ }}`, parsed into a template.
    func template(_ node: Node, what: String) -> Template? {
        guard case .scalar(let s) = node else {
            error(location(node), "\(what) must be text, found \(Self.describe(node))")
            return nil
        }
        // Plain scalars such as 42 or true are accepted as their text.
        return parseTemplate(s.string, node: node)
    }

    func parseTemplate(_ text: String, node: Node) -> Template? {
        if case .scalar(let scalar) = node, scalar.style == .literal, let indent = blockIndent(node),
            let template = literalBlockTemplate(text, firstLine: location(node).line + 1, indent: indent)
        {
            return template
        }
        do {
            return try Template.parse(text, origin: contentOrigin(node))
        } catch {
            self.error(error.location, error.message)
            return nil
        }
    }

    /// A literal block scalar's template with exact positions: each line starts at the block's indentation.
    ///
    /// `nil` when an expression spans lines (or a line fails to parse); the caller then parses the whole text.
    private func literalBlockTemplate(_ text: String, firstLine: Int, indent: Int) -> Template? {
        var parts: [Template.Part] = []
        var pending = ""
        for (k, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if k > 0 { pending += "\n" }
            guard line.contains("${{") else {
                pending += line
                continue
            }
            let origin = SourceLocation(line: firstLine + k, column: indent + 1)
            guard let lineTemplate = try? Template.parse(String(line), origin: origin) else { return nil }
            for part in lineTemplate.parts {
                switch part {
                case .literal(let s): pending += s
                case .expression:
                    if !pending.isEmpty { parts.append(.literal(pending)) }
                    pending = ""
                    parts.append(part)
                }
            }
        }
        if !pending.isEmpty { parts.append(.literal(pending)) }
        return Template(parts: parts)
    }

    /// Any YAML value, resolved with the YAML 1.2 core schema; strings containing `${{ }}` become templates.
    func valueTemplate(_ node: Node, what: String) -> ValueTemplate? {
        switch node {
        case .scalar(let s):
            if s.string.contains("${{") {
                return parseTemplate(s.string, node: node).map { .template($0) }
            }
            return .literal(Self.scalarValue(s))
        case .sequence(let seq):
            var items: [ValueTemplate] = []
            for item in seq {
                guard let v = valueTemplate(item, what: what) else { return nil }
                items.append(v)
            }
            return .list(items)
        case .mapping(let mapping):
            var pairs: [(key: String, value: ValueTemplate)] = []
            for (k, v) in mapping {
                guard case .scalar(let key) = k else {
                    error(location(k), "keys in \(what) must be text")
                    return nil
                }
                guard let value = valueTemplate(v, what: what) else { return nil }
                pairs.append((key.string, value))
            }
            return .map(pairs)
        case .alias:
            error(location(node), "\(what): aliases are not supported here")
            return nil
        }
    }

    /// A plain YAML value without templates.
    func value(_ node: Node, what: String) -> Value? {
        switch valueTemplate(node, what: what) {
        case .literal(let v): return v
        case .list, .map:
            return Self.plainValue(node)
        case .template:
            error(location(node), "\(what) cannot use ${{ }}: it must be a fixed value")
            return nil
        case .none: return nil
        }
    }

    static func plainValue(_ node: Node) -> Value {
        switch node {
        case .scalar(let s): return scalarValue(s)
        case .sequence(let seq): return .list(seq.map(plainValue))
        case .mapping(let m): return .map(m.map { ($0.key.scalar?.string ?? "", plainValue($0.value)) })
        case .alias: return .null
        }
    }

    /// YAML 1.2 core schema resolution of a scalar.
    static func scalarValue(_ s: Node.Scalar) -> Value {
        guard s.style == .plain || s.style == .any else { return .string(s.string) }
        switch s.string {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if let i = Int64(s.string) { return .int(i) }
        if s.string.unicodeScalars.first.map({ ("0"..."9").contains($0) || $0 == "-" || $0 == "+" || $0 == "." })
            == true,
            let d = Double(s.string), d.isFinite
        {
            return .double(d)
        }
        return .string(s.string)
    }
}

/// The recognised entries of a mapping.
struct Fields {
    var location: SourceLocation
    var entries: [(key: String, keyLocation: SourceLocation, value: Node)] = []

    subscript(key: String) -> Node? { entries.first { $0.key == key }?.value }

    func keyLocation(_ key: String) -> SourceLocation? { entries.first { $0.key == key }?.keyLocation }

    func has(_ key: String) -> Bool { entries.contains { $0.key == key } }
}

extension String {
    func replacingUnderscores() -> String {
        String(unicodeScalars.filter { $0 != "_" })
    }
}
