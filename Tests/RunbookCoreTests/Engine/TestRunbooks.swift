/// Runbooks the state-machine tests load.
enum TestRunbooks {
    /// Runbook `id`: one phase `p` with `load`, the `middle` step's lines (indented for the steps list), then
    /// `verify`; a failed `verify` triggers the rollback `again` (step `clear`), which resumes at `load` once.
    static func resumingAtLoad(_ id: String, middle: String) -> String {
        """
        runbook: \(id)
        phases:
          - id: p
            steps:
              - id: load
                shell: "true"
        \(middle)
              - id: verify
                shell: "true"
        rollbacks:
          - id: again
            triggers: [verify]
            steps:
              - id: clear
                shell: "true"
            after: { resume: load, max: 1 }
        """
    }
}
