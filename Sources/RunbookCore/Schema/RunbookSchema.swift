/// A JSON Schema (draft 2020-12) of the runbook format, for editors (yaml-language-server).
///
/// Built from the same key lists the loader uses, so the two cannot drift apart on which keys exist.
public enum RunbookSchema {
    /// The schema as pretty-printed JSON.
    public static var json: String { JSONWriter.pretty(schema) }

    /// The schema as a value.
    public static var schema: Value {
        .map([
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string("https://runbook.invalid/schema/runbook-v1.json")),
            ("title", .string("Runbook v1")),
            ("type", .string("object")),
            ("additionalProperties", .bool(false)),
            ("required", .list([.string("runbook"), .string("phases")])),
            (
                "properties",
                props([
                    ("version", .map([("const", .int(1))])),
                    ("runbook", .map([("type", .string("string")), ("pattern", .string("^[a-z0-9-]+$"))])),
                    ("title", string), ("description", string), ("estimate", ref("duration")),
                    ("params", .map([("type", .string("object")), ("additionalProperties", ref("param"))])),
                    ("kubernetes", object(["context": string, "namespace": string])),
                    ("secrets", .map([("type", .string("object")), ("additionalProperties", ref("secret"))])),
                    ("connections", .map([("type", .string("object")), ("additionalProperties", ref("connection"))])),
                    ("defaults", object(["timeout": ref("duration"), "retry": retry])),
                    ("guards", list(ref("step"))),
                    (
                        "phases",
                        list(
                            object(
                                [
                                    "id": ref("id"), "title": string, "description": string,
                                    "steps": list(ref("step")), "abort_if": ref("abort_if"),
                                ],
                                required: ["id", "steps"]
                            )
                        )
                    ),
                    ("rollbacks", list(ref("rollback"))),
                    ("notify", list(notifySink)),
                    ("abort_if", ref("abort_if")),
                ])
            ),
            ("$defs", .map(definitions)),
        ])
    }

    static let string: Value = .map([("type", .string("string"))])
    /// `notify:` entries: `{webhook: URL}` or `{slack: URL}`, with optional `events` and `timeout`.
    static var notifySink: Value {
        let events: Value = list(.map([("enum", .list(NotifyEvent.allCases.map { .string($0.rawValue) }))]))
        return oneOf(
            NotifySink.Kind.allCases.map {
                .map([
                    ("type", .string("object")), ("additionalProperties", .bool(false)),
                    ("properties", .map([($0.rawValue, string), ("events", events), ("timeout", ref("duration"))])),
                    ("required", .list([.string($0.rawValue)])),
                ])
            }
        )
    }
    /// `retry: N` or `retry: {attempts, delay, backoff}` (a step's, or `defaults.retry`).
    static var retry: Value {
        oneOf([
            integer,
            object(["attempts": integer, "delay": ref("duration"), "backoff": anyValue], required: ["attempts"]),
        ])
    }
    static let bool: Value = .map([("type", .string("boolean"))])
    static let integer: Value = .map([("type", .string("integer"))])
    static let anyValue: Value = .map([])

    static func ref(_ name: String) -> Value { .map([("$ref", .string("#/$defs/\(name)"))]) }
    static func list(_ item: Value) -> Value { .map([("type", .string("array")), ("items", item)]) }
    static func props(_ pairs: [(String, Value)]) -> Value { .map(pairs.map { (key: $0.0, value: $0.1) }) }
    static func oneOf(_ options: [Value]) -> Value { .map([("oneOf", .list(options))]) }

    static func object(_ properties: KeyValuePairs<String, Value>, required: [String] = []) -> Value {
        var pairs: [(key: String, value: Value)] = [
            ("type", .string("object")),
            ("additionalProperties", .bool(false)),
            ("properties", .map(properties.map { (key: $0.key, value: $0.value) })),
        ]
        if !required.isEmpty { pairs.append(("required", .list(required.map(Value.string)))) }
        return .map(pairs)
    }

    static var definitions: [(key: String, value: Value)] {
        [
            ("id", .map([("type", .string("string")), ("pattern", .string("^[A-Za-z0-9][A-Za-z0-9_-]*$"))])),
            (
                "abort_if",
                object(
                    ["prometheus": string, "query": string, "every": ref("duration")],
                    required: ["prometheus", "query"]
                )
            ),
            (
                "duration",
                .map([
                    ("type", .list([.string("string"), .string("integer")])),
                    ("pattern", .string("^([0-9.]+(ms|s|m|h|d))+$")),
                ])
            ),
            (
                "param",
                oneOf([
                    object([
                        "type": .map([("enum", .list(ParamDecl.Kind.allCases.map { .string($0.rawValue) }))]),
                        "default": anyValue, "required": bool, "description": string, "choices": list(anyValue),
                    ]),
                    .map([("type", .list([.string("string"), .string("number"), .string("boolean")]))]),
                ])
            ),
            (
                "secret",
                oneOf([
                    object(["env": string], required: ["env"]),
                    object(["file": string], required: ["file"]),
                    object(
                        ["kubernetes": object(["secret": string, "key": string], required: ["secret", "key"])],
                        required: ["kubernetes"]
                    ),
                    object(["command": list(string)], required: ["command"]),
                ])
            ),
            (
                "connection",
                oneOf([
                    object(["postgres": string], required: ["postgres"]),
                    object(
                        ["neo4j": string, "user": string, "password": string, "database": string],
                        required: ["neo4j"]
                    ),
                ])
            ),
            (
                "sql",
                object(
                    [
                        "on": string, "query": string, "statements": list(string), "params": list(anyValue),
                        "transaction": bool,
                    ],
                    required: ["on"]
                )
            ),
            (
                "cypher",
                object(
                    [
                        "on": string, "query": string, "statements": list(string),
                        "params": .map([("type", .string("object"))]), "transaction": bool, "mode": string,
                    ],
                    required: ["on"]
                )
            ),
            (
                "side",
                oneOf([
                    object(["sql": ref("sql")], required: ["sql"]),
                    object(["cypher": ref("cypher")], required: ["cypher"]),
                ])
            ),
            (
                "expect",
                .map([("type", .list([.string("object"), .string("string"), .string("number"), .string("boolean")]))])
            ),
            ("step", stepSchema(requireID: true)),
            ("probe", stepSchema(requireID: false)),
            (
                "rollback",
                object(
                    [
                        "id": ref("id"), "title": string, "description": string, "triggers": list(string),
                        "manual": bool,
                        "steps": list(ref("step")),
                        "after": oneOf([
                            .map([("const", .string("abort"))]),
                            object(["resume": string, "max": integer], required: ["resume"]),
                        ]),
                    ],
                    required: ["id", "steps"]
                )
            ),
        ]
    }

    /// `key: COLUMN` or `key: [A, B]`.
    static var keySchema: Value { oneOf([string, list(string)]) }

    static func stepSchema(requireID: Bool) -> Value {
        var properties: [(key: String, value: Value)] = []
        let kinds: [(String, Value)] = [
            ("sql", ref("sql")), ("cypher", ref("cypher")),
            (
                "compare",
                object([
                    "left": ref("side"), "right": ref("side"), "op": anyValue,
                    "sample": object(["size": integer, "keys": ref("side")]),
                    "key": keySchema, "batch": integer, "examples": integer,
                ])
            ),
            (
                "shell",
                oneOf([
                    string,
                    object(
                        ["run": string, "env": .map([("type", .string("object"))]), "cwd": string],
                        required: ["run"]
                    ),
                ])
            ),
            ("kubectl", object(["args": list(string)], required: ["args"])),
            (
                "gate",
                object(
                    ["prompt": string, "confirm": string, "approvers": integer, "timeout": ref("duration")],
                    required: ["prompt"]
                )
            ),
            (
                "transfer",
                object(
                    [
                        "from": object(
                            [
                                "on": string, "query": string, "statements": list(string), "params": list(anyValue),
                                "transaction": bool, "count": string,
                            ],
                            required: ["on"]
                        ),
                        "to": ref("cypher"), "batch": anyValue, "key": keySchema, "stall": ref("duration"),
                    ],
                    required: ["from", "to", "key"]
                )
            ),
            (
                "sync",
                object(
                    [
                        "from": object(
                            ["on": string, "query": string, "params": list(anyValue)],
                            required: ["on", "query"]
                        ),
                        "to": object(
                            ["on": string, "read": string, "upsert": string, "delete": string],
                            required: ["on", "read", "upsert", "delete"]
                        ),
                        "key": keySchema, "batch": integer, "stall": ref("duration"),
                    ],
                    required: ["from", "to", "key"]
                )
            ),
            (
                "http",
                oneOf([
                    string,
                    object(
                        [
                            "method": string, "url": string, "headers": .map([("type", .string("object"))]),
                            "json": anyValue, "body": string,
                        ],
                        required: ["url"]
                    ),
                ])
            ),
            (
                "wait",
                oneOf([
                    ref("duration"),
                    object([
                        "duration": ref("duration"), "until": string, "every": ref("duration"),
                        "timeout": ref("duration"),
                    ]),
                ])
            ),
        ]
        if requireID {
            let common: [(String, Value)] = [
                ("id", ref("id")), ("title", string), ("description", string), ("when", string),
                ("expect", ref("expect")),
                ("capture", .map([("type", .string("object")), ("additionalProperties", string)])),
                ("retry", retry),
                ("timeout", ref("duration")),
                (
                    "on_failure",
                    oneOf([
                        .map([("enum", .list([.string("abort"), .string("continue"), .string("warn")]))]),
                        object(["rollback": string], required: ["rollback"]),
                    ])
                ),
                ("mutates", bool), ("idempotent", bool), ("reconcile", ref("probe")), ("estimate", ref("duration")),
            ]
            properties += common.map { (key: $0.0, value: $0.1) }
        } else {
            properties.append((key: "expect", value: ref("expect")))
        }
        properties += kinds.map { (key: $0.0, value: $0.1) }
        var schema: [(key: String, value: Value)] = [
            ("type", .string("object")),
            ("additionalProperties", .bool(false)),
            ("properties", .map(properties)),
            ("oneOf", .list(StepBody.kinds.map { .map([("required", .list([.string($0)]))]) })),
        ]
        if requireID { schema.append(("required", .list([.string("id")]))) }
        return .map(schema)
    }
}
