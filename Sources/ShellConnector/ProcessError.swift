/// A process could not be run.
///
/// ``description`` never contains argument or environment values, which may be secrets.
public struct ProcessError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong; new codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: Sendable, Hashable {
            case invalidRequest, executableNotFound, workingDirectory, spawnFailed, failed
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The request is malformed or breaks a rule (a conflicting kubectl flag, a NUL in a value).
        public static let invalidRequest = Code(.invalidRequest)
        /// The executable does not exist or is not on `PATH`.
        public static let executableNotFound = Code(.executableNotFound)
        /// The working directory could not be entered.
        public static let workingDirectory = Code(.workingDirectory)
        /// The operating system refused to start the process.
        public static let spawnFailed = Code(.spawnFailed)
        /// Starting, monitoring or reading the process failed.
        public static let failed = Code(.failed)

        /// The code's name.
        public var description: String {
            switch base {
            case .invalidRequest: return "invalid request"
            case .executableNotFound: return "executable not found"
            case .workingDirectory: return "working directory"
            case .spawnFailed: return "spawn failed"
            case .failed: return "process failed"
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// A message for the operator, free of values.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
