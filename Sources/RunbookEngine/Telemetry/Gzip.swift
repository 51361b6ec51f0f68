import CZlib

/// gzip (RFC 1952) through the system's zlib: what `OTEL_EXPORTER_OTLP_COMPRESSION=gzip` puts on an export.
enum Gzip {
    /// zlib could not compress (it reports a status code, never a partial result).
    struct Failure: Error, CustomStringConvertible {
        /// The zlib status and message.
        var description: String
    }

    /// `bytes` as one gzip member.
    static func compress(_ bytes: [UInt8]) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
        let initialized = deflateInit2_(
            &stream,
            Z_DEFAULT_COMPRESSION,
            Z_DEFLATED,
            15 + 16,
            8,
            Z_DEFAULT_STRATEGY,
            ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size)
        )
        guard initialized == Z_OK else { throw Failure(description: "deflateInit2: zlib status \(initialized)") }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 32)
        var input = bytes
        let status = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = UInt32(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = UInt32(outBuffer.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw Failure(description: "deflate: zlib status \(status)") }
        return Array(output.prefix(Int(stream.total_out)))
    }
}
