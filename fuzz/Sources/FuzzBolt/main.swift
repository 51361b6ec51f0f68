import BoltClient
import CFuzzDriver
import NIOCore

/// libFuzzer target: bytes from a Bolt server through the message decoder (chunking, then PackStream).
///
/// An odd first byte wraps the rest in one chunk with its end marker, so most inputs reach PackStream
/// decoding directly; an even one feeds the rest as the raw chunked stream.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzBolt(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let mode = bytes.first else { return 0 }
    let body = bytes.dropFirst()
    var buffer = ByteBuffer()
    if mode & 1 == 1 {
        buffer.writeInteger(UInt16(truncatingIfNeeded: min(body.count, 0xFFFF)))
        buffer.writeBytes(body.prefix(0xFFFF))
        buffer.writeInteger(UInt16(0))
    } else {
        buffer.writeBytes(body)
    }
    var decoder = BoltMessageDecoder(maximumMessageSize: 1 << 20)
    do {
        while let message = try decoder.decode(buffer: &buffer) { _ = message }
        _ = try decoder.decodeLast(buffer: &buffer, seenEOF: true)
    } catch {
        // Malformed input must be an error, never a crash.
    }
    return 0
}

var argc = CommandLine.argc
var argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzBolt))
