import Testing

@testable import RunbookCore

@Suite struct KubectlVerbsTests {
    @Test(arguments: [
        ["get", "pods"], ["describe", "deployment/api"], ["logs", "-f", "pod/x"], ["top", "pods"], ["version"],
        ["config", "current-context"], ["config", "view"], ["rollout", "status", "deployment/api"],
        ["rollout", "history", "deployment/api"], ["auth", "can-i", "get", "pods"], ["get", "pods", "-o", "json"],
        ["--v=2", "get", "pods"],
        ["wait", "--for=condition=Ready", "pod/x"], ["diff", "-f", "x.yaml"], ["api-resources"], ["events"],
    ])
    func readVerbs(_ args: [String]) {
        #expect(!KubectlVerbs.mutates(args), "\(args)")
    }

    @Test(arguments: [
        ["apply", "-f", "x.yaml"], ["delete", "pod", "x"], ["scale", "deployment/api", "--replicas=0"],
        ["rollout", "restart", "deployment/api"], ["rollout", "undo", "deployment/api"],
        ["set", "env", "deployment/api", "A=1"], ["config", "use-context", "prod"], ["exec", "pod/x", "--", "ls"],
        ["patch", "deployment/api", "-p", "{}"], ["annotate", "pod", "x", "a=b"], ["cordon", "node1"], ["rollout"], [],
        ["--help"],
        // Conservative: a flag's separate value before the verb is taken for the verb.
        ["-o", "json", "get", "pods"],
    ])
    func writeVerbs(_ args: [String]) {
        #expect(KubectlVerbs.mutates(args), "\(args)")
    }

    @Test func templatedVerbCountsAsMutating() {
        #expect(KubectlVerbs.mutates([nil, "pods"]))
        #expect(KubectlVerbs.mutates(["rollout", nil]))
        #expect(!KubectlVerbs.mutates(["get", nil]))
    }

    @Test func kubectlStepsInferFromTheirArguments() throws {
        let runbook = try LoaderTestSupport.load(
            LoaderTestSupport.runbook(
                steps: """
                          - id: a
                            kubectl: { args: [get, pods] }
                          - id: b
                            kubectl: { args: [delete, pod, x] }
                          - id: c
                            kubectl: { args: [delete, pod, x] }
                            mutates: false
                    """
            )
        )
        #expect(runbook.mainSteps.map(\.mutates) == [false, true, false])
    }
}
