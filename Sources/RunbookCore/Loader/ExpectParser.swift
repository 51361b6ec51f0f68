import Yams

/// Parses `expect:` in all its forms.
///
/// `{ equals: 5 }` checks the scalar result; `{ users: { gte: 5 } }` checks a named field; `{ status: 200 }`
/// (a field with a plain value) means `equals`; `rows`, `empty` and `exit_code` apply to the whole result.
struct ExpectParser {
    let reader: YAMLReader

    func parse(_ node: Node) -> Expectation? {
        if case .scalar = node {
            // `expect: 5` — shorthand for equals on the scalar result.
            guard let v = reader.valueTemplate(node, what: "expect") else { return nil }
            return Expectation(
                checks: [ExpectCheck(field: nil, predicate: .equals(v), location: reader.location(node))],
                location: reader.location(node)
            )
        }
        guard case .mapping(let mapping) = node else {
            reader.error(
                reader.location(node),
                "expect must be a mapping such as { equals: 0 } or { stdout: { contains: ok } }"
            )
            return nil
        }
        var checks: [ExpectCheck] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else {
                reader.error(reader.location(keyNode), "keys in expect must be predicate or field names")
                continue
            }
            let location = reader.location(keyNode)
            if ExpectPredicate.names.contains(key.string) {
                if let p = predicate(key.string, value) {
                    checks.append(ExpectCheck(field: nil, predicate: p, location: location))
                }
            } else if case .mapping(let inner) = value {
                for (k, v) in inner {
                    guard case .scalar(let name) = k, ExpectPredicate.names.contains(name.string) else {
                        let word = k.scalar?.string ?? "?"
                        reader.error(
                            reader.location(k),
                            "unknown expect predicate '\(word)' for field '\(key.string)'\(Suggestion.hint(for: word, in: ExpectPredicate.names)); expected one of: \(ExpectPredicate.names.joined(separator: ", "))"
                        )
                        continue
                    }
                    if let p = predicate(name.string, v) {
                        checks.append(ExpectCheck(field: key.string, predicate: p, location: reader.location(k)))
                    }
                }
            } else if let close = Suggestion.closest(to: key.string, in: ExpectPredicate.names), close != key.string,
                Suggestion.distance(close, key.string) <= 2, !Self.knownFields.contains(key.string)
            {
                reader.error(
                    location,
                    "unknown expect predicate '\(key.string)' (did you mean '\(close)'?); to check a field, write \(key.string): { equals: … }"
                )
            } else if let v = reader.valueTemplate(value, what: "expect \(key.string)") {
                checks.append(ExpectCheck(field: key.string, predicate: .equals(v), location: location))
            }
        }
        if checks.isEmpty, mapping.isEmpty {
            reader.error(reader.location(node), "expect is empty")
        }
        return Expectation(checks: checks, location: reader.location(node))
    }

    /// Field names that are never typos of a predicate.
    static let knownFields: Set<String> = [
        "stdout", "stderr", "status", "body", "json", "left", "right", "difference", "rows_moved", "batches",
    ]

    func predicate(_ name: String, _ node: Node) -> ExpectPredicate? {
        func operand() -> ValueTemplate? { reader.valueTemplate(node, what: name) }
        switch name {
        case "equals": return operand().map(ExpectPredicate.equals)
        case "not_equals": return operand().map(ExpectPredicate.notEquals)
        case "gt": return operand().map(ExpectPredicate.gt)
        case "gte": return operand().map(ExpectPredicate.gte)
        case "lt": return operand().map(ExpectPredicate.lt)
        case "lte": return operand().map(ExpectPredicate.lte)
        case "contains": return operand().map(ExpectPredicate.contains)
        case "not_contains": return operand().map(ExpectPredicate.notContains)
        case "between":
            guard case .sequence(let seq) = node, seq.count == 2 else {
                reader.error(reader.location(node), "between needs two bounds: between: [low, high]")
                return nil
            }
            guard let lo = reader.valueTemplate(seq[0], what: "between"),
                let hi = reader.valueTemplate(seq[1], what: "between")
            else {
                return nil
            }
            if case .literal(let a) = lo, case .literal(let b) = hi, let x = a.numeric, let y = b.numeric, x > y {
                reader.error(
                    reader.location(node),
                    "between: the low bound \(a.text) is greater than the high bound \(b.text)"
                )
            }
            return .between(lo, hi)
        case "matches", "not_matches":
            guard let s = reader.string(node, what: name) else { return nil }
            do {
                _ = try Regex(s.value)
            } catch {
                reader.error(s.location, "\(name): invalid regular expression '\(YAMLReader.truncate(s.value))'")
                return nil
            }
            return name == "matches" ? .matches(s.value) : .notMatches(s.value)
        case "rows": return reader.int(node, what: "rows", range: 0...Int.max).map(ExpectPredicate.rows)
        case "empty": return reader.bool(node, what: "empty").map(ExpectPredicate.empty)
        case "exit_code": return reader.int(node, what: "exit_code", range: 0...255).map(ExpectPredicate.exitCode)
        case "error_code":
            // SQLSTATEs such as 23505 are written bare too: take the scalar's text.
            guard case .scalar(let s) = node, !s.string.isEmpty, !s.string.contains("${{") else {
                reader.error(
                    reader.location(node),
                    "error_code must be a server code such as Neo.ClientError.Statement.SyntaxError or 23505"
                )
                return nil
            }
            return .errorCode(s.string)
        default: return nil
        }
    }
}
