import CFuzzDriver
import RunbookCore

/// libFuzzer target: up to three secrets (before the first three NUL bytes), then a text.
///
/// Checks that streaming in pieces (sizes from the input) gives exactly the one-shot redaction, and that no
/// secret without `*` survives in the output.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzRedactor(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var parts = bytes.split(separator: 0, maxSplits: 3, omittingEmptySubsequences: false).map {
        String(decoding: $0, as: UTF8.self)
    }
    let text = parts.removeLast()
    let redactor = Redactor(secrets: parts)
    let whole = redactor.redact(text)
    for secret in parts where !secret.isEmpty && !secret.contains("*") {
        precondition(!whole.contains(secret), "a secret survived redaction")
    }
    var stream = StreamingRedactor(redactor)
    var streamed = ""
    var rest = Substring(text)
    var step = 1 + (bytes.first.map(Int.init) ?? 0) % 7
    while !rest.isEmpty {
        streamed += stream.feed(String(rest.prefix(step)))
        rest = rest.dropFirst(step)
        step = step % 7 + 1
    }
    streamed += stream.finish()
    precondition(streamed == whole, "streaming differs from one-shot redaction")
    return 0
}

var argc = CommandLine.argc
var argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzRedactor))
