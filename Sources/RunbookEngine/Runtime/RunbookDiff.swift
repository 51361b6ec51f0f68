import RunbookCore

/// Which steps differ between two versions of a runbook (by step digest).
public enum RunbookDiff {
    /// Steps added, removed or changed, as `id (changed)`, `id (added)`, `id (removed)`.
    public static func changedSteps(old: Runbook?, new: Runbook) -> [String] {
        func all(_ r: Runbook) -> [Step] { r.guards + r.mainSteps + r.rollbacks.flatMap(\.steps) }
        guard let old else { return ["(the previous version cannot be read)"] }
        var before: [String: String] = [:]
        for s in all(old) { before[s.id] = s.digest }
        var out: [String] = []
        var seen = Set<String>()
        for s in all(new) {
            seen.insert(s.id)
            if let d = before[s.id] {
                if d != s.digest { out.append("\(s.id) (changed)") }
            } else {
                out.append("\(s.id) (added)")
            }
        }
        for s in all(old) where !seen.contains(s.id) { out.append("\(s.id) (removed)") }
        return out
    }
}
