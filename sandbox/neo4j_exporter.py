#!/usr/bin/env python3
"""SANDBOX LIVENESS EXPORTER for neo4j-0 -- not Neo4j's own metrics endpoint.

The sandbox's neo4j-0 is a FalkorDB server speaking Bolt; it has no Prometheus endpoint. Prometheus
scrapes this exporter as job "neo4j", so `up{job="neo4j"}` is exactly what it is on the real
cluster: 1 while a scrape succeeds, 0 while it fails. Every scrape of GET /metrics first does a
Bolt handshake with the graph server (scripts/bolt-check.py's, in process: a scrape must finish within
Prometheus's scrape timeout, 1 s in the sandbox; no query, no GOODBYE): when the
handshake succeeds it answers 200 with `neo4j_bolt_handshake_ok 1`; when the server is down (its
process killed, as a crashed pod) it answers 503, which Prometheus records as up == 0.

Configuration (environment): NEO4J_EXPORTER_HOST / NEO4J_EXPORTER_PORT (listen address,
127.0.0.1:9392), NEO4J_URI (the graph server, bolt://127.0.0.1:7687).
"""

import importlib.util
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

_SPEC = importlib.util.spec_from_file_location(
    "bolt_check", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts", "bolt-check.py")
)
bolt_check = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bolt_check)


def bolt_alive():
    """(ok, detail): a Bolt handshake with the graph server succeeds within half a second."""
    target = urlsplit(os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"))
    return bolt_check.handshake(target.hostname or "127.0.0.1", target.port or 7687, 0.5)


class Handler(BaseHTTPRequestHandler):
    server_version = "neo4j-liveness-exporter-sandbox/1"

    def do_GET(self):
        if self.path != "/metrics":
            return self.answer(404, "not found\n")
        alive, detail = bolt_alive()
        if not alive:
            return self.answer(503, f"neo4j-0 is down: {detail}\n")
        self.answer(200, "# TYPE neo4j_bolt_handshake_ok gauge\nneo4j_bolt_handshake_ok 1\n")

    def answer(self, status, text):
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass

    def handle(self):
        try:
            super().handle()
        except BrokenPipeError:  # Prometheus gave up on a slow scrape (it records up == 0 for it)
            pass


def main():
    host = os.environ.get("NEO4J_EXPORTER_HOST", "127.0.0.1")
    port = int(os.environ.get("NEO4J_EXPORTER_PORT", "9392"))
    server = ThreadingHTTPServer((host, port), Handler)
    sys.stderr.write(f"SANDBOX liveness exporter for neo4j-0 listening on {host}:{port}\n")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
