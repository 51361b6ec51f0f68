import RunbookCore
import Testing

@Suite struct ParamBinderTests {
    static let text = """
        runbook: params
        params:
          namespace: { default: staging, description: Kubernetes namespace }
          count: { type: int, default: 10 }
          ratio: { type: float, default: 0.5 }
          live: { type: bool, default: false }
          mode: { default: dry, choices: [dry, live] }
          user: { required: true, description: a user id }
          note: { type: string }
        phases:
          - id: p
            steps:
              - id: s
                shell: "true"
        """

    static var runbook: Runbook {
        RunbookLoader.load(text: text).runbook ?? Runbook(id: "failed-to-load")
    }

    static func bind(
        _ assignments: [String],
        requireAll: Bool = false
    ) -> Result<[ParamBinder.Binding], ParamBindingError> {
        ParamBinder.bind(runbook, assignments: assignments, requireAll: requireAll)
    }

    /// The error messages of a failed binding, `[]` on success.
    static func messages(_ assignments: [String], requireAll: Bool = false) -> [String] {
        switch bind(assignments, requireAll: requireAll) {
        case .success: return []
        case .failure(let e): return e.messages
        }
    }

    @Test func defaultsAndCommandLineValuesHaveTheirTypes() throws {
        let bindings = try Self.bind(
            ["count=42", "ratio=2", "live=yes", "mode=live", "user=u-1", "namespace=a=b"]
        ).get()
        #expect(bindings.map(\.name) == ["namespace", "count", "ratio", "live", "mode", "user", "note"])
        #expect(
            bindings.map(\.value) == [
                .string("a=b"), .int(42), .double(2), .bool(true), .string("live"), .string("u-1"), .null,
            ]
        )
        #expect(
            bindings.map(\.source) == [
                .commandLine, .commandLine, .commandLine, .commandLine, .commandLine, .commandLine, .unset,
            ]
        )
        let defaults = try Self.bind(["user=x"]).get()
        #expect(
            defaults.prefix(5).map(\.value) == [
                .string("staging"), .int(10), .double(0.5), .bool(false), .string("dry"),
            ]
        )
        #expect(defaults.prefix(5).allSatisfy { $0.source == .default })
    }

    @Test(arguments: [
        (["count=ten"], "-p count: parameter 'count' expects an int, got 'ten'"),
        (["ratio=fast"], "-p ratio: parameter 'ratio' expects a float, got 'fast'"),
        (["ratio=inf"], "-p ratio: parameter 'ratio' expects a float, got 'inf'"),
        (["live=maybe"], "-p live: parameter 'live' expects true or false, got 'maybe'"),
        (["mode=wet"], "-p mode: 'wet' is not one of: dry, live"),
        (
            ["cuont=1"],
            "-p cuont: unknown parameter (did you mean 'count'?); parameters: namespace, count, ratio, live, mode, user, note"
        ),
        (["count"], "-p 'count': expected NAME=VALUE"),
        (["=1"], "-p '=1': expected NAME=VALUE"),
    ])
    func badValuesNameTheArgument(_ assignments: [String], _ message: String) {
        #expect(Self.messages(assignments + ["user=x"]) == [message])
    }

    @Test func requiredMissingIsAnErrorOnlyWhenRequired() throws {
        let plan = try Self.bind([]).get()
        #expect(plan.first { $0.name == "user" }?.source == .unset)
        #expect(plan.first { $0.name == "user" }?.value == nil)
        #expect(
            Self.messages([], requireAll: true) == [
                "missing required parameter 'user' (a user id): pass -p user=VALUE (declared at 8:3)"
            ]
        )
        #expect((try? Self.bind(["user=u"], requireAll: true).get()) != nil)
    }

    @Test func everyProblemIsReported() {
        #expect(
            Self.messages(["count=x", "count=1", "nope=1"], requireAll: true) == [
                "-p count: given twice",
                "-p nope: unknown parameter (did you mean 'note'?); parameters: namespace, count, ratio, live, mode, user, note",
                "missing required parameter 'user' (a user id): pass -p user=VALUE (declared at 8:3)",
            ]
        )
    }
}
