import CFuzzDriver
import RunbookCore

/// libFuzzer target: the input as template text, parsed and type-checked against references of every type.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzExpressions(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let environment = TypeEnvironment { path, location in
        switch path.first {
        case "params": return .success(path.count > 1 && path[1].hasPrefix("n") ? .int : .string)
        case "steps", "env", "run": return .success(.any)
        case "secrets": return .success(.string)
        default: return .failure(Diagnostic(at: location, "unknown reference"))
        }
    }
    if let template = try? Template.parse(text, origin: SourceLocation(line: 1, column: 1)) {
        _ = ExpressionTypeChecker.check(template, in: environment)
    }
    if let expression = try? ExpressionParser.parse(text, origin: SourceLocation(line: 1, column: 1)) {
        _ = ExpressionTypeChecker.check(expression, in: environment)
    }
    return 0
}

var argc = CommandLine.argc
var argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzExpressions))
