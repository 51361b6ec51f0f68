/// What the journal does not say about a step but its trace should: its phase, the connections it uses and the
/// database attributes of the OpenTelemetry semantic conventions (`db.system`, `db.namespace`).
///
/// Taken from the runbook (the run's pinned copy when exporting); a trace without it still has every span.
public struct TraceStepInfo: Sendable, Hashable {
    /// The phase a forward step belongs to.
    public var phase: String?
    /// The attributes every span of the step carries (target, database system and namespace).
    public var attributes: [TraceAttribute]

    /// Creates the info of a step.
    public init(phase: String?, attributes: [TraceAttribute]) {
        self.phase = phase
        self.attributes = attributes
    }

    /// The info of every step (guards, forward and rollback steps) of `runbook`, by step id.
    public static func of(_ runbook: Runbook) -> [String: TraceStepInfo] {
        var info: [String: TraceStepInfo] = [:]
        let all = runbook.guards + runbook.mainSteps + runbook.rollbacks.flatMap(\.steps)
        for step in all where info[step.id] == nil {
            info[step.id] = TraceStepInfo(
                phase: runbook.phase(ofStep: step.id)?.id,
                attributes: attributes(of: step, in: runbook)
            )
        }
        return info
    }

    static func attributes(of step: Step, in runbook: Runbook) -> [TraceAttribute] {
        let names = step.body.connections.map(\.value)
        var out: [TraceAttribute] = []
        if !names.isEmpty {
            var unique: [String] = []
            for name in names where !unique.contains(name) { unique.append(name) }
            out.append(TraceAttribute("runbook.step.target", .string(unique.joined(separator: ","))))
        }
        switch step.body {
        case .sql, .cypher:
            guard let name = names.first, let decl = runbook.connections.first(where: { $0.name == name }) else {
                break
            }
            switch decl.kind {
            case .postgres(let dsn):
                out.append(TraceAttribute("db.system", .string("postgresql")))
                if let db = dsn.literalText.flatMap(Self.postgresDatabase) {
                    out.append(TraceAttribute("db.namespace", .string(db)))
                }
            case .neo4j(_, _, _, let database):
                out.append(TraceAttribute("db.system", .string("neo4j")))
                if let db = database?.literalText, !db.isEmpty {
                    out.append(TraceAttribute("db.namespace", .string(db)))
                }
            }
        case .kubectl:
            if let context = runbook.kubernetes?.context?.literalText {
                out.append(TraceAttribute("k8s.context", .string(context)))
            }
            if let namespace = runbook.kubernetes?.namespace?.literalText {
                out.append(TraceAttribute("k8s.namespace.name", .string(namespace)))
            }
        default:
            break
        }
        return out
    }

    /// The database name of a literal libpq connection string (`dbname=…` or the path of a `postgresql://` URI).
    static func postgresDatabase(_ dsn: String) -> String? {
        if dsn.hasPrefix("postgres://") || dsn.hasPrefix("postgresql://") {
            let rest = dsn.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
            guard rest.count == 4 else { return nil }
            let name = rest[3].prefix { $0 != "?" }
            return name.isEmpty ? nil : String(name).removingPercentEncodingIfValid
        }
        for word in dsn.split(separator: " ") where word.hasPrefix("dbname=") {
            let name = word.dropFirst("dbname=".count).trimmingCharacters(in: "'")
            return name.isEmpty ? nil : name
        }
        return nil
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        var s = Substring(self)
        while s.first == character { s = s.dropFirst() }
        while s.last == character { s = s.dropLast() }
        return String(s)
    }

    /// `%XX` sequences decoded when every one is valid UTF-8; otherwise the text as is.
    fileprivate var removingPercentEncodingIfValid: String {
        var bytes: [UInt8] = []
        var i = utf8.startIndex
        while i != utf8.endIndex {
            let byte = utf8[i]
            if byte == 0x25, let a = utf8.index(i, offsetBy: 1, limitedBy: utf8.endIndex), a != utf8.endIndex,
                let b = utf8.index(a, offsetBy: 1, limitedBy: utf8.endIndex), b != utf8.endIndex,
                let value = UInt8(String(decoding: [utf8[a], utf8[b]], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                i = utf8.index(after: b)
            } else {
                bytes.append(byte)
                i = utf8.index(after: i)
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? String(self)
    }
}
