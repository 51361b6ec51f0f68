/// Converts YAML or command-line values to a parameter's declared type.
enum ParamCoercion {
    static func coerce(_ value: Value, to kind: ParamDecl.Kind, name: String) -> Result<Value, ParamError> {
        switch (kind, value) {
        case (.string, .string), (.int, .int), (.float, .double), (.bool, .bool): return .success(value)
        case (.float, .int(let i)): return .success(.double(Double(i)))
        case (.string, .int), (.string, .double), (.string, .bool): return .success(.string(value.text))
        default:
            return .failure(
                ParamError(
                    message:
                        "default of parameter '\(name)' must be \(kind.rawValue == "int" ? "an" : "a") \(kind.rawValue), found \(value.type) '\(value.text)'"
                )
            )
        }
    }
}
