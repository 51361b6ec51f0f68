import RunbookCore

/// Turns text-format result cells into `Value`s by column type OID.
///
/// | PostgreSQL type | Value |
/// |---|---|
/// | int2, int4, int8, oid | `.int` |
/// | float4, float8 | `.double` (`NaN`, `Infinity` included) |
/// | numeric | `.double` when the double reproduces the decimal exactly, otherwise `.string` (the server's text) |
/// | bool | `.bool` |
/// | json, jsonb | parsed JSON (`.string` if it does not parse) |
/// | arrays of the above, text, varchar, name, char, uuid | `.list` (nested for multi-dimensional arrays) |
/// | everything else (text, uuid, date, timestamp, timestamptz, bytea, …) | `.string` as the server prints it |
enum PostgresValueDecoder {
    /// The value of one non-null cell.
    static func decode(_ text: String, type: UInt32) -> Value {
        if let element = PostgresTypeOID.arrayElements[type] {
            guard let list = PostgresArrayParser.parse(text, element: { decodeScalar($0, type: element) }) else {
                return .string(text)
            }
            return list
        }
        return decodeScalar(text, type: type)
    }

    private static func decodeScalar(_ text: String, type: UInt32) -> Value {
        switch type {
        case PostgresTypeOID.int2, PostgresTypeOID.int4, PostgresTypeOID.int8, PostgresTypeOID.oid:
            return Int64(text).map(Value.int) ?? .string(text)
        case PostgresTypeOID.float4, PostgresTypeOID.float8:
            return double(text).map(Value.double) ?? .string(text)
        case PostgresTypeOID.numeric:
            return PostgresNumeric.value(text)
        case PostgresTypeOID.bool:
            switch text {
            case "t": return .bool(true)
            case "f": return .bool(false)
            default: return .string(text)
            }
        case PostgresTypeOID.json, PostgresTypeOID.jsonb:
            return (try? JSONParser.parse(text)) ?? .string(text)
        default:
            return .string(text)
        }
    }

    private static func double(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: return Double(text)
        }
    }
}
