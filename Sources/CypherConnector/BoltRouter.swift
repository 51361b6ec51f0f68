import BoltClient
import NIOCore
import Synchronization

/// The routing side of a `neo4j://` connection: the database's routing table and one connection per server.
///
/// The table is fetched with ROUTE from the table's own routers, then from the URL's address, and fetched again
/// when its time to live has passed, when it lacks a server for the access mode asked for, or after
/// ``forget(_:)`` / ``forgetWriters()``. Writes go to the first WRITE server, reads to the READ servers in turn
/// (the WRITE server when there is no reader).
final class BoltRouter: Sendable {
    private struct State {
        var table: BoltRoutingTable?
        var connections: [String: BoltConnection] = [:]
        var nextReader = 0
    }

    private let seed: BoltConfiguration
    private let database: String?
    private let group: (any EventLoopGroup)?
    private let state = Mutex(State())

    init(seed: BoltConfiguration, database: String?, group: (any EventLoopGroup)?) {
        self.seed = seed
        self.database = database
        self.group = group
    }

    /// The current table, if one was fetched.
    var table: BoltRoutingTable? { state.withLock { $0.table } }

    /// The address to send a query of `mode` to, refreshing the table if needed.
    func address(for mode: BoltAccessMode, bookmarks: [String]) async throws -> String {
        if let chosen = choose(mode, requireFresh: true) { return chosen }
        try await refresh(bookmarks: bookmarks)
        guard let chosen = choose(mode, requireFresh: false) else {
            throw BoltError(
                .connection,
                "the routing table of \(database ?? "the home database") names no \(mode == .read ? "READ" : "WRITE") server",
                mayHaveReachedServer: false
            )
        }
        return chosen
    }

    /// The open connection to `address`, or a new one.
    func connection(to address: String) async throws -> BoltConnection {
        if let existing = state.withLock({ $0.connections[address] }) {
            if !existing.isClosed { return existing }
            await drop(address)
        }
        let made = try await BoltConnection.connect(to: try seed.server(at: address), on: group)
        state.withLock { $0.connections[address] = made }
        return made
    }

    /// Drops a server that failed from the table (and its connection).
    func forget(_ address: String) async {
        state.withLock { $0.table?.forget(address) }
        await drop(address)
    }

    /// Forgets the writers: the next write fetches a new table (the leader moved).
    func forgetWriters() {
        state.withLock { $0.table?.forgetWriters() }
    }

    /// Closes every connection.
    func close() async {
        let all = state.withLock { s in
            defer { s.connections = [:] }
            return Array(s.connections.values)
        }
        for connection in all { await connection.close() }
    }

    // MARK: - Internals

    private func choose(_ mode: BoltAccessMode, requireFresh: Bool) -> String? {
        state.withLock { s in
            guard let table = s.table, !(requireFresh && table.isStale()) else { return nil }
            if mode == .read, !table.readers.isEmpty {
                defer { s.nextReader += 1 }
                return table.readers[s.nextReader % table.readers.count]
            }
            return table.writers.first
        }
    }

    private func drop(_ address: String) async {
        let connection = state.withLock { $0.connections.removeValue(forKey: address) }
        await connection?.close()
    }

    /// ROUTE on the table's routers, then on the URL's address; a server's refusal (no such database) is final.
    private func refresh(bookmarks: [String]) async throws {
        var candidates = state.withLock { $0.table?.routers ?? [] }
        if !candidates.contains(seed.address) { candidates.append(seed.address) }
        var failures: [String] = []
        for address in candidates {
            let router: BoltConnection
            do {
                router = try await BoltConnection.connect(to: try seed.server(at: address), on: group)
            } catch let error as BoltError where error.code == .server {
                throw error
            } catch {
                failures.append("\(address): \(error)")
                continue
            }
            do {
                let table = try await router.route(database: database, bookmarks: bookmarks)
                await router.close()
                state.withLock { $0.table = table }
                return
            } catch let error as BoltError where error.code == .server {
                await router.close()
                throw error
            } catch {
                await router.close()
                failures.append("\(address): \(error)")
            }
        }
        throw BoltError(
            .connection,
            "no router answered ROUTE (\(failures.joined(separator: "; ")))",
            mayHaveReachedServer: false
        )
    }
}
