import RunbookCore

/// Walks two key-ordered sides together and reports each key once.
///
/// A key is only on the left, only on the right, or on both (with both rows). Memory holds one batch per side.
enum KeyedMergeJoin {
    /// One key's rows.
    enum Match {
        case onlyLeft(key: [Value], row: [Value])
        case onlyRight(key: [Value], row: [Value])
        case both(key: [Value], left: [Value], right: [Value])
    }

    static func run(_ left: KeyedSide, _ right: KeyedSide, _ visit: (Match) async throws -> Void) async throws {
        try await left.advance()
        try await right.advance()
        var checkedWidths = false
        while true {
            try Task.checkCancellation()
            switch (left.current, right.current) {
            case (nil, nil):
                return
            case (let l?, nil):
                try await visit(.onlyLeft(key: l.key, row: l.row))
                try await left.advance()
            case (nil, let r?):
                try await visit(.onlyRight(key: r.key, row: r.row))
                try await right.advance()
            case (let l?, let r?):
                let order = KeyOrder.compare(l.key, r.key)
                if order < 0 {
                    try await visit(.onlyLeft(key: l.key, row: l.row))
                    try await left.advance()
                } else if order > 0 {
                    try await visit(.onlyRight(key: r.key, row: r.row))
                    try await right.advance()
                } else {
                    if !checkedWidths {
                        try checkWidths(left, right)
                        checkedWidths = true
                    }
                    try await visit(.both(key: l.key, left: l.row, right: r.row))
                    try await left.advance()
                    try await right.advance()
                }
            }
        }
    }

    /// Both sides must return as many value columns (compared by position).
    static func checkWidths(_ left: KeyedSide, _ right: KeyedSide) throws {
        guard let l = left.layout, let r = right.layout, l.valueIndices.count != r.valueIndices.count else { return }
        func names(_ layout: KeyedRowLayout) -> String {
            layout.valueIndices.map { layout.columns[$0] }.joined(separator: ", ")
        }
        throw StepFailure(
            "\(left.name) returns \(l.valueIndices.count) value columns (\(names(l))) but \(right.name) returns "
                + "\(r.valueIndices.count) (\(names(r))): value columns are compared by position"
        )
    }

    /// Whether two rows' value columns hold the same data.
    static func sameValues(_ left: [Value], _ right: [Value], _ l: KeyedRowLayout?, _ r: KeyedRowLayout?) -> Bool {
        guard let l, let r else { return true }
        let a = l.values(of: left)
        let b = r.values(of: right)
        return a.count == b.count && zip(a, b).allSatisfy { KeyOrder.same($0, $1) }
    }
}
