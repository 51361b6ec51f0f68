extension BoltValue {
    /// Interprets a decoded structure; unknown tags become ``structure(tag:fields:)``.
    init(structure tag: UInt8, fields f: [BoltValue]) throws {
        func bad() -> PackStreamError { PackStreamError(.malformedStructure(tag: tag)) }
        switch tag {
        case StructureTag.node:
            guard f.count == 3 || f.count == 4, case .int(let id) = f[0], let labels = f[1].stringList,
                case .map(let props) = f[2]
            else { throw bad() }
            self = .node(
                BoltNode(id: id, labels: labels, properties: props, elementID: f.count == 4 ? f[3].string : nil)
            )
        case StructureTag.relationship:
            guard f.count == 5 || f.count == 8, case .int(let id) = f[0], case .int(let start) = f[1],
                case .int(let end) = f[2], case .string(let type) = f[3], case .map(let props) = f[4]
            else { throw bad() }
            self = .relationship(
                BoltRelationship(
                    id: id,
                    startNodeID: start,
                    endNodeID: end,
                    type: type,
                    properties: props,
                    elementID: f.count == 8 ? f[5].string : nil,
                    startNodeElementID: f.count == 8 ? f[6].string : nil,
                    endNodeElementID: f.count == 8 ? f[7].string : nil
                )
            )
        case StructureTag.unboundRelationship:
            guard f.count == 3 || f.count == 4, case .int(let id) = f[0], case .string(let type) = f[1],
                case .map(let props) = f[2]
            else { throw bad() }
            self = .unboundRelationship(
                BoltUnboundRelationship(
                    id: id,
                    type: type,
                    properties: props,
                    elementID: f.count == 4 ? f[3].string : nil
                )
            )
        case StructureTag.path:
            guard f.count == 3, case .list(let ns) = f[0], case .list(let rs) = f[1], case .list(let ix) = f[2] else {
                throw bad()
            }
            var nodes: [BoltNode] = []
            for n in ns {
                guard case .node(let node) = n else { throw bad() }
                nodes.append(node)
            }
            var rels: [BoltUnboundRelationship] = []
            for r in rs {
                guard case .unboundRelationship(let rel) = r else { throw bad() }
                rels.append(rel)
            }
            var indices: [Int64] = []
            for i in ix {
                guard case .int(let index) = i else { throw bad() }
                indices.append(index)
            }
            self = .path(BoltPath(nodes: nodes, relationships: rels, indices: indices))
        case StructureTag.date:
            guard let v = f.ints(1) else { throw bad() }
            self = .date(days: v[0])
        case StructureTag.time:
            guard let v = f.ints(2) else { throw bad() }
            self = .time(nanoseconds: v[0], offsetSeconds: v[1])
        case StructureTag.localTime:
            guard let v = f.ints(1) else { throw bad() }
            self = .localTime(nanoseconds: v[0])
        case StructureTag.dateTime:
            guard let v = f.ints(3) else { throw bad() }
            self = .dateTime(seconds: v[0], nanoseconds: v[1], offsetSeconds: v[2])
        case StructureTag.dateTimeZoneId:
            guard f.count == 3, case .int(let s) = f[0], case .int(let ns) = f[1], case .string(let zone) = f[2] else {
                throw bad()
            }
            self = .dateTimeZoneId(seconds: s, nanoseconds: ns, zoneId: zone)
        case StructureTag.localDateTime:
            guard let v = f.ints(2) else { throw bad() }
            self = .localDateTime(seconds: v[0], nanoseconds: v[1])
        case StructureTag.duration:
            guard let v = f.ints(4) else { throw bad() }
            self = .duration(months: v[0], days: v[1], seconds: v[2], nanoseconds: v[3])
        case StructureTag.point2D:
            guard f.count == 3, case .int(let srid) = f[0], case .float(let x) = f[1], case .float(let y) = f[2] else {
                throw bad()
            }
            self = .point2D(srid: srid, x: x, y: y)
        case StructureTag.point3D:
            guard f.count == 4, case .int(let srid) = f[0], case .float(let x) = f[1], case .float(let y) = f[2],
                case .float(let z) = f[3]
            else { throw bad() }
            self = .point3D(srid: srid, x: x, y: y, z: z)
        default:
            self = .structure(tag: tag, fields: f)
        }
    }

    /// The string payload, if this is a string.
    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The integer payload, if this is an integer.
    public var int: Int64? {
        if case .int(let i) = self { return i }
        return nil
    }

    /// The entries, if this is a map.
    public var map: BoltMap? {
        if case .map(let m) = self { return m }
        return nil
    }

    /// The elements as strings, if this is a list of strings.
    var stringList: [String]? {
        guard case .list(let items) = self else { return nil }
        var out: [String] = []
        for item in items {
            guard case .string(let s) = item else { return nil }
            out.append(s)
        }
        return out
    }
}

extension Array where Element == BoltValue {
    /// The fields as integers when there are exactly `count` of them, all integers.
    fileprivate func ints(_ count: Int) -> [Int64]? {
        guard self.count == count else { return nil }
        var out: [Int64] = []
        for v in self {
            guard case .int(let i) = v else { return nil }
            out.append(i)
        }
        return out
    }
}
