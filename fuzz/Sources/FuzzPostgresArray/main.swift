import CFuzzDriver
import RunbookCore

/// libFuzzer target: the input as PostgreSQL's text form of an array.
///
/// The parser is internal to PostgresConnector; this target compiles the same file (a symbolic link) instead.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzPostgresArray(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = PostgresArrayParser.parse(text) { .string($0) }
    return 0
}

var argc = CommandLine.argc
var argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzPostgresArray))
