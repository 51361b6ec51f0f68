import RunbookCore
import ShellConnector

// Measures ProcessRunner's per-spawn cost: N runs of `bash -euo pipefail -c true`, one after another.
// Usage: shell-bench [COUNT]. Prints the total and milliseconds per spawn.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let count = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 1000
let runner = ProcessRunner()
let request = ProcessRequest.shell(ShellScript(script: "true", environment: []))
let clock = ContinuousClock()
var failures = 0
let elapsed = try await clock.measure {
    for _ in 0..<count {
        let result = try await runner.run(request)
        if !result.succeeded { failures += 1 }
    }
}
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print("runner: \(count) spawns in \(seconds) s, \(seconds * 1000 / Double(count)) ms/spawn, failures \(failures)")
if failures > 0 { exit(1) }
