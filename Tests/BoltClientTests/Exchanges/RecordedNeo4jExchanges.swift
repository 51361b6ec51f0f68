/// Neo4j's side of Bolt conversations, written for this project in ``BoltExchange`` notation.
///
/// Each exchange is what a Neo4j server (4.4 or 5.x) sends a well-behaved client in one situation; they follow
/// the published Bolt protocol message specification. `#PLACEHOLDERS#` are filled in by the tests.
enum RecordedNeo4jExchanges {
    /// HELLO with the credentials (Bolt 4.4: asks for UTC date-times) and Neo4j 4.4's answer.
    static let hello44 = """
        bolt 4.4
        client HELLO {"user_agent": "*", "scheme": "basic", "principal": "neo4j", "credentials": "pass", "patch_bolt": ["utc"]}
        server SUCCESS {"server": "Neo4j/4.4.30", "connection_id": "bolt-44", "patch_bolt": ["utc"]}
        """

    /// Bolt 5.0: the credentials still travel in HELLO.
    static let hello50 = """
        bolt 5.0
        client HELLO {"user_agent": "*", "scheme": "basic", "principal": "neo4j", "credentials": "pass"}
        server SUCCESS {"server": "Neo4j/5.4.0", "connection_id": "bolt-50"}
        """

    /// HELLO then LOGON (Bolt 5.3+: with `bolt_agent`); `#VERSION#` and `#AGENT#` are filled in.
    static let helloLogon = """
        bolt #VERSION#
        client HELLO {"user_agent": "*", "bolt_agent": {"product": "*", "language": "Swift"}}
        server SUCCESS {"server": "#AGENT#", "connection_id": "bolt-5"}
        client LOGON {"scheme": "basic", "principal": "neo4j", "credentials": "pass"}
        server SUCCESS {}
        """

    /// The end of a conversation: the client may say GOODBYE.
    static let goodbye = """
        optional GOODBYE
        """

    /// An explicit transaction committed, with its bookmark.
    static let transactionCommit = """
        client BEGIN {}
        server SUCCESS {}
        client RUN "RETURN 1 AS n" {} {}
        client PULL {"n": 1000}
        server SUCCESS {"fields": ["n"], "qid": 0, "t_first": 2}
        server RECORD [1]
        server RECORD [2]
        server SUCCESS {"type": "r", "t_last": 1, "db": "neo4j"}
        client COMMIT
        server SUCCESS {"bookmark": "neo4j:bookmark:v1:tx424242"}
        """

    /// An explicit transaction rolled back after reading its records.
    static let transactionRollback = """
        client BEGIN {}
        server SUCCESS {}
        client RUN "RETURN 1 AS n" {} {}
        client PULL {"n": 1000}
        server SUCCESS {"fields": ["n"], "qid": 0}
        server RECORD [1]
        server RECORD [2]
        server SUCCESS {"type": "r"}
        client ROLLBACK
        server SUCCESS {}
        """

    /// RUN fails inside a transaction: FAILURE, PULL IGNORED; the client's RESET ends the transaction.
    static let failureOnRunInTransaction = """
        client BEGIN {}
        server SUCCESS {}
        client RUN "RETURN 1 AS n" {} {}
        client PULL {"n": 1000}
        server FAILURE {"code": "Neo.ClientError.MadeUp.Code", "message": "Something went wrong..."}
        server IGNORED
        client RESET
        server SUCCESS {}
        """

    /// Records stream, then PULL fails (a runtime error part way through the result).
    static let failureAfterRecords = """
        client BEGIN {}
        server SUCCESS {}
        client RUN "RETURN 1 AS n" {} {}
        client PULL {"n": 1000}
        server SUCCESS {"fields": ["n"], "qid": 0}
        server RECORD [1]
        server RECORD [2]
        server FAILURE {"code": "Neo.ClientError.Statement.ArithmeticError", "message": "/ by zero"}
        client RESET
        server SUCCESS {}
        """

    /// BEGIN naming a database and carrying bookmarks (any order).
    static let beginWithBookmarksAndDatabase = """
        client BEGIN {"bookmarks{}": ["b1", "b2"], "db": "homedb"}
        server SUCCESS {}
        client RUN "RETURN 1 as n" {} {}
        client PULL {"n": 1000}
        server SUCCESS {"fields": ["n"], "qid": 0}
        server RECORD [1]
        server SUCCESS {"type": "r", "db": "homedb"}
        client COMMIT
        server SUCCESS {"bookmark": "homedb:bookmark:1"}
        """

    /// BEGIN with `#BEGIN#` as its extra map (a timeout, read mode), one query, COMMIT answered with `#BOOKMARK#`.
    static let beginQueryCommit = """
        client BEGIN #BEGIN#
        server SUCCESS {}
        client RUN "RETURN 1 as n" {} {}
        client PULL {"n": 1000}
        server SUCCESS {"fields": ["n"], "qid": 0}
        server RECORD [1]
        server SUCCESS {"type": "r"}
        client COMMIT
        server SUCCESS {"bookmark": "#BOOKMARK#"}
        """

    /// An auto-commit query answered with names and a write summary.
    static let autoCommitNames = """
        client RUN "MATCH (n) RETURN n.name" {} {}
        client PULL {"n": 1000}
        server SUCCESS {"fields": ["n.name"], "t_first": 1}
        server RECORD ["alice"]
        server RECORD ["bob"]
        server SUCCESS {"type": "w", "bookmark": "bm-names", "db": "neo4j"}
        """

    /// A transient server error on RUN (`#CODE#` filled in), then RESET.
    static let failureOnRun = """
        client RUN "RETURN 1" {} {}
        client PULL {"n": 1000}
        server FAILURE {"code": "#CODE#", "message": "#MESSAGE#"}
        server IGNORED
        client RESET
        server SUCCESS {}
        """

    /// Bolt 5.7's FAILURE: `neo4j_code` with a GQL status and description.
    static let syntaxErrorWithGQLStatus = """
        client RUN "RETURN 1 +" {} {}
        client PULL {"n": 1000}
        server FAILURE {"neo4j_code": "Neo.ClientError.Statement.SyntaxError", "message": "Invalid input '': expected an expression (line 1, column 11)", "gql_status": "42001", "description": "error: syntax error or access rule violation - invalid syntax", "diagnostic_record": {"OPERATION": "", "OPERATION_CODE": "0", "CURRENT_SCHEMA": "/"}}
        server IGNORED
        client RESET
        server SUCCESS {}
        """
}

extension RecordedNeo4jExchanges {
    /// A first query whose summary carries a bookmark.
    static let firstQueryWithBookmark = """
        client RUN "RETURN 1 AS n" {} {}
        client PULL {"n": 1000}
        server SUCCESS {"fields": ["n"], "t_first": 0}
        server RECORD [1]
        server SUCCESS {"type": "r", "bookmark": "bm-1", "db": "neo4j"}
        """

    /// A write (sent with the previous bookmark) accepted and streaming, then the connection drops.
    static let writeDroppedMidStream = """
        client RUN "UNWIND range(1, 3) AS i CREATE (:Item {i: i}) RETURN i" {} {"bookmarks": ["bm-1"]}
        client PULL {"n": 1000}
        server SUCCESS {"fields": ["i"], "t_first": 1}
        server RECORD [1]
        hangup
        """

    /// The server closes the connection right after answering (a restart between two steps).
    static let firstQueryThenHangup = """
        client RUN "RETURN 1 AS n" {} {}
        client PULL {"n": 1000}
        server SUCCESS {"fields": ["n"]}
        server RECORD [1]
        server SUCCESS {"type": "r"}
        hangup
        """

    /// A write on a new connection.
    static let write = """
        client RUN "CREATE (:Item)" {} {}
        client PULL {"n": 1000}
        server SUCCESS {"fields": []}
        server SUCCESS {"type": "w", "stats": {"nodes-created": 1, "labels-added": 1}}
        """

    /// Typed parameters: integers, floats, booleans, null, text that looks like a number, lists and maps.
    static let typedParameters = """
        client RUN "MATCH (u:User {id: $id}) WHERE u.score >= $min AND u.active = $active RETURN u.id" {"id": 42, "min": 0.5, "active": true, "label": "42", "none": null, "tags": ["a", 1, 2.5], "meta": {"k": 1, "nested": [false]}} {}
        client PULL {"n": 1000}
        server SUCCESS {"fields": ["u.id"]}
        server RECORD [42]
        server SUCCESS {"type": "r"}
        """

    /// Two statements in one explicit transaction, committed with a bookmark; the next query carries it.
    static let statementsInOneTransaction = """
        client BEGIN {}
        server SUCCESS {}
        client RUN "CREATE (:A)" {} {}
        client PULL {"n": 1000}
        server SUCCESS {"fields": [], "qid": 0}
        server SUCCESS {"type": "w", "stats": {"nodes-created": 1}}
        client RUN "CREATE (:B)" {} {}
        client PULL {"n": 1000}
        server SUCCESS {"fields": [], "qid": 1}
        server SUCCESS {"type": "w", "stats": {"nodes-created": 1}}
        client COMMIT
        server SUCCESS {"bookmark": "bm-tx"}
        client RUN "MATCH (n) RETURN count(n)" {} {"bookmarks": ["bm-tx"]}
        client PULL {"n": 1000}
        server SUCCESS {"fields": ["count(n)"]}
        server RECORD [2]
        server SUCCESS {"type": "r", "bookmark": "bm-after"}
        """

    /// The second statement fails: FAILURE, then the client's RESET rolls the transaction back.
    static let statementsRolledBack = """
        client BEGIN {"bookmarks": ["bm-after"]}
        server SUCCESS {}
        client RUN "CREATE (:A)" {} {}
        client PULL {"n": 1000}
        server SUCCESS {"fields": [], "qid": 0}
        server SUCCESS {"type": "w", "stats": {"nodes-created": 1}}
        client RUN "CREATE (:B {id: 1 / 0})" {} {}
        client PULL {"n": 1000}
        server FAILURE {"code": "Neo.ClientError.Statement.ArithmeticError", "message": "/ by zero"}
        server IGNORED
        client RESET
        server SUCCESS {}
        """

    /// Bolt 4.4 date-times: a UTC instant (with the patch) and the legacy local-seconds form (without).
    static let dateTimes = """
        client RUN "RETURN datetime() AS t" {} {}
        client PULL {"n": 1000}
        server SUCCESS {"fields": ["t"]}
        server RECORD [#DATETIME#]
        server SUCCESS {"type": "r"}
        """

    /// A write refused, then the server goes away before answering the client's RESET.
    static let failureThenHangup = """
        client RUN "CREATE (:Item {id: 1})" {} {}
        client PULL {"n": 1000}
        server FAILURE {"code": "Neo.ClientError.Schema.ConstraintValidationFailed", "message": "Node already exists"}
        server IGNORED
        hangup
        """

    /// Neo4j 4.4 that does not agree to the UTC patch.
    static let hello44WithoutPatch = """
        bolt 4.4
        client HELLO {"user_agent": "*", "scheme": "basic", "principal": "neo4j", "credentials": "pass", "patch_bolt": ["utc"]}
        server SUCCESS {"server": "Neo4j/4.4.0", "connection_id": "bolt-44"}
        """
}
