/// A shell command ready to run: script text plus the environment variables holding the values
/// of its `${{ … }}` expressions (values never appear in the script text).
public struct ShellScript: Sendable, Hashable {
    /// The script text, referring to `RUNBOOK_V1`, `RUNBOOK_V2`, … for expanded values.
    public var script: String
    /// The variables to set when running the script, in order.
    public var environment: [(name: String, value: String)]

    /// Creates a script.
    public init(script: String, environment: [(name: String, value: String)]) {
        self.script = script
        self.environment = environment
    }

    /// Equal when the scripts and the environments (names, values and order) are equal.
    public static func == (lhs: ShellScript, rhs: ShellScript) -> Bool {
        lhs.script == rhs.script
            && lhs.environment.elementsEqual(rhs.environment) { $0.name == $1.name && $0.value == $1.value }
    }

    /// Hashes the script and the environment in order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(script)
        for (name, value) in environment {
            hasher.combine(name)
            hasher.combine(value)
        }
    }
}
