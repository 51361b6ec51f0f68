/// Infers whether a SQL statement or Cypher query writes, from its words (comments and literals removed).
///
/// Conservative: anything it does not recognise as read-only counts as mutating.
public enum StatementClassifier {
    private static let sqlReadStarts: Set<String> = ["select", "show", "values", "table", "explain", "with"]
    private static let sqlWriteWords: Set<String> = [
        "insert", "update", "delete", "merge", "truncate", "create", "drop", "alter", "grant", "revoke", "copy",
        "vacuum", "analyze", "reindex", "cluster", "refresh", "lock", "call", "do", "comment", "into", "nextval",
        "setval", "pg_terminate_backend", "pg_cancel_backend",
    ]
    private static let cypherWriteWords: Set<String> = [
        "create", "merge", "set", "delete", "detach", "remove", "foreach", "load", "drop",
    ]

    /// Whether a SQL statement may change data or schema.
    ///
    /// Read-only: `SELECT`, `SHOW`, `VALUES`, `TABLE`, `EXPLAIN` without `ANALYZE`, and `WITH … SELECT` without a
    /// data-modifying CTE. `SELECT … INTO`, `FOR UPDATE` and calls to `nextval` count as writes.
    public static func sqlMutates(_ sql: String) -> Bool {
        let words = self.words(of: sql, dollarQuotes: true)
        guard let first = words.first else { return false }
        guard sqlReadStarts.contains(first) else { return true }
        if first == "explain" { return words.contains("analyze") }
        if words.contains(where: { sqlWriteWords.contains($0) }) { return true }
        if let i = words.firstIndex(of: "for"), i + 1 < words.count,
            ["update", "share", "no", "key"].contains(words[i + 1])
        {
            return true
        }
        return false
    }

    /// Whether a Cypher query may write (CREATE, MERGE, SET, DELETE, REMOVE, FOREACH, LOAD CSV, or a procedure CALL
    /// other than the read-only `db.*`/`dbms.*` listings).
    public static func cypherMutates(_ cypher: String) -> Bool {
        let words = self.words(of: cypher, dollarQuotes: false)
        for (i, word) in words.enumerated() {
            if cypherWriteWords.contains(word) { return true }
            if word == "call" {
                let next = i + 1 < words.count ? words[i + 1] : ""
                if next != "db" && next != "dbms" { return true }
            }
        }
        return false
    }

    /// Lower-cased words of the statement, skipping comments, string literals and quoted identifiers.
    static func words(of text: String, dollarQuotes: Bool) -> [String] {
        let s = Array(text.unicodeScalars)
        var words: [String] = []
        var current = ""
        var i = 0
        func flush() {
            if !current.isEmpty {
                words.append(current.lowercased())
                current = ""
            }
        }
        while i < s.count {
            let c = s[i]
            let next: Unicode.Scalar? = i + 1 < s.count ? s[i + 1] : nil
            if c == "-" && next == "-" || c == "/" && next == "/" {
                flush()
                while i < s.count, s[i] != "\n" { i += 1 }
            } else if c == "/" && next == "*" {
                flush()
                i += 2
                while i + 1 < s.count, !(s[i] == "*" && s[i + 1] == "/") { i += 1 }
                i += 2
            } else if c == "'" || c == "\"" || c == "`" {
                flush()
                i += 1
                while i < s.count, s[i] != c {
                    if s[i] == "\\" { i += 1 }
                    i += 1
                }
                i += 1
            } else if dollarQuotes, c == "$", let end = dollarTagEnd(s, from: i) {
                flush()
                let tag = s[i...end]
                var j = end + 1
                while j < s.count {
                    if s[j] == "$", j + tag.count <= s.count, Array(s[j..<(j + tag.count)]) == Array(tag) { break }
                    j += 1
                }
                i = j + tag.count
            } else if c.properties.isAlphabetic || c == "_" || ("0"..."9").contains(c) {
                current.unicodeScalars.append(c)
                i += 1
            } else {
                flush()
                i += 1
            }
        }
        flush()
        return words
    }

    /// If `s[i]` starts a dollar-quote tag (`$$` or `$tag$`), the index of its closing `$`.
    private static func dollarTagEnd(_ s: [Unicode.Scalar], from i: Int) -> Int? {
        var j = i + 1
        while j < s.count, s[j].properties.isAlphabetic || s[j] == "_" { j += 1 }
        guard j < s.count, s[j] == "$" else { return nil }
        if j > i + 1, ("0"..."9").contains(s[i + 1]) { return nil }
        return j
    }
}
