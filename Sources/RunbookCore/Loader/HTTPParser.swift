import Yams

/// Parses `http:` actions.
struct HTTPParser {
    let reader: YAMLReader

    static let methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    func parse(_ node: Node) -> HTTPAction? {
        if case .scalar = node {
            return reader.template(node, what: "http").map { HTTPAction(method: "GET", url: $0) }
        }
        let keys = ["method", "url", "headers", "json", "body"]
        guard let f = reader.fields(node, allowed: keys, what: "http") else { return nil }
        var method = "GET"
        if let m = f["method"], let s = reader.string(m, what: "method") {
            let upper = s.value.uppercased()
            if Self.methods.contains(upper) {
                method = upper
            } else {
                reader.error(
                    s.location,
                    "unknown HTTP method '\(s.value)'\(Suggestion.hint(for: upper, in: Self.methods))"
                )
            }
        }
        guard let u = f["url"], let url = reader.template(u, what: "url") else {
            if f["url"] == nil, !reader.wasMisspelled("url", in: f) {
                reader.error(f.location, "http needs 'url: http://…'")
            }
            return nil
        }
        if case .scalar(let s) = u, !s.string.hasPrefix("${{"), !s.string.hasPrefix("http://"),
            !s.string.hasPrefix("https://")
        {
            reader.error(
                reader.location(u),
                "url must start with http:// or https://, found '\(YAMLReader.truncate(s.string))'"
            )
        }
        var action = HTTPAction(method: method, url: url)
        if let h = f["headers"] {
            action.headers = reader.namedEntries(h, what: "headers").compactMap { name, _, value in
                reader.template(value, what: "header \(name)").map { (name, $0) }
            }
        }
        action.json = f["json"].flatMap { reader.valueTemplate($0, what: "json") }
        action.body = f["body"].flatMap { reader.template($0, what: "body") }
        if action.json != nil, action.body != nil {
            reader.error(f.location, "http has both 'json' and 'body'; use one")
        }
        return action
    }
}
