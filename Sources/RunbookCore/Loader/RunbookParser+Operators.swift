import Yams

/// `notify:` and `abort_if:` — what tells people about a run and what stops it on an alarm.
extension RunbookParser {
    /// `notify: [{webhook: URL, events: [...]}, {slack: URL}]`.
    func parseNotify(_ node: Node) -> [NotifySink] {
        guard let items = reader.sequence(node, what: "notify") else { return [] }
        let kinds = NotifySink.Kind.allCases.map(\.rawValue)
        return items.compactMap { item in
            guard let f = reader.fields(item, allowed: kinds + ["events", "timeout"], what: "a notify sink") else {
                return nil
            }
            let given = kinds.filter { f.has($0) }
            guard given.count == 1, let name = given.first, let kind = NotifySink.Kind(rawValue: name),
                let urlNode = f[name]
            else {
                if given.count > 1 {
                    reader.error(f.location, "a notify sink has both 'webhook' and 'slack'; give one per sink")
                } else if !kinds.contains(where: { reader.wasMisspelled($0, in: f) }) {
                    reader.error(f.location, "a notify sink needs 'webhook: URL' or 'slack: URL'")
                }
                return nil
            }
            guard let url = httpURL(urlNode, what: name) else { return nil }
            var sink = NotifySink(kind: kind, url: url, location: reader.location(urlNode))
            if let t = f["timeout"] {
                guard let d = reader.duration(t, what: "timeout") else { return nil }
                guard d.milliseconds >= 100 else {
                    reader.error(reader.location(t), "a notify timeout must be at least 100ms, found \(d)")
                    return nil
                }
                sink.timeout = d
            }
            if let e = f["events"], let list = reader.sequence(e, what: "events") {
                let names = NotifyEvent.allCases.map(\.rawValue)
                sink.events = list.compactMap { entry in
                    guard let s = reader.string(entry, what: "event") else { return nil }
                    guard let event = NotifyEvent(rawValue: s.value) else {
                        reader.error(
                            s.location,
                            "unknown notify event '\(YAMLReader.truncate(s.value))'\(Suggestion.hint(for: s.value, in: names)); expected one of: \(names.joined(separator: ", "))"
                        )
                        return nil
                    }
                    return event
                }
                if list.isEmpty { reader.error(reader.location(e), "'events' is empty; leave it out for all events") }
            }
            return sink
        }
    }

    /// `abort_if: {prometheus: URL, query: PROMQL, every: 30s}`.
    func parseAbortIf(_ node: Node) -> AbortCondition? {
        let keys = ["prometheus", "query", "every"]
        guard let f = reader.fields(node, allowed: keys, what: "abort_if") else { return nil }
        guard let p = f["prometheus"], let q = f["query"] else {
            if !reader.wasMisspelled("prometheus", in: f), !reader.wasMisspelled("query", in: f) {
                reader.error(
                    f.location,
                    "abort_if needs 'prometheus: URL' (the server) and 'query: PROMQL' (any series in the answer aborts)"
                )
            }
            return nil
        }
        guard let url = httpURL(p, what: "prometheus"), let query = reader.template(q, what: "query") else {
            return nil
        }
        if query.parts.isEmpty {
            reader.error(reader.location(q), "the abort_if query is empty")
            return nil
        }
        var every = DurationSpec(seconds: 30)
        if let e = f["every"] {
            guard let d = reader.duration(e, what: "every") else { return nil }
            guard d.milliseconds >= 1000 else {
                reader.error(reader.location(e), "abort_if every must be at least 1s, found \(d)")
                return nil
            }
            every = d
        }
        return AbortCondition(prometheus: url, query: query, every: every, location: f.location)
    }

    /// A URL template; a literal one must be `http://` or `https://`.
    func httpURL(_ node: Node, what: String) -> Template? {
        guard let url = reader.template(node, what: what) else { return nil }
        if case .scalar(let s) = node, !s.string.hasPrefix("${{"),
            !(s.string.hasPrefix("http://") || s.string.hasPrefix("https://"))
        {
            reader.error(
                reader.location(node),
                "\(what) must be an http:// or https:// URL, found '\(YAMLReader.truncate(s.string))'"
            )
            return nil
        }
        return url
    }
}
