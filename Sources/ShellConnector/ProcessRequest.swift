/// A process to start: what to run, with which arguments, environment and working directory.
///
/// Build one with ``shell(_:extraEnvironment:cwd:)`` or ``kubectl(args:context:namespace:)`` for runbook
/// steps, or directly for anything else. The child inherits this process's environment plus
/// ``environment``; its standard input is `/dev/null`.
public struct ProcessRequest: Sendable, Hashable {
    /// How the program to run is found.
    public enum Executable: Sendable, Hashable {
        /// An absolute or relative file path, used as is.
        case path(String)
        /// A bare name, looked up in the `PATH` the child will see.
        case name(String)
    }

    /// The program to run.
    public var executable: Executable
    /// The arguments, not including the program name.
    public var arguments: [String]
    /// Variables set (or replaced) on top of the inherited environment, in order; a later entry for
    /// the same name wins.
    public var environment: [(name: String, value: String)]
    /// The working directory; `nil` keeps this process's.
    public var workingDirectory: String?

    /// Creates a request.
    public init(
        executable: Executable,
        arguments: [String] = [],
        environment: [(name: String, value: String)] = [],
        workingDirectory: String? = nil
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
    }

    /// Equal when the executables, arguments, environments (in order) and directories are equal.
    public static func == (lhs: ProcessRequest, rhs: ProcessRequest) -> Bool {
        lhs.executable == rhs.executable && lhs.arguments == rhs.arguments
            && lhs.workingDirectory == rhs.workingDirectory
            && lhs.environment.elementsEqual(rhs.environment) { $0.name == $1.name && $0.value == $1.value }
    }

    /// Hashes every field, the environment in order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(executable)
        hasher.combine(arguments)
        hasher.combine(workingDirectory)
        for (name, value) in environment {
            hasher.combine(name)
            hasher.combine(value)
        }
    }

    /// Checks what the operating system would reject, with messages that never quote values.
    ///
    /// - Throws: ``ProcessError`` with code ``ProcessError/Code/invalidRequest``.
    public func validate() throws(ProcessError) {
        let program: String
        switch executable {
        case .path(let p): program = p
        case .name(let n): program = n
        }
        if program.isEmpty { throw ProcessError(.invalidRequest, "the executable is empty") }
        if program.utf8.contains(0) { throw ProcessError(.invalidRequest, "the executable contains a NUL character") }
        for (index, argument) in arguments.enumerated() where argument.utf8.contains(0) {
            throw ProcessError(.invalidRequest, "argument \(index + 1) contains a NUL character")
        }
        for (name, value) in environment {
            guard Self.isValidEnvironmentName(name) else {
                throw ProcessError(.invalidRequest, "invalid environment variable name")
            }
            if value.utf8.contains(0) {
                throw ProcessError(.invalidRequest, "environment variable \(name) contains a NUL character")
            }
        }
        if let workingDirectory, workingDirectory.isEmpty || workingDirectory.utf8.contains(0) {
            throw ProcessError(.invalidRequest, "invalid working directory")
        }
    }

    /// POSIX: not empty, no `=` or NUL, not starting with a digit.
    static func isValidEnvironmentName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            return false
        }
        return !name.utf8.contains(UInt8(ascii: "=")) && !name.utf8.contains(0)
    }
}
