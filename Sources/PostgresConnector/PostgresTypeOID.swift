/// The built-in type OIDs the connector decodes (from PostgreSQL's `pg_type.dat`; stable across versions).
enum PostgresTypeOID {
    static let bool: UInt32 = 16
    static let name: UInt32 = 19
    static let int8: UInt32 = 20
    static let int2: UInt32 = 21
    static let int4: UInt32 = 23
    static let text: UInt32 = 25
    static let oid: UInt32 = 26
    static let char: UInt32 = 18
    static let json: UInt32 = 114
    static let float4: UInt32 = 700
    static let float8: UInt32 = 701
    static let bpchar: UInt32 = 1042
    static let varchar: UInt32 = 1043
    static let numeric: UInt32 = 1700
    static let uuid: UInt32 = 2950
    static let jsonb: UInt32 = 3802

    /// Array type OIDs and the OID of their element type.
    static let arrayElements: [UInt32: UInt32] = [
        1000: bool, 1002: char, 1003: name, 1005: int2, 1007: int4, 1009: text, 1014: bpchar, 1015: varchar,
        1016: int8, 1021: float4, 1022: float8, 1028: oid, 1231: numeric, 2951: uuid,
    ]
}
