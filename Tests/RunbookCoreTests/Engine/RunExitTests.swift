import RunbookCore
import Testing

/// The typed exit statuses keep the numbers of the exit table operators and scripts rely on.
@Suite struct RunExitTests {
    @Test func eachStatusHasTheNumberOfTheExitTable() {
        let numbers = RunExit.allCases.map { ($0, $0.rawValue) }
        #expect(numbers.map(\.1) == [0, 1, 2, 3, 4, 5])
        #expect(RunExit.allCases == [.success, .stepFailed, .invalidInput, .stopped, .rollbackFailed, .locked])
    }

    @Test func everyOutcomeEndsWithItsStatus() {
        let statuses = RunOutcome.allCases.map { ($0.rawValue, $0.exitCode) }
        #expect(
            statuses.map { "\($0.0)=\($0.1.rawValue)" } == [
                "succeeded=0", "succeeded_with_warnings=0", "failed=1", "rolled_back=1", "rollback_failed=4",
                "stopped=3",
            ]
        )
    }
}
