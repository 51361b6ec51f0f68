import Foundation
import RunbookCore
import RunbookEngine
import ShellConnector

/// A run driven in-process, as an event script: a memory store, a manual clock, scripted answers and a captured
/// terminal.
///
/// Steps are real `bash` (through the shell connector) in a scratch directory, written as `@DIR` in the
/// runbook; no `runbook` process is spawned.
final class EngineScript: @unchecked Sendable {
    let store = MemoryRunStore()
    let clock = ManualClock()
    let output = CapturedOutput()
    let answers: ScriptedAnswers
    let dir: URL
    let file: String
    /// Observers the runs get (`RunEffects.observers`).
    var observers: [any RunObserver] = []
    /// Where `abort_if` queries go (`RunEffects.alarms`); nil: the real Prometheus client.
    var alarms: (any AlarmSource)?
    /// Where `http` steps go (`Connectors.http`); nil: URLSession.
    var http: (any HTTPExecutor)?
    /// Notification sinks besides the runbook's (`--notify`, `RunEffects.notify`).
    var notify: [NotifySink] = []
    /// The environment the runs see (`RUNBOOK_NOTIFY`, …).
    var environment: [String: String] = [:]

    init(_ yaml: String, answers: [String] = []) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        file = dir.appendingPathComponent("rb.yaml").path
        self.answers = ScriptedAnswers(answers)
        try write(yaml)
    }

    /// Replaces the runbook file (as an operator editing it would).
    func write(_ yaml: String) throws {
        try yaml.replacingOccurrences(of: "@DIR", with: dir.path).write(
            toFile: file,
            atomically: true,
            encoding: .utf8
        )
    }

    func touch(_ name: String) {
        _ = FileManager.default.createFile(atPath: dir.appendingPathComponent(name).path, contents: nil)
    }

    var launcher: RunLauncher {
        var effects = RunEffects(clock: clock, prompter: answers)
        effects.marksProcesses = false
        effects.heartbeatAfter = nil
        effects.observers = observers
        effects.notify = notify
        if let alarms { effects.alarms = alarms }
        return RunLauncher(
            store: store,
            connectors: Connectors(
                process: ShellProcessExecutor(gracePeriod: .milliseconds(200)),
                http: http ?? URLSessionHTTPExecutor()
            ) { connection in
                throw NoDatabase(name: connection.name)
            },
            environment: environment,
            toolVersion: "test",
            effects: effects
        )
    }

    var terminal: (Redactor) -> Terminal {
        { [output] in Terminal(redactor: $0, isTTY: false, output: output) }
    }

    func options(yes: Bool = false, rerunInDoubt: Bool = false, interactive: Bool = false) -> RunDriver.Options {
        var o = RunDriver.Options()
        o.yes = yes
        o.rerunInDoubt = rerunInDoubt
        o.interactive = interactive
        return o
    }

    /// `runbook run FILE`.
    func run(_ options: RunDriver.Options = RunDriver.Options()) async throws -> RunOutcome {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        let runbook = try Self.load(bytes)
        guard case .success(let bindings) = ParamBinder.bind(runbook, assignments: [], requireAll: true) else {
            throw NoDatabase(name: "params")
        }
        return try await launcher.start(
            file: file,
            bytes: bytes,
            runbook: runbook,
            bindings: bindings,
            from: nil,
            only: nil,
            options: options,
            terminal: terminal
        )
    }

    /// `runbook resume RUN`.
    func resume(
        _ options: RunDriver.Options = RunDriver.Options(),
        reentry: RunLauncher.Reentry = RunLauncher.Reentry()
    ) async throws -> RunOutcome {
        try await launcher.resume(
            runID: runID,
            allowChanged: true,
            ignoreLeftoverProcesses: true,
            options: options,
            load: { _, bytes in try? Self.load(bytes) },
            terminal: terminal,
            reentry: reentry
        )
    }

    static func load(_ bytes: [UInt8]) throws -> Runbook {
        guard let runbook = RunbookLoader.load(bytes: bytes).runbook else { throw NoDatabase(name: "runbook") }
        return runbook
    }

    var runID: String { store.runIDs().last ?? "" }

    /// The run's journal events, read back from the store (chain verified).
    var events: [JournalEvent] {
        guard let result = store.readJournal(runID), result.problem == nil else { return [] }
        return result.events
    }

    func events(_ type: String) -> [JournalEvent] { events.filter { $0.type == type } }

    /// Lines a step appended to `@DIR/NAME`.
    func lines(_ name: String) -> [String] {
        ((try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init)
    }

    deinit { try? FileManager.default.removeItem(at: dir) }
}

/// These scripts have no database connections.
struct NoDatabase: Error { var name: String }

/// Answers typed at prompts, in order; end of input after the last.
final class ScriptedAnswers: Prompter, @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [String]

    init(_ answers: [String]) { self.answers = answers }

    /// Queues another answer.
    func append(_ answer: String) {
        lock.lock()
        answers.append(answer)
        lock.unlock()
    }

    func readLine() async throws -> String? {
        lock.withLock { answers.isEmpty ? nil : answers.removeFirst() }
    }
}

/// What the run printed.
final class CapturedOutput: TerminalOutput, @unchecked Sendable {
    private let lock = NSLock()
    private var out = ""
    private var err = ""

    func write(_ text: String, error: Bool) {
        lock.lock()
        if error { err += text } else { out += text }
        lock.unlock()
    }

    var stdout: String {
        lock.lock()
        defer { lock.unlock() }
        return out
    }

    var stderr: String {
        lock.lock()
        defer { lock.unlock() }
        return err
    }
}
