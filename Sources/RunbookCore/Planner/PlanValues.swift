/// The values a static plan can know: parameters; secrets as `***`; everything else symbolic.
struct PlanValues {
    let params: [String: Value]

    var context: EvaluationContext {
        EvaluationContext { path in
            guard let root = path.first else { return nil }
            switch root {
            case "params": return path.count == 2 ? params[path[1]] : nil
            case "secrets": return .string("***")
            case "env": return path.count == 2 ? .string("$" + path[1]) : nil
            default: return .string("<" + path.joined(separator: ".") + ">")
            }
        }
    }
}
