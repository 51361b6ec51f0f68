import RunbookCore
import Synchronization

/// Receives both output streams of one process: passes text on live and keeps a tail of each.
final class OutputCollector: Sendable {
    private struct StreamState {
        var tail: TailBuffer
        var decoder = UTF8ChunkDecoder()
    }

    private struct State {
        var stdout: StreamState
        var stderr: StreamState
    }

    private let state: Mutex<State>
    private let onOutput: @Sendable (OutputChunk) -> Void

    init(limit: Int, onOutput: @escaping @Sendable (OutputChunk) -> Void) {
        self.state = Mutex(
            State(
                stdout: StreamState(tail: TailBuffer(limit: limit)),
                stderr: StreamState(tail: TailBuffer(limit: limit))
            )
        )
        self.onOutput = onOutput
    }

    /// Records bytes read from `stream` and passes their complete characters on.
    ///
    /// `onOutput` is called under the lock, so calls never overlap and keep arrival order.
    func received(_ bytes: [UInt8], from stream: OutputChunk.Stream) {
        state.withLock { state in
            let text: String
            switch stream {
            case .stdout:
                state.stdout.tail.append(bytes)
                text = state.stdout.decoder.decode(bytes)
            case .stderr:
                state.stderr.tail.append(bytes)
                text = state.stderr.decoder.decode(bytes)
            }
            if !text.isEmpty { onOutput(OutputChunk(stream: stream, text: text)) }
        }
    }

    /// Ends `stream`: passes on any bytes held back.
    func ended(_ stream: OutputChunk.Stream) {
        state.withLock { state in
            let text: String
            switch stream {
            case .stdout: text = state.stdout.decoder.flush()
            case .stderr: text = state.stderr.decoder.flush()
            }
            if !text.isEmpty { onOutput(OutputChunk(stream: stream, text: text)) }
        }
    }

    /// The kept text and dropped byte counts of both streams.
    func finish() -> (stdout: (text: String, dropped: Int), stderr: (text: String, dropped: Int)) {
        state.withLock { state in (state.stdout.tail.finish(), state.stderr.tail.finish()) }
    }
}
