import RunbookCore
import Testing

/// Structural checks of `runbook schema` (benchmarks/schema-check.sh validates runbooks with a real JSON Schema
/// validator).
@Suite struct RunbookSchemaTests {
    @Test func schemaIsJSONAndCoversTheFormat() throws {
        let schema = try JSONParser.parse(RunbookSchema.json)
        #expect(schema == RunbookSchema.schema)
        #expect(schema["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"))
        #expect(schema["required"] == .list([.string("runbook"), .string("phases")]))
        #expect(schema["additionalProperties"] == .bool(false))
        guard case .map(let properties) = try #require(schema["properties"]) else {
            throw Failure("properties is not an object")
        }
        #expect(
            properties.map(\.key) == [
                "version", "runbook", "title", "description", "estimate", "params", "kubernetes", "secrets",
                "connections", "defaults", "guards", "phases", "rollbacks", "notify", "abort_if",
            ]
        )
        guard case .map(let definitions) = try #require(schema["$defs"]) else { throw Failure("no $defs") }
        let names = Set(definitions.map(\.key))
        for name in ["step", "duration", "param", "secret", "connection", "rollback", "id"] {
            #expect(names.contains(name), "no $defs/\(name)")
        }
        // Every $ref points at a definition.
        var refs: [String] = []
        func collect(_ value: Value) {
            switch value {
            case .map(let pairs):
                for (key, v) in pairs {
                    if key == "$ref", case .string(let s) = v { refs.append(s) }
                    collect(v)
                }
            case .list(let items): items.forEach(collect)
            default: break
            }
        }
        collect(schema)
        #expect(!refs.isEmpty)
        for ref in refs {
            #expect(ref.hasPrefix("#/$defs/") && names.contains(String(ref.dropFirst("#/$defs/".count))), "\(ref)")
        }
    }

    @Test func stepDefinitionKnowsEveryKindAndCommonField() throws {
        let text = RunbookSchema.json
        for key in StepBody.kinds + ["when", "expect", "capture", "retry", "on_failure", "reconcile", "estimate"] {
            #expect(text.contains("\"\(key)\""), "schema does not mention \(key)")
        }
    }
}
