import RunbookCore
import Testing

/// The machine as the driver runs it, as event scripts: effects out, reported outcomes in, journal records folded
/// back — no I/O, no driver, no clock.
@Suite struct RunStateMachineEffectsTests {
    /// A machine, a journal writer, and the effects it handed out, written one per line.
    struct Script {
        var machine: RunStateMachine
        var writer = JournalWriterState()
        var log: [String] = []

        init(_ yaml: String, policy: RunPolicy = RunPolicy(), injections: [FaultInjection] = []) throws {
            let runbook = try #require(RunbookLoader.load(text: yaml).runbook)
            machine = RunStateMachine(runbook: runbook) { _ in nil }
            machine.policy = policy
            let started = JournalRecord.RunStarted(
                runID: "r1",
                runbook: runbook.id,
                runbookDigest: "d",
                file: "rb.yaml",
                params: [],
                operatorName: "ann@h",
                host: "h",
                pid: 1,
                toolVersion: nil,
                from: nil,
                only: nil,
                injections: injections
            )
            append(.runStarted(started))
        }

        mutating func append(_ record: JournalRecord) {
            let (event, _) = writer.append(type: record.type, time: "2026-12-01T00:00:00.000Z", data: record.data)
            machine.apply(event)
        }

        /// Performs effects that need no answer (appends, starts, sleeps, notices) until one needs an input or the
        /// run returns; returns that effect's description.
        @discardableResult
        mutating func drive() -> String {
            while true {
                let effect = machine.nextEffect()
                switch effect {
                case .append(let record, let notices, _):
                    append(record)
                    log.append(Self.describe(record) + Self.describe(notices))
                case .say(let notices):
                    log.append("say" + Self.describe(notices))
                case .startAttempt(let step, let role, let attempt):
                    append(RunEvents.stepStarted(step, role: role, attempt: attempt, command: [], phase: nil))
                    log.append("start \(step.id) #\(attempt)")
                case .sleep(let delay):
                    log.append("sleep \(delay)")
                case .execute(let step, _, let attempt):
                    return "execute \(step.id) #\(attempt)"
                case .probe(let step):
                    return "probe \(step.id)"
                case .prompt(let notices):
                    return "prompt" + Self.describe(notices)
                case .awaitApproval(let step, _, _, let approved):
                    return "await \(step.id) approved=\(approved)"
                case .finished(let outcome):
                    return "finished \(outcome.rawValue)"
                }
            }
        }

        /// Reports `input`, then drives on.
        @discardableResult
        mutating func report(_ input: RunInput) -> String {
            machine.receive(input)
            return drive()
        }

        static func describe(_ record: JournalRecord) -> String {
            switch record {
            case .stepFailed(let r):
                let retry: String = r.retryInMs.map { " retry_in_ms=\($0)" } ?? " final"
                let injected: String = r.injected.map { " injected=\($0)" } ?? ""
                return "step.failed \(r.step) #\(r.attempt) \(r.error)" + retry + injected
            case .stepSucceeded(let r): return "step.succeeded \(r.step) #\(r.attempt)"
            case .stepSkipped(let r): return "step.skipped \(r.step) by \(r.by): \(r.reason)"
            case .gateApproved(let r):
                return "gate.approved \(r.step) by \(r.approver.journalText) \(r.count)/\(r.required)"
            case .stepReconciled(let r): return "step.reconciled \(r.step) present=\(r.present)"
            case .runInterrupted(let r): return "run.interrupted \(r.reason)"
            case .runFinished(let r): return "run.finished \(r.outcome.rawValue)"
            default: return record.type + (record.step.map { " \($0)" } ?? "")
            }
        }

        static func describe(_ notices: [RunNotice]) -> String {
            notices.map { notice in
                switch notice {
                case .line(let text): return " | \(text)"
                case .error(let text): return " | error: \(text)"
                case .command(let step): return " | command of \(step.id)"
                case .stepSkipped(let id, _): return " | skipped \(id)"
                case .stepFailed(let step, _, _, let retryIn):
                    return " | failed \(step.id)\(retryIn.map { " retry in \($0)" } ?? "")"
                case .stepSucceeded(let step, _, _): return " | succeeded \(step.id)"
                }
            }.joined()
        }
    }

    static func exited(_ status: Int64) -> StepResult {
        StepResult(value: .int(status), fields: ["exit_code": .int(status)], summary: "exit \(status)")
    }

    static func failed(ms: Int64 = 5) -> RunInput {
        .attemptFinished(.failed(message: "exit 1", detail: nil, result: nil, durationMs: ms))
    }

    static func returned(_ result: StepResult = exited(0)) -> RunInput {
        .attemptFinished(.returned(result, durationMs: 5))
    }

    /// Runbook `id` with one phase `p` holding `steps`, each one step as a YAML flow mapping (`{ id: a, … }`).
    static func makeRunbook(_ id: String, _ steps: String...) -> String {
        (["runbook: \(id)", "phases:", "  - id: p", "    steps:"] + steps.map { "      - \($0)" })
            .joined(separator: "\n")
    }

    /// A script of `makeRunbook(id, step)` with one step.
    static func makeScript(
        _ id: String,
        _ step: String,
        policy: RunPolicy = RunPolicy(),
        injections: [FaultInjection] = []
    ) throws -> Script {
        try Script(makeRunbook(id, step), policy: policy, injections: injections)
    }

    /// The operator's policy with the given flags set (operator `ann@h` when one is needed).
    static func makePolicy(
        yes: Bool = false,
        rerunInDoubt: Bool = false,
        interactive: Bool = false,
        stepByStep: Bool = false,
        operatorName: String = "",
        runbookDigest: String = ""
    ) -> RunPolicy {
        var policy = RunPolicy()
        policy.yes = yes
        policy.rerunInDoubt = rerunInDoubt
        policy.interactive = interactive
        policy.stepByStep = stepByStep
        policy.operatorName = operatorName
        policy.runbookDigest = runbookDigest
        return policy
    }

    @Test func aFailedAttemptIsRetriedAfterItsDelayUntilTheBudgetIsSpentThenEndsTheRun() throws {
        var s = try Self.makeScript("retry", #"{ id: a, shell: "false", retry: { attempts: 2, delay: 3s } }"#)
        #expect(s.drive() == "execute a #1")
        #expect(s.report(Self.failed()) == "execute a #2")
        #expect(s.report(Self.failed()) == "finished failed")
        #expect(
            s.log == [
                "start a #1", "step.failed a #1 exit 1 retry_in_ms=3000 | failed a retry in 3s", "sleep 3s",
                "start a #2", "step.failed a #2 exit 1 final | failed a",
                "run.finished failed | ■ failed: step 'a' failed and no rollback scenario covers it",
            ]
        )
    }

    @Test func theMachineChecksExpectationsOfWhatTheAttemptReturned() throws {
        var s = try Script(
            Self.makeRunbook(
                "expect",
                #"{ id: a, shell: "echo 1", expect: { equals: 7 }, on_failure: continue }"#,
                #"{ id: b, shell: "echo 2" }"#
            )
        )
        #expect(s.drive() == "execute a #1")
        #expect(s.report(Self.returned(StepResult(value: .int(1)))) == "execute b #1")
        #expect(s.log[1].hasPrefix("step.failed a #1 expectation failed: "))
        #expect(s.log[1].hasSuffix(" final | failed a"))
        #expect(s.report(Self.returned()) == "finished succeeded")
        #expect(s.log.last == "run.finished succeeded | ■ done: all steps done")
    }

    @Test func anAlarmFailsTheAttemptForGoodEvenWithRetriesLeft() throws {
        var s = try Self.makeScript("alarm", #"{ id: a, shell: "sleep 9", retry: { attempts: 5, delay: 1s } }"#)
        #expect(s.drive() == "execute a #1")
        let alarm = Value.map([("step", .string("a")), ("query", .string("up == 0"))])
        #expect(
            s.report(.attemptFinished(.aborted(alarm: alarm, message: "aborted", detail: "1 series", durationMs: 9)))
                == "finished failed"
        )
        #expect(s.log[1...2] == ["abort.triggered a", "step.failed a #1 aborted final | failed a"])
    }

    @Test func anInjectedFailureIsJournaledWithoutExecutingTheStep() throws {
        var s = try Self.makeScript(
            "inject",
            #"{ id: a, shell: "true" }"#,
            injections: [FaultInjection(step: "a", mode: .failAlways)]
        )
        #expect(s.drive() == "finished failed")
        #expect(s.log[0] == "start a #1")
        #expect(s.log[1].hasPrefix("step.failed a #1 "))
        #expect(s.log[1].contains("injected=fail-always"))
    }

    static let inDoubt = makeRunbook(
        "doubt",
        #"{ id: once, shell: "echo once >> effects" }"#,
        #"{ id: probed, shell: "echo probed >> effects", reconcile: { shell: "grep -q probed effects" } }"#,
        #"{ id: again, shell: "true", idempotent: true }"#
    )

    /// A script whose run stopped with `step` in flight (its `step.started` is the journal's last event).
    static func stopped(during step: String, policy: RunPolicy = RunPolicy()) throws -> Script {
        var s = try Script(inDoubt, policy: policy)
        for done in ["once", "probed", "again"] {
            guard done != step else { break }
            s.append(
                .stepStarted(
                    .init(step: done, role: "main", phase: "p", kind: "shell", attempt: 1, mutates: true, command: [])
                )
            )
            s.append(
                .stepSucceeded(.init(step: done, attempt: 1, durationMs: 1, value: .null, summary: "", outputs: [:]))
            )
        }
        s.append(
            .stepStarted(
                .init(step: step, role: "main", phase: "p", kind: "shell", attempt: 1, mutates: true, command: [])
            )
        )
        return s
    }

    @Test func anInDoubtStepThatIsNotIdempotentStopsTheRunNamingBothWaysForward() throws {
        var s = try Self.stopped(during: "once")
        #expect(s.drive() == "finished stopped")
        #expect(s.log.count == 2)
        #expect(s.log[0] == "step.in_doubt once")
        #expect(s.log[1].hasPrefix("run.interrupted step 'once' is in doubt and not idempotent | error: "))
        #expect(s.log[1].contains("runbook resume r1 --rerun-in-doubt"))
        #expect(s.log[1].contains("runbook skip r1 once"))
    }

    @Test func rerunInDoubtRunsTheStepAgainAsItsNextAttempt() throws {
        var s = try Self.stopped(during: "once", policy: Self.makePolicy(rerunInDoubt: true))
        #expect(s.drive() == "execute once #2")
        #expect(s.log[1] == "say | ? once was in flight and is not idempotent: re-running it (--rerun-in-doubt)")
    }

    @Test func anInteractiveOperatorIsAskedAndNoStopsTheRunWhileYesRunsItAgain() throws {
        let policy = Self.makePolicy(interactive: true)
        var no = try Self.stopped(during: "once", policy: policy)
        #expect(no.drive().hasPrefix("prompt | ? once was in flight when the run stopped and is NOT idempotent"))
        #expect(no.report(.answered("no")) == "finished stopped")
        var yes = try Self.stopped(during: "once", policy: policy)
        yes.drive()
        #expect(yes.report(.answered(" yes ")) == "execute once #2")
    }

    @Test func anIdempotentInDoubtStepRunsAgainWithoutAsking() throws {
        var s = try Self.stopped(during: "again")
        #expect(s.drive() == "execute again #2")
        #expect(
            s.log.suffix(2) == ["say | ? again was in flight and is idempotent: running it again", "start again #2"]
        )
    }

    @Test func theReconcileProbeDecidesAnInDoubtStep() throws {
        var present = try Self.stopped(during: "probed")
        #expect(present.drive() == "probe probed")
        #expect(present.report(.probed(.returned(Self.exited(0)))) == "execute again #1")
        #expect(
            present.log.contains(
                "step.reconciled probed present=true | ? probed was in flight; reconcile probe says its effect is in place: marked done"
            )
        )
        var failed = try Self.stopped(during: "probed")
        failed.drive()
        #expect(failed.report(.probed(.failed(message: "exit 1"))) == "execute probed #2")
        #expect(failed.log.contains { $0.hasPrefix("step.reconciled probed present=false") })
    }

    static let gates = makeRunbook(
        "gates",
        #"{ id: build, shell: "true" }"#,
        #"{ id: go, gate: { prompt: "ship?", approvers: 2, confirm: "ship-it", timeout: 1h } }"#,
        #"{ id: deploy, shell: "true" }"#
    )

    @Test func yesApprovesOnceAsTheOperatorAndTheSecondApproverComesThroughRunbookApprove() throws {
        var s = try Script(Self.gates, policy: Self.makePolicy(yes: true, operatorName: "ann@h", runbookDigest: "d"))
        #expect(s.drive() == "execute build #1")
        #expect(s.report(Self.returned()) == "await go approved=[\"ann@h\"]")
        #expect(s.log.contains("gate.waiting go"))
        #expect(s.log.contains("gate.approved go by ann@h (--yes) 1/2 | ✔ gate 'go' approved by ann@h (--yes) (1/2)"))
        #expect(s.log.last?.hasPrefix("say | ⏸ gate 'go' waiting for approval (1/2): ship?") == true)
        #expect(
            s.report(.gate(.approved(GateApprover(name: "bob@h"), confirmation: "ship-it"))) == "execute deploy #1"
        )
        #expect(s.log.contains("gate.approved go by bob@h 2/2 | ✔ gate 'go' approved by bob@h (2/2)"))
    }

    @Test func theGatePromptAsksAgainUntilTheConfirmationMatchesAndNoDeclines() throws {
        var s = try Script(Self.gates, policy: Self.makePolicy(interactive: true, operatorName: "ann@h"))
        s.drive()
        let first = s.report(Self.returned())
        #expect(first.hasPrefix("prompt |  | ⏸ GATE go: ship?"))
        #expect(first.hasSuffix(" |     Type 'ship-it' to approve, or 'no' to stop:"))
        #expect(
            s.report(.answered("ship"))
                == "prompt |     That does not match 'ship-it'. |     Type 'ship-it' to approve, or 'no' to stop:"
        )
        #expect(s.report(.answered("ship-it")) == "await go approved=[\"ann@h\"]")
        #expect(s.report(.gate(.rejected(by: "bob@h", reason: "not today"))) == "finished stopped")
        #expect(s.log.suffix(2).first == "gate.rejected go")
        #expect(s.log.last?.hasPrefix("run.interrupted gate 'go' declined by bob@h | ■ stopped: ") == true)
    }

    @Test func aGateThatTimesOutStopsTheRunResumably() throws {
        var s = try Script(Self.gates)
        s.drive()
        #expect(s.report(Self.returned()) == "await go approved=[]")
        #expect(s.report(.gate(.timedOut)) == "finished stopped")
        #expect(s.log.suffix(2).first == "gate.timed_out go")
        #expect(s.log.last?.contains("timed out after 1h; resume with: runbook resume r1") == true)
        #expect(s.machine.state.status["go"] == nil)
    }

    @Test func stepByStepSkipsWithAReasonContinuesWithoutAskingOrQuits() throws {
        let yaml = """
            runbook: steps
            guards:
              - id: g
                shell: "true"
            phases:
              - id: p
                steps:
                  - id: a
                    shell: "true"
                  - id: b
                    shell: "true"
                  - id: c
                    shell: "true"
            """
        let policy = Self.makePolicy(stepByStep: true, operatorName: "ann@h")
        var s = try Script(yaml, policy: policy)
        #expect(s.drive() == "execute g #1")
        #expect(
            s.report(Self.returned())
                == "prompt | next: a [shell, MUTATES] | command of a |     [r]un, [s]kip, [c]ontinue without asking, [q]uit?"
        )
        #expect(s.report(.answered("s")) == "prompt |     reason for skipping:")
        #expect(s.report(.answered("done by hand")).hasPrefix("prompt | next: b "))
        #expect(s.log.last == "step.skipped a by ann@h: done by hand")
        #expect(s.report(.answered("c")) == "execute b #1")
        #expect(s.report(Self.returned()) == "execute c #1")
        var quit = try Script(yaml, policy: policy)
        quit.drive()
        quit.report(Self.returned())
        #expect(quit.report(.answered(nil)) == "finished stopped")
        #expect(quit.log.last == "run.interrupted quit at the --step prompt")
    }

    @Test func anInputNobodyWaitsForIsIgnored() throws {
        var s = try Script(Self.gates)
        s.machine.receive(.answered("yes"))
        s.machine.receive(.gate(.timedOut))
        #expect(s.drive() == "execute build #1")
        s.machine.receive(.probed(.failed(message: "x")))
        #expect(s.report(Self.returned()) == "await go approved=[]")
    }

    @Test func anInterruptionNamesTheStepsInFlight() throws {
        var s = try Script(Self.gates)
        s.drive()
        let (record, line) = s.machine.interruption
        #expect(Script.describe(record) == "run.interrupted interrupted (SIGINT/SIGTERM)")
        #expect(line == "■ interrupted during build; resume with: runbook resume r1")
    }
}
