import PostgresLibPQ

/// The run store's connection: the shared libpq connection (`PQConnection`), used synchronously under `PGLink`'s
/// lock.
typealias PGConnection = PQConnection

/// The run store's name for a libpq failure.
typealias PGError = PQError

extension PQConnection {
    /// A bound parameter of a store statement.
    typealias Param = PQParam
    /// A store statement's rows and affected count.
    typealias Result = PQRows

    /// Connects for the run store; `conninfo` is a libpq URI or keyword string.
    ///
    /// Defaults come first, so values in the URI (expanded at `dbname`) override them. Keepalives and a TCP user
    /// timeout make a silently dropped connection fail within seconds instead of blocking an append forever.
    convenience init(conninfo: String, connectTimeout: Int) throws(PQError) {
        try self.init(
            keywords: [
                "connect_timeout", "application_name", "keepalives_idle", "keepalives_interval", "keepalives_count",
                "tcp_user_timeout", "dbname",
            ],
            values: [String(connectTimeout), "runbook-state", "5", "2", "3", "15000", conninfo]
        )
    }
}
