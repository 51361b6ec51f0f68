/// Accommodations for servers that deviate from Neo4j's Bolt behaviour — all in this one place.
///
/// FalkorDB 4.18 (detected from the `server` agent in HELLO's SUCCESS) needs:
/// - no GOODBYE on close: it breaks the handshake of the server's *next* connection;
/// - an empty RUN/BEGIN extra map: it takes the graph name from the first key of RUN's extra, so
///   `db`, `mode` and `tx_timeout` are not sent (the query timeout still works client-side by RESET).
///
/// Behaviour that is right for every server is not a quirk and is always on: RESET at once after a
/// FAILURE, each message in a single write, never relying on `has_more`, never sending DISCARD.
public struct BoltServerQuirks: Sendable, Hashable {
    /// Send GOODBYE before closing (Neo4j: yes; FalkorDB: no).
    public var sendGoodbyeOnClose: Bool
    /// Send `db`, `mode`, `tx_timeout`, `bookmarks` in RUN/BEGIN extra (Neo4j: yes; FalkorDB: no).
    public var sendRunExtra: Bool

    /// Creates a set of accommodations.
    public init(sendGoodbyeOnClose: Bool, sendRunExtra: Bool) {
        self.sendGoodbyeOnClose = sendGoodbyeOnClose
        self.sendRunExtra = sendRunExtra
    }

    /// Neo4j's behaviour: nothing to accommodate.
    public static let neo4j = BoltServerQuirks(sendGoodbyeOnClose: true, sendRunExtra: true)
    /// FalkorDB 4.16–4.19.
    public static let falkorDB = BoltServerQuirks(sendGoodbyeOnClose: false, sendRunExtra: false)

    /// The accommodations for what HELLO's SUCCESS says.
    ///
    /// FalkorDB 4.18 introduces itself as `Neo4j/5.13.0`, so besides an agent containing "FalkorDB" it
    /// is recognised by its connection id: a UUID, where Neo4j sends `bolt-<n>`.
    public static func detected(serverAgent: String, connectionID: String) -> BoltServerQuirks {
        if serverAgent.lowercased().contains("falkordb") { return .falkorDB }
        let neo4jStyleID = connectionID.isEmpty || connectionID.hasPrefix("bolt-")
        return neo4jStyleID ? .neo4j : .falkorDB
    }
}

/// How ``BoltConfiguration`` chooses server accommodations.
public enum BoltServerQuirksMode: Sendable, Hashable {
    /// From the server agent in HELLO's SUCCESS (FalkorDB → ``BoltServerQuirks/falkorDB``).
    case automatic
    /// Always these.
    case fixed(BoltServerQuirks)
}
