import ShellConnector
import Testing

/// Output limits and decoding.
@Suite struct ProcessOutputTests {
    let runner = ProcessRunner()

    @Test func outputBeyondTheLimitKeepsTheTail() async throws {
        // 200,000 numbered lines on stdout; a short line on stderr.
        let script = "seq 1 200000; echo done >&2"
        let recorder = ChunkRecorder()
        let options = ProcessOptions(outputLimit: 1000)
        let result = try await runner.run(TestSupport.shell(script), options: options) { recorder.record($0) }
        let total = (1...200_000).map { "\($0)\n" }.joined()
        #expect(result.stdout.utf8.count == 1000)
        #expect(result.stdout == String(total.suffix(1000)))
        #expect(result.stdoutDroppedBytes == total.utf8.count - 1000)
        #expect(result.stderr == "done\n")
        #expect(result.stderrDroppedBytes == 0)
        // Live output is not limited.
        #expect(recorder.text(of: .stdout) == total)
    }

    @Test func aTailStartingMidCharacterDropsThePartialCharacter() async throws {
        // "é" is two bytes; a 5-byte tail of "éééé" starts inside one.
        let options = ProcessOptions(outputLimit: 5)
        let result = try await runner.run(TestSupport.shell("printf 'éééé'"), options: options)
        #expect(result.stdout == "éé")
        #expect(result.stdoutDroppedBytes == 4)
    }

    @Test func invalidUTF8IsReplaced() async throws {
        let recorder = ChunkRecorder()
        let result = try await runner.run(TestSupport.shell("printf 'a\\377b\\300'")) { recorder.record($0) }
        #expect(result.stdout == "a\u{FFFD}b\u{FFFD}")
        #expect(recorder.text(of: .stdout) == "a\u{FFFD}b\u{FFFD}")
    }

    @Test func aCharacterSplitAcrossWritesArrivesWhole() async throws {
        let recorder = ChunkRecorder()
        // The euro sign's three bytes, written in two pieces with a pause between.
        let script = "printf '\\342\\202'; sleep 0.1; printf '\\254!'"
        let result = try await runner.run(TestSupport.shell(script)) { recorder.record($0) }
        #expect(result.stdout == "€!")
        #expect(recorder.all.allSatisfy { !$0.text.contains("\u{FFFD}") })
        #expect(recorder.text(of: .stdout) == "€!")
    }

    @Test func aZeroLimitKeepsNothing() async throws {
        let result = try await runner.run(TestSupport.shell("echo 12345"), options: ProcessOptions(outputLimit: 0))
        #expect(result.stdout == "")
        #expect(result.stdoutDroppedBytes == 6)
    }
}
