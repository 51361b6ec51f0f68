/// What was different between two runs: step outcomes, timings and values, and steps only one run has.
///
/// Pure: computed from the two journals' events. Each step is compared by its last attempt. Not to be
/// confused with `RunbookDiff` (RunbookEngine), which compares runbook files for `resume`.
public struct RunDiff: Sendable {
    /// One run's side of a comparison.
    public struct Side: Sendable, Hashable {
        /// `succeeded`, `failed`, `skipped`, `in_doubt`, `gate` (see `StepAttempt.Status`).
        public var status: String
        /// The last attempt's duration.
        public var durationMs: Int64?
        /// How many attempts ran.
        public var attempts: Int
        /// The error of a failure, the reason of a skip.
        public var message: String
    }

    /// A value that differs: an output, or the scalar result (`value`).
    public struct ValueChange: Sendable, Hashable {
        /// The output name.
        public var name: String
        /// Its value in run A (`nil` when absent).
        public var a: Value?
        /// Its value in run B (`nil` when absent).
        public var b: Value?

        /// Creates a change.
        public init(name: String, a: Value?, b: Value?) {
            self.name = name
            self.a = a
            self.b = b
        }
    }

    /// A step both runs have, with what differs.
    public struct StepChange: Sendable, Hashable {
        /// The step id.
        public var step: String
        /// Run A's side.
        public var a: Side
        /// Run B's side.
        public var b: Side
        /// Whether the status differs.
        public var statusChanged: Bool
        /// B's duration over A's, when both are known and A's is not zero.
        public var durationRatio: Double?
        /// Whether the timing differs noticeably (see `RunDiff.init`).
        public var timingChanged: Bool
        /// Outputs that differ.
        public var values: [ValueChange]

        /// Whether anything differs.
        public var differs: Bool { statusChanged || timingChanged || !values.isEmpty }
    }

    /// A run's identity and outcome.
    public struct RunSummary: Sendable, Hashable {
        /// Run id.
        public var runID: String
        /// Runbook id.
        public var runbookID: String
        /// Runbook digest.
        public var digest: String
        /// Outcome, or `stopped`/`unfinished`.
        public var outcome: String
        /// First to last event.
        public var spanMs: Int64
    }

    /// Run A.
    public var a: RunSummary
    /// Run B.
    public var b: RunSummary
    /// Every step both runs have, in run A's order (including those that do not differ).
    public var common: [StepChange]
    /// Steps only run A has.
    public var onlyInA: [Side.Named]
    /// Steps only run B has.
    public var onlyInB: [Side.Named]

    /// Steps that differ.
    public var changed: [StepChange] { common.filter(\.differs) }

    /// Whether the runs differ in any step (outcome, timing, values, presence).
    public var hasDifferences: Bool {
        !changed.isEmpty || !onlyInA.isEmpty || !onlyInB.isEmpty || a.outcome != b.outcome
    }

    /// Compares two runs.
    ///
    /// - Parameters:
    ///   - a: Run A's events.
    ///   - b: Run B's events.
    ///   - timingRatio: A duration counts as different when one is at least this many times the other…
    ///   - timingFloorMs: …and they differ by at least this many milliseconds.
    public init(a: [JournalEvent], b: [JournalEvent], timingRatio: Double = 1.5, timingFloorMs: Int64 = 100) {
        let ta = RunTimeline(events: a)
        let tb = RunTimeline(events: b)
        self.a = Self.summary(RunState(events: a), ta)
        self.b = Self.summary(RunState(events: b), tb)
        let lastA = Self.lastAttempts(ta)
        let lastB = Self.lastAttempts(tb)
        let idsB = Set(lastB.map(\.step.step))
        let idsA = Set(lastA.map(\.step.step))
        onlyInA = lastA.filter { !idsB.contains($0.step.step) }.map { Side.Named(step: $0.step.step, side: $0.side) }
        onlyInB = lastB.filter { !idsA.contains($0.step.step) }.map { Side.Named(step: $0.step.step, side: $0.side) }
        let byID = Dictionary(lastB.map { ($0.step.step, $0) }, uniquingKeysWith: { $1 })
        common = lastA.compactMap { left -> StepChange? in
            guard let right = byID[left.step.step] else { return nil }
            var ratio: Double?
            var timing = false
            if let da = left.side.durationMs, let db = right.side.durationMs,
                left.side.status != "skipped", right.side.status != "skipped"
            {
                if da > 0 { ratio = Double(db) / Double(da) }
                let big = max(da, db)
                let small = min(da, db)
                timing = big - small >= timingFloorMs && Double(big) >= Double(max(small, 1)) * timingRatio
            }
            return StepChange(
                step: left.step.step,
                a: left.side,
                b: right.side,
                statusChanged: left.side.status != right.side.status,
                durationRatio: ratio,
                timingChanged: timing,
                values: Self.valueChanges(left.step, right.step)
            )
        }
    }

    /// Outputs shown elsewhere or too noisy to compare.
    static let ignoredOutputs: Set<String> = ["stdout", "stderr", "approved_at"]

    static func valueChanges(_ a: StepAttempt, _ b: StepAttempt) -> [ValueChange] {
        // A failed attempt records no outputs, only its scalar result: then compare just that.
        var names = ["value"]
        if !a.outputs.isEmpty && !b.outputs.isEmpty {
            var seen: Set<String> = ["value"]
            for (k, _) in a.outputs + b.outputs where !ignoredOutputs.contains(k) && seen.insert(k).inserted {
                names.append(k)
            }
        }
        var out: [ValueChange] = []
        for name in names {
            let va = value(a, name)
            let vb = value(b, name)
            if va != vb { out.append(ValueChange(name: name, a: va, b: vb)) }
        }
        return out
    }

    static func value(_ a: StepAttempt, _ name: String) -> Value? {
        if let v = a.outputs.first(where: { $0.key == name })?.value { return v }
        return name == "value" && a.value != .null ? a.value : nil
    }

    static func lastAttempts(_ t: RunTimeline) -> [(step: StepAttempt, side: Side)] {
        var order: [String] = []
        var last: [String: StepAttempt] = [:]
        var counts: [String: Int] = [:]
        for attempt in t.attempts {
            if last[attempt.step] == nil { order.append(attempt.step) }
            // A gate's waiting record does not replace the attempt that decided it.
            last[attempt.step] = attempt
            if attempt.attempt > 0 { counts[attempt.step, default: 0] += 1 }
        }
        return order.compactMap { id in
            guard let s = last[id] else { return nil }
            let side = Side(
                status: s.status.rawValue,
                durationMs: s.effectiveDurationMs,
                attempts: counts[id] ?? 0,
                message: s.message
            )
            return (s, side)
        }
    }

    static func summary(_ s: RunState, _ t: RunTimeline) -> RunSummary {
        RunSummary(
            runID: s.runID,
            runbookID: s.runbookID,
            digest: s.runbookDigest,
            outcome: s.outcome?.rawValue ?? (s.interrupted ? "stopped" : "unfinished"),
            spanMs: t.spanMs
        )
    }
}

extension RunDiff.Side {
    /// A side with its step id, for steps only one run has.
    public struct Named: Sendable, Hashable {
        /// The step id.
        public var step: String
        /// Its side.
        public var side: RunDiff.Side
    }
}
