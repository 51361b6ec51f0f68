import Yams

/// Reads a runbook file's bytes into a `Runbook`, reporting every problem with its position.
///
/// Pure: the caller reads the file. Hostile input (invalid UTF-8, NUL bytes, alias bombs, deep nesting) is
/// reported as a diagnostic, never a crash or a hang.
public enum RunbookLoader {
    /// The result of loading: a runbook when there were no errors, and all diagnostics (errors and warnings).
    public struct Result: Sendable {
        /// The runbook, if it has no errors.
        public var runbook: Runbook?
        /// Every problem found, in source order.
        public var diagnostics: [Diagnostic]
    }

    /// Maximum YAML nodes a runbook may expand to (an alias bomb expands to billions).
    public static let maximumNodeCount = 1_000_000
    /// Maximum file size.
    public static let maximumByteCount = 32 << 20

    /// Top-level keys of a runbook.
    static let topLevelKeys = [
        "version", "runbook", "title", "description", "estimate", "params", "kubernetes", "secrets", "connections",
        "defaults", "guards", "phases", "rollbacks", "notify", "abort_if",
    ]

    /// Loads a runbook from the bytes of a file.
    public static func load(bytes: [UInt8]) -> Result {
        if bytes.count > maximumByteCount {
            return fail(
                .init(line: 1, column: 1),
                "file is larger than \(maximumByteCount >> 20) MiB; is this a runbook?"
            )
        }
        if let nul = bytes.firstIndex(of: 0) {
            return fail(
                position(ofByte: nul, in: bytes),
                "file contains a NUL byte: this is binary data, not a YAML runbook"
            )
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = firstInvalidUTF8Offset(bytes)
            return fail(position(ofByte: offset, in: bytes), "file is not valid UTF-8 text (byte \(offset))")
        }
        return load(text: text)
    }

    /// Loads a runbook from text.
    public static func load(text: String) -> Result {
        if isBlankOrComments(text) {
            return fail(
                .init(line: 1, column: 1),
                "the file is empty; a runbook needs at least 'runbook:' and 'phases:'"
            )
        }
        let root: Node
        do {
            let documents = try Array(compose_all_checked(text))
            guard let first = documents.first else {
                return fail(
                    .init(line: 1, column: 1),
                    "the file is empty; a runbook needs at least 'runbook:' and 'phases:'"
                )
            }
            if documents.count > 1, let mark = documents[1].mark {
                return fail(
                    .init(line: mark.line, column: mark.column),
                    "the file holds several YAML documents; a runbook is one"
                )
            }
            root = first
        } catch let error as YamlError {
            return fail(
                YAMLErrorTranslator.location(of: error, in: text),
                YAMLErrorTranslator.message(of: error, in: text)
            )
        } catch {
            return fail(.init(line: 1, column: 1), "cannot read YAML: \(error)")
        }
        if let tooBig = NodeBudget.exceeds(root, limit: maximumNodeCount) {
            return fail(
                tooBig,
                "the document expands to more than \(maximumNodeCount) nodes (aliases referring to aliases?); refusing to read it"
            )
        }
        let reader = YAMLReader(text: text)
        let runbook = RunbookParser(reader: reader).parse(root)
        if let runbook {
            RunbookValidator(runbook: runbook, reader: reader).validate()
        }
        let diagnostics = reader.diagnostics.sortedByLocation()
        return Result(runbook: diagnostics.hasErrors ? nil : runbook, diagnostics: diagnostics)
    }

    /// Whether the text has nothing but blank lines and comments (stops at the first other line).
    static func isBlankOrComments(_ text: String) -> Bool {
        var atLineStart = true
        var inComment = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\n"):
                atLineStart = true
                inComment = false
            case _ where inComment: break
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): break
            case UInt8(ascii: "#") where atLineStart: inComment = true
            default: return false
            }
        }
        return true
    }

    private static func compose_all_checked(_ text: String) throws -> [Node] {
        // No tag resolution: the loader reads scalars itself (YAML 1.2 core schema), and Yams' default resolver
        // runs regular expressions on every mapping key while checking for duplicates.
        var sequence = try compose_all(yaml: text, .basic)
        var nodes: [Node] = []
        while let node = sequence.next() {
            nodes.append(node)
            if nodes.count > 1 { break }
        }
        if let error = sequence.error { throw error }
        return nodes
    }

    private static func fail(_ location: SourceLocation, _ message: String) -> Result {
        Result(runbook: nil, diagnostics: [Diagnostic(.error, at: location, message)])
    }

    static func position(ofByte offset: Int, in bytes: [UInt8]) -> SourceLocation {
        var line = 1
        var lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return SourceLocation(line: line, column: offset - lineStart + 1)
    }

    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
        var low = 0
        var high = bytes.count
        while low < high {
            let mid = (low + high + 1) / 2
            if String(validating: bytes[0..<mid], as: UTF8.self) != nil || isTruncatedSequence(bytes[0..<mid]) {
                low = mid
            } else {
                high = mid - 1
            }
        }
        return low
    }

    private static func isTruncatedSequence(_ bytes: ArraySlice<UInt8>) -> Bool {
        var trimmed = bytes
        for _ in 0..<3 {
            guard let last = trimmed.last, last & 0xC0 == 0x80 || last >= 0xC0 else { break }
            trimmed = trimmed.dropLast()
            if last >= 0xC0 { return String(validating: trimmed, as: UTF8.self) != nil }
        }
        return false
    }
}
