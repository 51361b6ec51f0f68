import RunbookCore

/// Says that a step is still running: which step, for how long, and what it waits on.
///
/// Starts after `quietPeriod` (steps that finish quickly print nothing). On a TTY it redraws the live line
/// every second; in a plain log it prints a line every `interval`. A TTY transfer keeps its progress bar
/// instead. Stop it when the step ends; on a TTY that clears the line.
final class StepHeartbeat: Sendable {
    private let task: Task<Void, Never>
    private let terminal: Terminal
    private let drawsLive: Bool

    /// Starts the heartbeat of `step`.
    init(
        _ step: Step,
        attempt: Int,
        terminal: Terminal,
        quietPeriod: Duration = .seconds(5),
        interval: Duration = .seconds(15)
    ) {
        let isTransfer: Bool
        if case .transfer = step.body { isTransfer = true } else { isTransfer = false }
        let live = terminal.isTTY
        let silent = live && isTransfer
        drawsLive = live && !silent
        self.terminal = terminal
        let id = step.id
        let waitingOn = Self.waitingOn(step.body)
        let retry = attempt > 1 ? ", attempt \(attempt)" : ""
        task = Task {
            let clock = ContinuousClock()
            let start = clock.now
            guard !silent, (try? await Task.sleep(for: quietPeriod)) != nil else { return }
            while !Task.isCancelled {
                let seconds = (clock.now - start).components.seconds
                let text = "… \(id) still running (\(Self.elapsed(seconds))\(retry)) — waiting on \(waitingOn)"
                if live { terminal.live("    " + text) } else { terminal.line(text) }
                guard (try? await Task.sleep(for: live ? .seconds(1) : interval)) != nil else { return }
            }
        }
    }

    /// Stops it (and clears the live line it drew).
    func stop() {
        task.cancel()
        if drawsLive { terminal.live("") }
    }

    /// What a step of this kind waits on, for the operator.
    static func waitingOn(_ body: StepBody) -> String {
        switch body {
        case .sql(let a): return "PostgreSQL connection '\(a.on.value)'"
        case .cypher(let a): return "graph connection '\(a.on.value)'"
        case .compare(let a): return "connections '\(a.left.on.value)' and '\(a.right.on.value)'"
        case .transfer(let a): return "'\(a.from.on.value)' → '\(a.to.on.value)' (next batch to commit)"
        case .sync(let a): return "'\(a.from.on.value)' → '\(a.on.value)' (the diff and its next batch)"
        case .shell: return "the shell process"
        case .kubectl: return "kubectl"
        case .http(let a): return "the HTTP response (\(a.method))"
        case .gate: return "approval"
        case .wait: return "the wait"
        }
    }

    static func elapsed(_ seconds: Int64) -> String {
        seconds < 60 ? "\(seconds)s" : "\(seconds / 60)m\(seconds % 60 < 10 ? "0" : "")\(seconds % 60)s"
    }
}
