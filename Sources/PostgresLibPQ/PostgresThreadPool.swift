import NIOPosix

/// The threads on which blocking libpq calls run (the SQL connector's queries, the run store's statements).
public enum PostgresThreadPool {
    /// A started pool shared by all connections unless they are given another; never shut down.
    ///
    /// Each running query occupies one thread while it waits on the server, so the pool is sized for several
    /// named connections working at once rather than for the number of cores.
    public static let shared: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 16)
        pool.start()
        return pool
    }()
}
