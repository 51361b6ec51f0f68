import CFuzzDriver
import RunbookCore

/// libFuzzer target: any bytes through the runbook loader (YAML → model → validator).
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzRunbookLoader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let result = RunbookLoader.load(bytes: bytes)
    _ = result.diagnostics.count
    return 0
}

var argc = CommandLine.argc
var argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzRunbookLoader))
