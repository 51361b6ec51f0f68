/// The metadata of a finished query: RUN's and the final PULL's SUCCESS merged.
public struct BoltSummary: Sendable, Hashable {
    /// All metadata (`fields`, `t_first`, `t_last`, `type`, `stats`, `bookmark`, `db`, …).
    public var metadata: [String: BoltValue]

    /// Creates a summary.
    public init(metadata: [String: BoltValue]) { self.metadata = metadata }

    /// The update counters (`nodes_created`, `relationships_created`, `properties_set`, …); empty when none.
    public var counters: [String: BoltValue] { metadata["stats"]?.map?.dictionary ?? [:] }

    /// The query type: `r`, `w`, `rw` or `s`.
    public var queryType: String? { metadata["type"]?.string }

    /// The bookmark of an auto-commit query, if the server sent one.
    public var bookmark: String? { metadata["bookmark"]?.string }
}
