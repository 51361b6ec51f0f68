/// Resolves parameter values from `-p name=value` arguments and declared defaults.
public enum ParamBinder {
    /// One bound parameter.
    public struct Binding: Sendable, Hashable {
        /// Parameter name.
        public var name: String
        /// Its value, or `nil` if unset (optional without default, or required and missing in a plan).
        public var value: Value?
        /// Where the value came from.
        public var source: Source

        /// Where a value came from.
        public enum Source: String, Sendable, Hashable {
            /// `-p name=value`.
            case commandLine = "command-line"
            /// The declared default.
            case `default`
            /// Not set.
            case unset
        }
    }

    /// Binds `assignments` (`name=value` strings) to the runbook's parameters.
    ///
    /// - Parameters:
    ///   - runbook: The runbook declaring the parameters.
    ///   - assignments: Raw `name=value` strings from the command line.
    ///   - requireAll: Whether missing required parameters are errors (true for `run`, false for `plan`).
    /// - Returns: The bindings in declaration order, or messages naming each bad argument.
    public static func bind(
        _ runbook: Runbook,
        assignments: [String],
        requireAll: Bool
    ) -> Result<[Binding], ParamBindingError> {
        var given: [String: String] = [:]
        var problems: [String] = []
        let names = runbook.params.map(\.name)
        for assignment in assignments {
            guard let eq = assignment.firstIndex(of: "="), eq != assignment.startIndex else {
                problems.append("-p '\(assignment)': expected NAME=VALUE")
                continue
            }
            let name = String(assignment[..<eq])
            guard names.contains(name) else {
                let list =
                    names.isEmpty ? "this runbook has no parameters" : "parameters: \(names.joined(separator: ", "))"
                problems.append("-p \(name): unknown parameter\(Suggestion.hint(for: name, in: names)); \(list)")
                continue
            }
            if given[name] != nil { problems.append("-p \(name): given twice") }
            given[name] = String(assignment[assignment.index(after: eq)...])
        }
        var bindings: [Binding] = []
        for param in runbook.params {
            if let text = given[param.name] {
                switch param.convert(text) {
                case .success(let v):
                    if let choices = param.choices, !choices.contains(v) {
                        problems.append(
                            "-p \(param.name): '\(text)' is not one of: \(choices.map(\.text).joined(separator: ", "))"
                        )
                    }
                    bindings.append(Binding(name: param.name, value: v, source: .commandLine))
                case .failure(let e): problems.append("-p \(param.name): \(e.message)")
                }
            } else if param.required {
                if requireAll {
                    let about = param.description.map { " (\($0))" } ?? ""
                    problems.append(
                        "missing required parameter '\(param.name)'\(about): pass -p \(param.name)=VALUE (declared at \(param.location))"
                    )
                }
                bindings.append(Binding(name: param.name, value: nil, source: .unset))
            } else if let d = param.defaultValue {
                bindings.append(Binding(name: param.name, value: d, source: .default))
            } else {
                bindings.append(Binding(name: param.name, value: .null, source: .unset))
            }
        }
        return problems.isEmpty ? .success(bindings) : .failure(ParamBindingError(messages: problems))
    }
}

/// Parameters that could not be bound; each message names the argument.
public struct ParamBindingError: Error, Sendable, Hashable {
    /// One message per problem.
    public var messages: [String]
}
