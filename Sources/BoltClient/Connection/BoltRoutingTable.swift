/// A database's routing table from ROUTE: which servers take writes, reads and routing requests, and for how long.
public struct BoltRoutingTable: Sendable, Hashable {
    /// The database the table is for (the home database's name when none was asked for).
    public var database: String?
    /// Addresses (`host:port`) that accept writes (the leader).
    public var writers: [String]
    /// Addresses that accept reads.
    public var readers: [String]
    /// Addresses that answer ROUTE.
    public var routers: [String]
    /// How long the table may be used.
    public var timeToLive: Duration
    /// When it was fetched (for ``isStale(at:)``).
    public var fetchedAt: ContinuousClock.Instant

    /// Creates a table.
    public init(
        database: String?,
        writers: [String],
        readers: [String],
        routers: [String],
        timeToLive: Duration,
        fetchedAt: ContinuousClock.Instant = .now
    ) {
        self.database = database
        self.writers = writers
        self.readers = readers
        self.routers = routers
        self.timeToLive = timeToLive
        self.fetchedAt = fetchedAt
    }

    /// Reads ROUTE's SUCCESS metadata (`rt: {ttl, db, servers: [{addresses, role}]}`).
    ///
    /// - Throws: ``BoltError`` with code `protocolViolation` when `rt` is missing or malformed.
    init(metadata: [String: BoltValue], fetchedAt: ContinuousClock.Instant) throws {
        guard case .map(let rt)? = metadata["rt"], case .int(let ttl)? = rt["ttl"],
            case .list(let servers)? = rt["servers"]
        else {
            throw BoltError(.protocolViolation, "ROUTE's answer has no routing table (rt: {ttl, servers})")
        }
        var byRole: [String: [String]] = [:]
        for server in servers {
            guard case .map(let entry) = server, let role = entry["role"]?.string,
                let addresses = entry["addresses"]?.stringList
            else {
                throw BoltError(.protocolViolation, "ROUTE's answer has a malformed server entry")
            }
            byRole[role, default: []] += addresses
        }
        self.init(
            database: rt["db"]?.string,
            writers: byRole["WRITE"] ?? [],
            readers: byRole["READ"] ?? [],
            routers: byRole["ROUTE"] ?? [],
            timeToLive: .seconds(max(0, ttl)),
            fetchedAt: fetchedAt
        )
    }

    /// Whether the time to live has passed.
    public func isStale(at now: ContinuousClock.Instant = .now) -> Bool {
        now >= fetchedAt + timeToLive
    }

    /// Forgets a server that failed (it is asked for again with the next table).
    public mutating func forget(_ address: String) {
        writers.removeAll { $0 == address }
        readers.removeAll { $0 == address }
        routers.removeAll { $0 == address }
    }

    /// Forgets the writers (after a write was refused by a server that is no longer the leader).
    public mutating func forgetWriters() {
        writers = []
    }
}
