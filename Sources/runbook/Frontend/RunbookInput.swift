import RunbookCore

/// A runbook file read, validated and bound to its `-p` parameters, as `run` and `rehearse` need it; every
/// problem is printed (`FILE:LINE:COL: error: …`, `error: -p …`) and becomes exit 2.
struct RunbookInput {
    /// The file's bytes (the run is pinned to their digest).
    var bytes: [UInt8]
    /// The validated runbook.
    var runbook: Runbook
    /// The bound parameters (every required one set, unless `requireAll` was false).
    var bindings: [ParamBinder.Binding]

    /// Reads, validates and binds `file`; throws exit 2 after printing what is wrong.
    ///
    /// `requireAll: false` lets required parameters stay unset (for commands that run nothing).
    init(file: String, assignments: [String], requireAll: Bool = true) throws {
        do {
            bytes = try RunbookFile.readBytes(file)
        } catch {
            FileHandleOutput.stderr("\(file): error: cannot read: \(error.reason)\n")
            throw ExitCodes.invalidInput
        }
        guard let runbook = RunbookFile.load(file, bytes: bytes) else { throw ExitCodes.invalidInput }
        self.runbook = runbook
        switch ParamBinder.bind(runbook, assignments: assignments, requireAll: requireAll) {
        case .success(let b): bindings = b
        case .failure(let e):
            for m in e.messages { FileHandleOutput.stderr("error: \(m)\n") }
            throw ExitCodes.invalidInput
        }
    }
}
