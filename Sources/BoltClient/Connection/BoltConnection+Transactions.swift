extension BoltConnection {
    /// Opens an explicit transaction (BEGIN).
    ///
    /// On FalkorDB BEGIN/COMMIT/ROLLBACK are accepted but have no effect (every RUN autocommits).
    /// - Parameters:
    ///   - database: `db` in BEGIN extra.
    ///   - accessMode: `.read` sends `mode: "r"`.
    ///   - bookmarks: Bookmarks the transaction must see (causal consistency).
    ///   - timeout: Sent as `tx_timeout` (milliseconds).
    ///   - metadata: Sent as `tx_metadata`.
    /// - Throws: ``BoltError``; code `misuse` if a transaction is already open.
    public func beginTransaction(
        database: String? = nil,
        accessMode: BoltAccessMode = .write,
        bookmarks: [String] = [],
        timeout: Duration? = nil,
        metadata: [String: BoltValue] = [:]
    ) async throws {
        guard !isInTransaction else { throw BoltError(.misuse, "a transaction is already open") }
        var extra = BoltMap()
        if quirks.sendRunExtra {
            if !bookmarks.isEmpty { extra["bookmarks"] = .list(bookmarks.map(BoltValue.string)) }
            if let timeout { extra["tx_timeout"] = .int(timeout.milliseconds) }
            if !metadata.isEmpty { extra["tx_metadata"] = .map(BoltMap(metadata)) }
            if accessMode == .read { extra["mode"] = "r" }
            if let database { extra["db"] = .string(database) }
        }
        try await exclusive(timeout: nil) {
            try await send([.begin(extra: extra)])
            _ = try await expectSuccess(of: "BEGIN")
            state.withLock { $0.inTransaction = true }
        }
    }

    /// Commits the open transaction.
    ///
    /// - Returns: The bookmark of the committed transaction, if the server sent one.
    /// - Throws: ``BoltError``; code `misuse` without an open transaction.
    @discardableResult
    public func commit() async throws -> String? {
        try await finish(.commit)
    }

    /// Rolls back the open transaction.
    ///
    /// - Throws: ``BoltError``; code `misuse` without an open transaction.
    public func rollback() async throws {
        _ = try await finish(.rollback)
    }

    private func finish(_ request: BoltRequest) async throws -> String? {
        guard isInTransaction else { throw BoltError(.misuse, "no transaction is open") }
        return try await exclusive(timeout: nil) {
            try await send([request])
            defer { state.withLock { $0.inTransaction = false } }
            let metadata = try await expectSuccess(of: request.name)
            let bookmark = metadata["bookmark"]?.string
            if let bookmark { state.withLock { $0.lastBookmark = bookmark } }
            return bookmark
        }
    }
}

extension BoltConnection {
    /// Asks for the routing table of `database` (ROUTE, Bolt 4.4+), with the configuration's routing context.
    ///
    /// - Parameters:
    ///   - database: The database; `nil` for the user's home database.
    ///   - bookmarks: Bookmarks the table must reflect.
    /// - Returns: The table (writers, readers, routers, time to live).
    /// - Throws: ``BoltError``: `server` if the server refuses (e.g. the database does not exist), `misuse` for a
    ///   direct (`bolt://`) configuration.
    public func route(database: String?, bookmarks: [String] = []) async throws -> BoltRoutingTable {
        guard let context = configuration.routingContextMap else {
            throw BoltError(.misuse, "ROUTE needs a neo4j:// configuration (a routing context)")
        }
        var extra = BoltMap()
        if let database { extra["db"] = .string(database) }
        let request = BoltRequest.route(
            context: context,
            bookmarks: bookmarks,
            extra: extra
        )
        return try await exclusive(timeout: nil) {
            try await send([request])
            return try BoltRoutingTable(metadata: try await expectSuccess(of: "ROUTE"), fetchedAt: .now)
        }
    }
}
