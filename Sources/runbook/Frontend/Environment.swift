import Foundation

/// The process environment, read once.
enum Environment {
    static let variables: [String: String] = ProcessInfo.processInfo.environment
}
