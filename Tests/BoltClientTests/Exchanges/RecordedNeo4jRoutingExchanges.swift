/// Neo4j cluster members' side of routed (`neo4j://`) conversations, in ``BoltExchange`` notation.
///
/// Every connection of a routed driver carries the routing context in HELLO; a router answers ROUTE with the
/// database's table (`ttl` seconds, WRITE/READ/ROUTE addresses). `#ROUTER#`, `#WRITER#`, `#READER#` are filled in.
enum RecordedNeo4jRoutingExchanges {
    /// HELLO with the routing context of `neo4j://HOST:PORT?policy=eu`, then LOGON (Bolt 5.7).
    static let hello = """
        bolt 5.7
        client HELLO {"user_agent": "*", "bolt_agent": "*", "routing": {"address": "#SEED#", "policy": "eu"}}
        server SUCCESS {"server": "Neo4j/5.26.0", "connection_id": "bolt-c"}
        client LOGON {"scheme": "basic", "principal": "neo4j", "credentials": "pass"}
        server SUCCESS {}
        """

    /// ROUTE for the home database, answered with one writer, one reader and the router itself.
    static let route = """
        client ROUTE {"address": "#SEED#", "policy": "eu"} [] {}
        server SUCCESS {"rt": {"ttl": 300, "db": "neo4j", "servers": [{"addresses": ["#WRITER#"], "role": "WRITE"}, {"addresses": ["#READER#"], "role": "READ"}, {"addresses": ["#ROUTER#"], "role": "ROUTE"}]}}
        optional GOODBYE
        """

    /// ROUTE again after a failure, with the bookmark seen so far (`#BOOKMARKS#`, a JSON list).
    static let routeAgain = """
        client ROUTE {"address": "#SEED#", "policy": "eu"} #BOOKMARKS# {}
        server SUCCESS {"rt": {"ttl": 300, "db": "neo4j", "servers": [{"addresses": ["#WRITER#"], "role": "WRITE"}, {"addresses": ["#READER#"], "role": "READ"}, {"addresses": ["#ROUTER#"], "role": "ROUTE"}]}}
        optional GOODBYE
        """

    /// A table that expires at once (`ttl` 0) and names `#ROUTER#` as its only router.
    static let routeExpiring = """
        client ROUTE {"address": "#SEED#", "policy": "eu"} #BOOKMARKS# {}
        server SUCCESS {"rt": {"ttl": 0, "db": "neo4j", "servers": [{"addresses": ["#WRITER#"], "role": "WRITE"}, {"addresses": ["#READER#"], "role": "READ"}, {"addresses": ["#ROUTER#"], "role": "ROUTE"}]}}
        optional GOODBYE
        """

    /// A write accepted by the leader, with a bookmark.
    static let write = """
        client RUN "CREATE (:P)" {} {}
        client PULL {"n": 1000}
        server SUCCESS {"fields": []}
        server SUCCESS {"type": "w", "stats": {"nodes-created": 1}, "bookmark": "bm-w", "db": "neo4j"}
        """

    /// A read (mode r) on a follower, carrying the write's bookmark.
    static let read = """
        client RUN "MATCH (p:P) RETURN count(p)" {} {"mode": "r", "bookmarks": ["bm-w"]}
        client PULL {"n": 1000}
        server SUCCESS {"fields": ["count(p)"]}
        server RECORD [1]
        server SUCCESS {"type": "r", "bookmark": "bm-r"}
        """

    /// A former leader refuses the write.
    static let notALeader = """
        client RUN "CREATE (:P)" {} {}
        client PULL {"n": 1000}
        server FAILURE {"code": "Neo.ClientError.Cluster.NotALeader", "message": "No write operations are allowed on this database. This is a read only Neo4j instance."}
        server IGNORED
        client RESET
        server SUCCESS {}
        optional GOODBYE
        """

    /// The leader accepts the write, then the connection drops before the summary.
    static let writeDropped = """
        client RUN "CREATE (:P)" {} {}
        client PULL {"n": 1000}
        server SUCCESS {"fields": []}
        hangup
        """
}
