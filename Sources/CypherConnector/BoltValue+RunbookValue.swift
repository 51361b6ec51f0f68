import BoltClient
import RunbookCore

/// The runbook value type (`Value` alone means `BoltMap.Value` inside BoltValue extensions).
typealias RunbookValue = RunbookCore.Value

extension BoltValue {
    /// Converts a runbook value to a Bolt parameter (maps keep their order).
    init(_ value: RunbookValue) {
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .float(d)
        case .string(let s): self = .string(s)
        case .list(let items): self = .list(items.map(BoltValue.init))
        case .map(let pairs): self = .map(BoltMap(pairs.map { ($0.key, BoltValue($0.value)) }))
        }
    }

    /// Converts a result value to a runbook value.
    ///
    /// Nodes become `{id, element_id, labels, properties}`, relationships
    /// `{id, element_id, type, start, end, properties}`, paths `{nodes, relationships}` (relationships
    /// in walk order with their real direction), points `{srid, x, y[, z]}`, temporal values ISO 8601
    /// strings (Bolt 4.4's legacy date-times too), bytes a list of byte values, unknown structures `{tag, fields}`.
    var runbookValue: RunbookValue {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .double(d)
        case .string(let s): return .string(s)
        case .bytes(let b): return .list(b.map { .int(Int64($0)) })
        case .list(let items): return .list(items.map(\.runbookValue))
        case .map(let map): return map.runbookValue
        case .node(let n): return n.runbookValue
        case .relationship(let r):
            return Self.relationship(
                id: r.id,
                elementID: r.elementID,
                type: r.type,
                start: r.startNodeID,
                end: r.endNodeID,
                properties: r.properties
            )
        case .unboundRelationship(let r):
            var pairs: [(key: String, value: RunbookValue)] = [("id", .int(r.id))]
            if let e = r.elementID { pairs.append(("element_id", .string(e))) }
            pairs += [("type", .string(r.type)), ("properties", r.properties.runbookValue)]
            return .map(pairs)
        case .path(let p): return p.runbookValue
        case .date(let days): return .string(TemporalFormatter.date(days: days))
        case .time(let ns, let offset):
            return .string(TemporalFormatter.time(nanoseconds: ns) + TemporalFormatter.offset(offset))
        case .localTime(let ns): return .string(TemporalFormatter.time(nanoseconds: ns))
        case .dateTime(let s, let ns, let offset):
            return .string(
                TemporalFormatter.localDateTime(seconds: s + offset, nanoseconds: ns) + TemporalFormatter.offset(offset)
            )
        case .dateTimeZoneId(let s, let ns, let zone):
            return .string(TemporalFormatter.localDateTime(seconds: s, nanoseconds: ns) + "Z[\(zone)]")
        case .localDateTime(let s, let ns): return .string(TemporalFormatter.localDateTime(seconds: s, nanoseconds: ns))
        case .duration(let months, let days, let s, let ns):
            return .string(TemporalFormatter.duration(months: months, days: days, seconds: s, nanoseconds: ns))
        case .point2D(let srid, let x, let y):
            return .map([("srid", .int(srid)), ("x", .double(x)), ("y", .double(y))])
        case .point3D(let srid, let x, let y, let z):
            return .map([("srid", .int(srid)), ("x", .double(x)), ("y", .double(y)), ("z", .double(z))])
        case .structure(0x46, let f) where f.count == 3:
            // Bolt 4.4 without the UTC patch: local seconds, nanoseconds, offset.
            guard case .int(let local) = f[0], case .int(let ns) = f[1], case .int(let offset) = f[2] else {
                return Self.unknown(0x46, f)
            }
            return .string(
                TemporalFormatter.localDateTime(seconds: local, nanoseconds: ns) + TemporalFormatter.offset(offset)
            )
        case .structure(0x66, let f) where f.count == 3:
            // Bolt 4.4 without the UTC patch: local seconds, nanoseconds, zone name.
            guard case .int(let local) = f[0], case .int(let ns) = f[1], case .string(let zone) = f[2] else {
                return Self.unknown(0x66, f)
            }
            return .string(TemporalFormatter.localDateTime(seconds: local, nanoseconds: ns) + "[\(zone)]")
        case .structure(let tag, let fields):
            return Self.unknown(tag, fields)
        }
    }

    static func unknown(_ tag: UInt8, _ fields: [BoltValue]) -> RunbookValue {
        .map([("tag", .int(Int64(tag))), ("fields", .list(fields.map(\.runbookValue)))])
    }

    static func relationship(
        id: Int64,
        elementID: String?,
        type: String,
        start: Int64,
        end: Int64,
        properties: BoltMap
    ) -> RunbookValue {
        var pairs: [(key: String, value: RunbookValue)] = [("id", .int(id))]
        if let elementID { pairs.append(("element_id", .string(elementID))) }
        pairs += [
            ("type", .string(type)), ("start", .int(start)), ("end", .int(end)),
            ("properties", properties.runbookValue),
        ]
        return .map(pairs)
    }
}

extension BoltMap {
    var runbookValue: RunbookValue { .map(entries.map { ($0.key, $0.value.runbookValue) }) }
}

extension BoltNode {
    var runbookValue: RunbookValue {
        var pairs: [(key: String, value: RunbookValue)] = [("id", .int(id))]
        if let elementID { pairs.append(("element_id", .string(elementID))) }
        pairs += [("labels", .list(labels.map(RunbookValue.string))), ("properties", properties.runbookValue)]
        return .map(pairs)
    }
}

extension BoltPath {
    /// Walks the indices so each relationship gets its real start and end node.
    var runbookValue: RunbookValue {
        var walkedNodes: [RunbookValue] = nodes.first.map { [$0.runbookValue] } ?? []
        var walkedRelationships: [RunbookValue] = []
        var previous = nodes.first
        var i = 0
        while i + 1 < indices.count {
            let r = Int(indices[i])
            let n = Int(indices[i + 1])
            i += 2
            guard r != 0, abs(r) <= relationships.count, n >= 0, n < nodes.count, let from = previous else { break }
            let rel = relationships[abs(r) - 1]
            let to = nodes[n]
            let (start, end) = r > 0 ? (from.id, to.id) : (to.id, from.id)
            walkedRelationships.append(
                BoltValue.relationship(
                    id: rel.id,
                    elementID: rel.elementID,
                    type: rel.type,
                    start: start,
                    end: end,
                    properties: rel.properties
                )
            )
            walkedNodes.append(to.runbookValue)
            previous = to
        }
        return .map([("nodes", .list(walkedNodes)), ("relationships", .list(walkedRelationships))])
    }
}
