import Foundation
import PostgresStore
import RunbookCore
import RunbookEngine

// Event append latency of the run stores: N synced appends (each durable before it returns) to a run in the file
// store and in the PostgreSQL store; prints one line per store: `<store> <n> <median µs> <p95 µs> <mean µs>`.
//
// Usage: state-store-bench DIR POSTGRES_URL [N]

let args = CommandLine.arguments
guard args.count >= 3 else {
    FileHandle.standardError.write(Data("usage: state-store-bench DIR POSTGRES_URL [N]\n".utf8))
    exit(2)
}
let count = args.count > 3 ? Int(args[3]) ?? 1000 : 1000

func measure(_ name: String, _ store: any RunStore) async throws {
    let runbookID = "bench-append"
    let runID = StateDirectory.newRunID(runbook: runbookID)
    let lock = try await store.lock(runbookID: runbookID, runID: runID)
    try await lock.whileHeld {
        try await appendSamples(name, store, runbookID: runbookID, runID: runID, lock: lock)
    }
}

/// Creates the run and times its appends.
func appendSamples(
    _ name: String,
    _ store: any RunStore,
    runbookID: String,
    runID: String,
    lock: any RunStoreLock
) async throws {
    let journal = try await store.createRun(runID, runbookID: runbookID, runbook: Array("x".utf8), lock: lock)
    try await journal.append(
        JournalEventType.runStarted,
        .map([("run_id", .string(runID)), ("runbook", .string(runbookID))])
    )
    let data: Value = .map([("step", .string("s1")), ("attempt", .int(1)), ("command", .string("true"))])
    var samples: [Double] = []
    samples.reserveCapacity(count)
    let clock = ContinuousClock()
    for _ in 0..<count {
        let start = clock.now
        try await journal.append(JournalEventType.stepStarted, data)
        let d = clock.now - start
        samples.append(Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12)
    }
    try await journal.seal()
    samples.sort()
    let median = samples[samples.count / 2]
    let p95 = samples[min(samples.count - 1, samples.count * 95 / 100)]
    let mean = samples.reduce(0, +) / Double(samples.count)
    print(String(format: "%@ %d %.0f %.0f %.0f", name, count, median, p95, mean))
}

do {
    try await measure("file", FileRunStore(root: args[1]))
    try await measure("postgres", await PostgresRunStore(url: args[2], environment: [:]))
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
