import Yams

/// Counts the nodes of a composed document without recursion, stopping at a limit.
enum NodeBudget {
    /// The location of the root if the document has more than `limit` nodes, else `nil`.
    static func exceeds(_ root: Node, limit: Int) -> SourceLocation? {
        var stack: [Node] = [root]
        var count = 0
        while let node = stack.popLast() {
            count += 1
            if count > limit {
                return root.mark.map { SourceLocation(line: $0.line, column: $0.column) }
                    ?? SourceLocation(line: 1, column: 1)
            }
            switch node {
            case .scalar, .alias: break
            case .sequence(let seq): stack.append(contentsOf: seq)
            case .mapping(let map):
                for (k, v) in map {
                    stack.append(k)
                    stack.append(v)
                }
            }
        }
        return nil
    }
}
