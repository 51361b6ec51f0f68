#!/usr/bin/env python3
"""SANDBOX STAND-IN for Prometheus's HTTP API -- not Prometheus, and no PromQL engine.

It answers exactly the instant queries that runbooks/migration.yaml sends (a fixed table below;
anything else is a `bad_data` error, as Prometheus answers an unparsable query), computing their
values from a fresh scrape of the graph-service stand-in's /metrics:

  GET /api/v1/query?query=…        instant vector, Prometheus's JSON shape
  GET /api/v1/rules[?type=alert]   alert rules of the PrometheusRule objects that the kubectl
                                   stand-in has applied ($RUNBOOK_SANDBOX_DIR/kubectl-state/applied)
  GET /-/healthy

Approximations, stated: `rate(x[5m])` inside histogram_quantile uses the cumulative bucket
counts (the quantile of all observations so far); `up{job="neo4j"}` is 1 when a TCP connection
to the Bolt port succeeds and $RUNBOOK_SANDBOX_DIR/neo4j-crashed does not exist.

Configuration (environment): PROMETHEUS_HOST / PROMETHEUS_PORT (127.0.0.1:9090),
GRAPH_SERVICE_METRICS_URL (http://127.0.0.1:50051/metrics), NEO4J_URI (bolt://127.0.0.1:7687),
RUNBOOK_SANDBOX_DIR.
"""

import glob
import json
import math
import os
import re
import socket
import sys
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def scrape():
    """The graph-service stand-in's metrics: [(name, {labels}, value)]; empty if it is down."""
    url = os.environ.get("GRAPH_SERVICE_METRICS_URL", "http://127.0.0.1:50051/metrics")
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            text = response.read().decode()
    except (urllib.error.URLError, OSError):
        return []
    samples = []
    for line in text.splitlines():
        match = SAMPLE.match(line.strip())
        if match and not line.startswith("#"):
            samples.append((match.group(1), dict(LABEL.findall(match.group(2) or "")), float(match.group(3))))
    return samples


def total(samples, name, **labels):
    """sum(name{labels}): None when no series matches (an empty vector)."""
    values = [v for n, l, v in samples if n == name and all(l.get(k) == w for k, w in labels.items())]
    return sum(values) if values else None


def or_zero(value):
    return 0.0 if value is None else value


def ratio(a, b):
    if a is None or b is None:
        return None
    if b == 0:
        return math.nan if a == 0 else math.inf
    return a / b


def quantile(samples, q, name):
    """histogram_quantile(q, …) over cumulative buckets, with Prometheus's linear interpolation."""
    buckets = sorted(
        (math.inf if l["le"] == "+Inf" else float(l["le"]), v) for n, l, v in samples if n == name and "le" in l
    )
    if not buckets:
        return None
    count = buckets[-1][1]
    if count == 0:
        return math.nan
    rank = q * count
    lower_bound, lower_count = 0.0, 0.0
    for bound, cumulative in buckets:
        if cumulative >= rank:
            if bound == math.inf:
                return lower_bound
            return lower_bound + (bound - lower_bound) * (rank - lower_count) / max(cumulative - lower_count, 1e-12)
        lower_bound, lower_count = bound, cumulative
    return lower_bound


def neo4j_up():
    if os.path.exists(os.path.join(os.environ.get("RUNBOOK_SANDBOX_DIR", "/nonexistent"), "neo4j-crashed")):
        return 0.0
    target = urlsplit(os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"))
    try:
        with socket.create_connection((target.hostname or "127.0.0.1", target.port or 7687), timeout=2):
            return 1.0
    except OSError:
        return 0.0


# The queries runbooks/migration.yaml sends (whitespace-normalised) → (labels, value function).
QUERIES = {
    'sum(neo4j_query_success_total{operation="get_followers"})':
        lambda s: total(s, "neo4j_query_success_total", operation="get_followers"),
    "sum(neo4j_query_success_total)":
        lambda s: total(s, "neo4j_query_success_total"),
    "sum(neo4j_write_failure_total) or vector(0)":
        lambda s: or_zero(total(s, "neo4j_write_failure_total")),
    "(sum(postgres_query_fallback_total) or vector(0)) / sum(neo4j_query_success_total)":
        lambda s: ratio(or_zero(total(s, "postgres_query_fallback_total")), total(s, "neo4j_query_success_total")),
    "histogram_quantile(0.95, sum(rate(neo4j_query_duration_bucket[5m])) by (le))":
        lambda s: quantile(s, 0.95, "neo4j_query_duration_bucket"),
    # The up{job="neo4j"} series always exists here (one probed target), so count() is 1 and min() its value.
    'count(up{job="neo4j"}) or vector(0)': lambda s: 1.0,
    'min(up{job="neo4j"}) or vector(1)': lambda s: neo4j_up(),
    "sum(neo4j_write_success_total) / (sum(neo4j_write_success_total) + (sum(neo4j_write_failure_total) or vector(0)))":
        lambda s: ratio(
            total(s, "neo4j_write_success_total"),
            None if total(s, "neo4j_write_success_total") is None
            else total(s, "neo4j_write_success_total") + or_zero(total(s, "neo4j_write_failure_total")),
        ),
}
METRIC_LABELS = {'up{job="neo4j"}': {"__name__": "up", "job": "neo4j", "instance": "neo4j-0:7687"}}


def format_value(v):
    """Prometheus's sample formatting (strconv.FormatFloat(v, 'f', -1, 64))."""
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "+Inf" if v > 0 else "-Inf"
    return str(int(v)) if v.is_integer() else repr(v)


def evaluate(query):
    key = " ".join(query.split())
    now = round(time.time(), 3)
    if key == 'up{job="neo4j"}':
        return [{"metric": METRIC_LABELS[key], "value": [now, format_value(neo4j_up())]}]
    if key not in QUERIES:
        raise KeyError(key)
    value = QUERIES[key](scrape())
    return [] if value is None else [{"metric": {}, "value": [now, format_value(value)]}]


def alert_rules():
    """Alerting rules from applied PrometheusRule files (a line-based reading of the YAML)."""
    groups = []
    state = os.path.join(os.environ.get("RUNBOOK_SANDBOX_DIR", "/nonexistent"), "kubectl-state", "applied")
    for path in sorted(glob.glob(os.path.join(state, "prometheusrule_*.yaml"))):
        group = None
        rule = None
        with open(path, encoding="utf-8") as f:
            for line in f:
                if m := re.match(r"^\s*- name:\s*(\S+)", line):
                    group = {"name": m.group(1), "file": os.path.basename(path), "rules": []}
                    groups.append(group)
                elif (m := re.match(r"^\s*- alert:\s*(\S+)", line)) and group is not None:
                    rule = {"name": m.group(1), "type": "alerting", "state": "inactive", "health": "ok"}
                    group["rules"].append(rule)
                elif (m := re.match(r"^\s*expr:\s*(.+?)\s*$", line)) and rule is not None:
                    rule["query"] = m.group(1)
    return groups


class Handler(BaseHTTPRequestHandler):
    server_version = "prometheus-sandbox/1"

    def send(self, status, body):
        data = (json.dumps(body) + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlsplit(self.path)
        args = parse_qs(url.query)
        if url.path == "/-/healthy":
            return self.send(200, {"status": "success"})
        if url.path == "/api/v1/rules":
            return self.send(200, {"status": "success", "data": {"groups": alert_rules()}})
        if url.path != "/api/v1/query":
            return self.send(404, {"status": "error", "errorType": "not_found", "error": url.path})
        query = (args.get("query") or [""])[0]
        try:
            result = evaluate(query)
        except KeyError:
            return self.send(400, {
                "status": "error", "errorType": "bad_data",
                "error": f"sandbox Prometheus stand-in does not know the query {query!r}",
            })
        self.send(200, {"status": "success", "data": {"resultType": "vector", "result": result}})

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        sys.stderr.write("prometheus stand-in: " + (format % args) + "\n")


def main():
    host = os.environ.get("PROMETHEUS_HOST", "127.0.0.1")
    port = int(os.environ.get("PROMETHEUS_PORT", "9090"))
    server = ThreadingHTTPServer((host, port), Handler)
    sys.stderr.write(f"SANDBOX STAND-IN Prometheus API listening on {host}:{port}\n")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
