import Foundation
import RunbookCore

/// Runs the built `runbook` binary in a scratch directory, as an operator would (RunbookEngineTests,
/// PostgresStoreTests).
public struct CLIHarness {
    public let dir: URL

    public init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    /// The `runbook` executable next to the test bundle (works with any --scratch-path).
    public static var binary: String {
        if let override = ProcessInfo.processInfo.environment["RUNBOOK_BIN"] { return override }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for _ in 0..<4 {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("runbook").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return FileManager.default.currentDirectoryPath + "/.build/debug/runbook"
    }

    public func write(_ name: String, _ text: String) throws {
        try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    public func read(_ name: String) -> String {
        (try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }

    public func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path)
    }

    public struct Output {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `runbook ARGS` to completion with stdin at EOF, holding no cooperative thread while it runs.
    @discardableResult
    public func run(_ args: [String], env: [String: String] = [:]) async throws -> Output {
        let p = try start(args, env: env)
        return await p.finish()
    }

    /// Starts `runbook ARGS` in its own session (so its whole process group can be killed).
    public func start(_ args: [String], env: [String: String] = [:]) throws -> Running {
        let p = Process()
        // Foundation starts the child as a process group leader (pgid = pid), so -pid addresses its group.
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = args
        p.currentDirectoryURL = dir
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return Running(process: p, out: out, err: err)
    }

    /// A started command.
    public final class Running: @unchecked Sendable {
        public let process: Process
        let out: Pipe
        let err: Pipe
        private var outData = Data()
        private var errData = Data()
        private let lock = NSLock()
        /// Left when both readers have seen the end of their pipe.
        private let readers = DispatchGroup()

        /// Starts reading both pipes, each on a thread of its own, until its end.
        ///
        /// Plain blocking reads, not `readabilityHandler`: Foundation's handler is a dispatch source that is
        /// cancelled asynchronously, and closing its descriptor before the cancellation has run (or a `Running`
        /// dropped without `finish`) can crash libdispatch's event loop in the whole test process.
        init(process: Process, out: Pipe, err: Pipe) {
            self.process = process
            self.out = out
            self.err = err
            for (pipe, isErr) in [(out, false), (err, true)] {
                let handle = pipe.fileHandleForReading
                readers.enter()
                let thread = Thread { [self] in
                    while true {
                        let data = handle.availableData
                        if data.isEmpty { break }
                        append(data, err: isErr)
                    }
                    readers.leave()
                }
                thread.stackSize = 1 << 20
                thread.start()
            }
        }

        private func append(_ d: Data, err: Bool) {
            lock.lock()
            if err { errData.append(d) } else { outData.append(d) }
            lock.unlock()
        }

        public var stdoutSoFar: String {
            lock.lock()
            defer { lock.unlock() }
            return String(decoding: outData, as: UTF8.self)
        }

        public var stderrSoFar: String {
            lock.lock()
            defer { lock.unlock() }
            return String(decoding: errData, as: UTF8.self)
        }

        /// SIGKILL to the whole process tree, as a power loss would: the runner's group and every descendant
        /// (step processes run in sessions of their own, so the group alone would miss them).
        public func killGroup() {
            let root = process.processIdentifier
            kill(-root, SIGSTOP)
            var victims = Set(Self.descendants(of: root))
            for pid in victims { kill(pid, SIGSTOP) }
            victims.formUnion(Self.descendants(of: root))
            kill(-root, SIGKILL)
            for pid in victims {
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
            }
        }

        /// SIGSTOP to the runner and every descendant: a paused (not dead) holder.
        public func stopGroup() {
            let root = process.processIdentifier
            kill(-root, SIGSTOP)
            for pid in Self.descendants(of: root) { kill(pid, SIGSTOP) }
        }

        /// SIGCONT to the runner and every descendant.
        public func continueGroup() {
            let root = process.processIdentifier
            for pid in Self.descendants(of: root) { kill(pid, SIGCONT) }
            kill(-root, SIGCONT)
        }

        /// All descendants of `root`, from /proc.
        public static func descendants(of root: Int32) -> [Int32] {
            var children: [Int32: [Int32]] = [:]
            for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
                guard let pid = Int32(name),
                    let text = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                    let stat = ProcStat(text)
                else { continue }
                children[stat.parent, default: []].append(pid)
            }
            var out: [Int32] = []
            var queue = [root]
            while let next = queue.popLast() {
                for c in children[next] ?? [] {
                    out.append(c)
                    queue.append(c)
                }
            }
            return out
        }

        /// Awaits the command's exit and the rest of its output (read on threads of their own: a leftover
        /// descendant may hold the pipes open), holding no cooperative thread meanwhile.
        public func finish() async -> Output {
            let status = await process.waitForExit()
            await OffPool.run { [readers] in readers.wait() }
            try? out.fileHandleForReading.close()
            try? err.fileHandleForReading.close()
            return lock.withLock {
                Output(
                    status: status,
                    stdout: String(decoding: outData, as: UTF8.self),
                    stderr: String(decoding: errData, as: UTF8.self)
                )
            }
        }
    }
}
