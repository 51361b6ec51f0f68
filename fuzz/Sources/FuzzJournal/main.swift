import CFuzzDriver
import RunbookCore

/// libFuzzer target: the input as a journal, read whole and fed to the tail reader in two pieces.
///
/// The first byte picks where the input is split for the tail reader, so partial lines are exercised too.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzJournal(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = JournalReader.read(bytes: bytes)
    guard let first = bytes.first else { return 0 }
    let cut = min(bytes.count, Int(first) * bytes.count / 255)
    var tail = JournalTailReader()
    _ = tail.feed(bytes[..<cut])
    _ = tail.feed(bytes[cut...])
    _ = tail.fileSize(bytes.count)
    return 0
}

var argc = CommandLine.argc
var argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzJournal))
