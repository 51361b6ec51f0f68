/// Infers whether a kubectl command changes the cluster, from its verb.
///
/// kubectl steps mutate unless marked; reading verbs (`get`, `describe`, `logs`, `rollout status`,
/// `config current-context`, …) are inferred read-only instead, so guards and checks need no `mutates: false`.
/// Anything unrecognised, or a verb that is a template, counts as mutating.
enum KubectlVerbs {
    static let readVerbs: Set<String> = [
        "get", "describe", "logs", "top", "version", "explain", "api-resources", "api-versions", "cluster-info", "diff",
        "wait", "events",
    ]
    static let readSubcommands: [String: Set<String>] = [
        "config": ["current-context", "view", "get-contexts", "get-clusters", "get-users"],
        "rollout": ["status", "history"],
        "auth": ["can-i", "whoami"],
    ]

    /// Whether the argument list (literal words; `nil` for templated ones) may change anything.
    static func mutates(_ args: [String?]) -> Bool {
        let words = args.filter { !($0?.hasPrefix("-") ?? false) }
        guard let first = words.first, let verb = first else { return true }
        if readVerbs.contains(verb) { return false }
        if let subs = readSubcommands[verb], words.count > 1, let sub = words[1], subs.contains(sub) { return false }
        return true
    }
}
