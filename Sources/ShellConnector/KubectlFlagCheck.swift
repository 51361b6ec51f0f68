/// Finds kubectl flags that would override the runbook's target cluster or namespace.
///
/// kubectl parses flags with pflag: long flags as `--name value` or `--name=value`, short flags
/// as `-n value`, `-nvalue`, `-n=value`, and boolean short flags combined (`-Aw`). A short flag
/// that takes a value ends the cluster: the rest is its value (`-lapp=nginx` is a selector).
enum KubectlFlagCheck {
    /// Long flags that may not appear (without their leading `--`).
    static let forbiddenLong: Set<Substring> = [
        "context", "namespace", "kubeconfig", "cluster", "server", "all-namespaces",
    ]
    /// Short flags that may not appear: `-n` (namespace), `-A` (all namespaces), `-s` (server).
    static let forbiddenShort: Set<Character> = ["n", "A", "s"]
    /// Short flags known to take a value, after which the rest of a cluster is that value.
    static let valueShort: Set<Character> = ["c", "f", "k", "l", "L", "o", "p", "r", "v"]

    /// The first forbidden flag, as written up to any `=`, or `nil`.
    static func forbiddenFlag(in args: [String]) -> String? {
        for arg in args {
            if arg == "--" { return nil }
            if arg.hasPrefix("--") {
                let name = arg.dropFirst(2).prefix { $0 != "=" }
                if forbiddenLong.contains(name) { return "--" + name }
            } else if arg.hasPrefix("-"), arg.count > 1 {
                for flag in arg.dropFirst() {
                    if forbiddenShort.contains(flag) { return "-" + String(flag) }
                    if valueShort.contains(flag) || flag == "=" { break }
                }
            }
        }
        return nil
    }
}
