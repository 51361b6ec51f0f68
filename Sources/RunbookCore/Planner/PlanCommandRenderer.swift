/// Renders a step's command or query for the plan and the journal.
public struct PlanCommandRenderer {
    let display: (Template) -> String
    let shellDisplay: (Template) -> String

    /// Creates a renderer.
    ///
    /// - Parameters:
    ///   - display: Renders a template as text.
    ///   - shellDisplay: Renders a shell template with values shown as quoted words.
    public init(display: @escaping (Template) -> String, shellDisplay: @escaping (Template) -> String) {
        self.display = display
        self.shellDisplay = shellDisplay
    }

    /// The lines describing what the action runs.
    public func command(of body: StepBody) -> [String] {
        switch body {
        case .sql(let a):
            return a.statements.map(\.value) + params(a.params)
        case .cypher(let a):
            return a.statements.map(\.value) + named(a.params)
        case .compare(let a):
            var lines = ["left (\(a.left.language.rawValue)): \(a.left.query.value)"] + side(a.left)
            lines += ["right (\(a.right.language.rawValue)): \(a.right.query.value)"] + side(a.right)
            lines.append("op: \(a.op)")
            if let s = a.sample { lines.append("sample \(s.size) keys from: \(s.keys.query.value)") }
            if !a.key.isEmpty {
                lines.append("key: \(a.key.map(\.value).joined(separator: ", ")), batch: \(display(a.batch))")
            }
            return lines
        case .shell(let a):
            var lines = [shellDisplay(a.run)]
            for (name, value) in a.env { lines.append("env \(name)=\(display(value))") }
            if let cwd = a.cwd { lines.append("cwd \(display(cwd))") }
            return lines
        case .kubectl(let a):
            return ["kubectl " + a.args.map { ShellQuote.word(display($0)) }.joined(separator: " ")]
        case .gate(let a):
            var line = "ask: \(display(a.prompt))"
            if let c = a.confirm { line += " [type '\(display(c))' to approve]" }
            return [line]
        case .transfer(let a):
            return ["from: \(a.from.query.value)", "to: \(a.to.query.value)", "batch: \(display(a.batch))"]
                + ["key: \(a.key.map(\.value).joined(separator: ", "))"]
                + (a.count.map { ["count: \($0.value)"] } ?? [])
        case .sync(let a):
            var lines = ["from: \(a.from.query.value)"] + side(a.from)
            lines += ["read: \(a.read.value)", "upsert: \(a.upsert.value)", "delete: \(a.delete.value)"]
            lines.append("key: \(a.key.map(\.value).joined(separator: ", ")), batch: \(display(a.batch))")
            return lines
        case .http(let a):
            var lines = ["\(a.method) \(display(a.url))"]
            for (name, value) in a.headers { lines.append("\(name): \(display(value))") }
            if let json = a.json { lines.append(JSONWriter.string(render(json))) }
            if let body = a.body { lines.append(display(body)) }
            return lines
        case .wait(let w):
            switch w {
            case .duration(let d): return ["sleep \(d)"]
            case .until(let step, let every, let timeout):
                return ["poll '\(step.value)' every \(every) up to \(timeout)"]
            }
        }
    }

    private func params(_ list: [ValueTemplate]) -> [String] {
        list.enumerated().map { "  $\($0.offset + 1) = \(shown($0.element))" }
    }

    private func named(_ list: [(name: String, value: ValueTemplate)]) -> [String] {
        list.map { "  $\($0.name) = \(shown($0.value))" }
    }

    /// A parameter as JSON, so its type shows (`42`, `"42"`); a template as its quoted display.
    private func shown(_ v: ValueTemplate) -> String {
        if case .template(let t) = v { return quoted(display(t)) }
        return JSONWriter.string(render(v))
    }

    private func side(_ s: QuerySide) -> [String] {
        params(s.sqlParams) + named(s.cypherParams)
    }

    private func quoted(_ s: String) -> String {
        var out = ""
        JSONWriter.writeString(s, into: &out)
        return out
    }

    func render(_ v: ValueTemplate) -> Value {
        switch v {
        case .literal(let value): return value
        case .template(let t): return .string(display(t))
        case .list(let items): return .list(items.map(render))
        case .map(let pairs): return .map(pairs.map { ($0.key, render($0.value)) })
        }
    }
}

/// Quoting for display of argv words.
public enum ShellQuote {
    /// The word as-is when it is plain, else single-quoted.
    public static func word(_ s: String) -> String {
        let safe =
            !s.isEmpty
            && s.unicodeScalars.allSatisfy {
                $0.isASCII
                    && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
                        || "-_./=:,@%+".unicodeScalars.contains($0))
            }
        if safe { return s }
        return "'" + s.replacingAll("'", with: "'\\''") + "'"
    }
}

extension String {
    /// Replaces every occurrence of `target` with `replacement` (stdlib only).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}
