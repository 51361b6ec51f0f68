#!/usr/bin/env python3
"""SANDBOX STAND-IN for nova's graph-service -- not the real service.

The real graph-service (Rust, in a Kubernetes pod) cannot run here. This stand-in implements the
part of its HTTP API that the migration guide's smoke tests call, with the guide's dual-write
semantics, so that runbooks/migration.yaml's Phase 5 checks real rows in both databases:

  POST   /v1/follow              {"follower_id": A, "followee_id": B}   create a follow
  DELETE /v1/follow              {"follower_id": A, "followee_id": B}   delete a follow
  GET    /v1/followers/<user_id>                                        followers of a user
  GET    /metrics                                                       Prometheus text format
  GET    /healthz

Writes go to PostgreSQL first (through `psql`, values bound as psql variables; a failure is an
HTTP 500: PostgreSQL is the source of truth) and then, with NEO4J_ENABLED=true, to the graph
(Bolt, through the Python `neo4j` driver; a failure is logged as "Neo4j write failed" and counted,
not fatal: non-strict mode). Reads try the graph first and fall back to PostgreSQL.

Configuration (environment):
  GRAPH_SERVICE_HOST / GRAPH_SERVICE_PORT   listen address (127.0.0.1:50051)
  DATABASE_URL (or RUNBOOK_SANDBOX_PG_URL)  PostgreSQL URI of the sandbox database
  NEO4J_ENABLED                             "true" (default) for dual-write, else PostgreSQL-only
  NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD   bolt://127.0.0.1:7687 / falkordb / "" (FalkorDB)
  NEO4J_STRICT_MODE                         "false" (default); "true" makes graph write failures fatal
  GRAPH_SERVICE_CONFIG                      SANDBOX: a file (KEY=VALUE lines, written by the kubectl stand-in whenever
                                            the deployment's pod template changes) re-read every 0.25 s and on every
                                            request; its NEO4J_ENABLED / NEO4J_STRICT_MODE override the environment's,
                                            so `kubectl apply -k`, `set env`, `set image` and `rollout undo` reconfigure
                                            this running process (a missing file: the pre-migration revision,
                                            PostgreSQL-only). Taking up a new revision is logged as that revision's
                                            rollout ("rollout: revision N …", the first line the kubectl stand-in's
                                            `logs` shows), followed by the mode ("PostgreSQL-only mode" /
                                            "Dual-write mode enabled").
  GRAPH_SERVICE_DROP_NEO4J_WRITES           SANDBOX fault injection: this fraction (0..1, default 0) of graph
                                            writes fail on purpose (logged and counted like a real failure)

The `neo4j` driver is not in the standard library: install it into the venv that
scripts/bolt-server.sh creates (`/var/cache/runbook/venv/bin/pip install neo4j==6.4.1`) and run
this file with that venv's python. Without the driver and with NEO4J_ENABLED=true, follow writes
answer 503 (the stand-in cannot dual-write) and reads fall back to PostgreSQL.
"""

import json
import logging
import os
import random
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

try:
    import neo4j  # type: ignore[import-not-found]
except ImportError:  # reported at start-up; see the module docstring
    neo4j = None

LOG = logging.getLogger("graph_service")

# FalkorDB pastes parameters into the query text, so quotes and backslashes in ids would break
# its queries; ids in nova are UUIDs or slugs anyway.
ID_PATTERN = re.compile(r"^[A-Za-z0-9_.:@-]{1,128}$")

DURATION_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class Metrics:
    """Counters and one histogram, rendered in the Prometheus text exposition format."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counters = {}  # (name, (("label", "value"), ...)) -> float
        self.buckets = [0] * len(DURATION_BUCKETS)
        self.duration_sum = 0.0
        self.duration_count = 0

    def inc(self, name, **labels):
        key = (name, tuple(sorted(labels.items())))
        with self.lock:
            self.counters[key] = self.counters.get(key, 0) + 1

    def observe(self, seconds):
        with self.lock:
            for i, bound in enumerate(DURATION_BUCKETS):
                if seconds <= bound:
                    self.buckets[i] += 1
            self.duration_sum += seconds
            self.duration_count += 1

    def render(self):
        lines = []
        with self.lock:
            names = sorted({name for name, _ in self.counters})
            for name in ("neo4j_write_success_total", "neo4j_write_failure_total",
                         "neo4j_query_success_total", "postgres_query_fallback_total"):
                if name not in names:
                    names.append(name)
            for name in names:
                lines.append(f"# TYPE {name} counter")
                series = [(labels, v) for (n, labels), v in sorted(self.counters.items()) if n == name]
                for labels, value in series or [((), 0)]:
                    text = ",".join(f'{k}="{v}"' for k, v in labels)
                    lines.append(f"{name}{{{text}}} {value:g}" if text else f"{name} {value:g}")
            lines.append("# TYPE neo4j_query_duration histogram")
            for bound, count in zip(DURATION_BUCKETS, self.buckets):
                lines.append(f'neo4j_query_duration_bucket{{le="{bound:g}"}} {count}')
            lines.append(f'neo4j_query_duration_bucket{{le="+Inf"}} {self.duration_count}')
            lines.append(f"neo4j_query_duration_sum {self.duration_sum:.6f}")
            lines.append(f"neo4j_query_duration_count {self.duration_count}")
        return "\n".join(lines) + "\n"


class Postgres:
    """PostgreSQL through the psql client: no driver to install, values bound as psql variables."""

    def __init__(self, url):
        self.url = url

    def run(self, sql, **variables):
        """Runs `sql` (with :'name' placeholders) and returns the rows as lists of strings."""
        command = ["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", self.url]
        for name, value in variables.items():
            command += ["-v", f"{name}={value}"]
        done = subprocess.run(command, input=sql, capture_output=True, text=True, timeout=30, check=False)
        if done.returncode != 0:
            raise RuntimeError(done.stderr.strip() or f"psql exited with {done.returncode}")
        return [line.split("\t") for line in done.stdout.splitlines() if line]


class Graph:
    """The graph side through the neo4j driver (Neo4j or FalkorDB over Bolt)."""

    def __init__(self, uri, user, password):
        self.driver = neo4j.GraphDatabase.driver(uri, auth=(user, password))

    def run(self, query, **params):
        # One retry on a failed connect: FalkorDB breaks the handshake of the connection that
        # follows another client's GOODBYE.
        for attempt in (1, 2):
            try:
                with self.driver.session() as session:
                    return [record.data() for record in session.run(query, params)]
            except neo4j.exceptions.ServiceUnavailable:
                if attempt == 2:
                    raise
        return []


class Service:
    def __init__(self):
        self.metrics = Metrics()
        url = os.environ.get("DATABASE_URL") or os.environ.get("RUNBOOK_SANDBOX_PG_URL")
        if not url:
            sys.exit("graph_service.py: set DATABASE_URL (or RUNBOOK_SANDBOX_PG_URL) to the sandbox database")
        self.pg = Postgres(url)
        self.neo4j_enabled = os.environ.get("NEO4J_ENABLED", "true").lower() == "true"
        self.strict = os.environ.get("NEO4J_STRICT_MODE", "false").lower() == "true"
        self.drop = float(os.environ.get("GRAPH_SERVICE_DROP_NEO4J_WRITES", "0") or 0)
        self.dice = random.Random(20261201)
        self.graph = None
        self.graph_problem = None
        self.config_path = os.environ.get("GRAPH_SERVICE_CONFIG")
        self.config_seen = None  # the config file's (mtime, size) last applied
        self.revision = None  # the deployment revision last taken up
        self.config_lock = threading.Lock()
        if self.config_path:
            self.neo4j_enabled = False
            self.reload()
        self.connect()

    def connect(self):
        """Opens the graph driver when Neo4j is enabled, drops it otherwise."""
        self.graph_problem = None
        if not self.neo4j_enabled:
            self.graph = None
        elif neo4j is None:
            self.graph_problem = "the Python neo4j driver is not installed (see graph_service.py's docstring)"
        elif self.graph is None:
            self.graph = Graph(
                os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"),
                os.environ.get("NEO4J_USER", "falkordb"),
                os.environ.get("NEO4J_PASSWORD", ""),
            )

    def reload(self):
        """Applies GRAPH_SERVICE_CONFIG when it changed; logs the mode after a switch. True when it switched."""
        if not self.config_path:
            return False
        with self.config_lock:
            try:
                stat = os.stat(self.config_path)
                seen = (stat.st_mtime_ns, stat.st_size)
                if seen == self.config_seen:
                    return False
                with open(self.config_path, encoding="utf-8") as f:
                    values = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
            except FileNotFoundError:
                seen, values = None, {}
                if self.config_seen is None:
                    return False
            self.config_seen = seen
            enabled = values.get("NEO4J_ENABLED", "false").lower() == "true"
            strict = values.get("NEO4J_STRICT_MODE", "false").lower() == "true"
            revision = values.get("revision")
            if (enabled, strict, revision) == (self.neo4j_enabled, self.strict, self.revision):
                return False
            self.neo4j_enabled, self.strict, self.revision = enabled, strict, revision
            self.connect()
            LOG.info("rollout: revision %s (image %s) now serving", revision or "?", values.get("image", "?"))
            self.log_mode()
            return True

    def watch(self):
        """Takes up a new revision within 0.25 s, request or not (a rollout does not wait for traffic)."""
        while True:
            time.sleep(0.25)
            try:
                self.reload()
            except Exception as e:  # a half-written file is read again on the next round
                LOG.warning("could not read %s: %s", self.config_path, e)

    def log_mode(self):
        if self.neo4j_enabled:
            LOG.info("Dual-write mode enabled (PostgreSQL + Neo4j)")
            LOG.info("Neo4j strict mode: %s", "true" if self.strict else "false")
            if self.graph_problem:
                LOG.warning("Neo4j unavailable: %s", self.graph_problem)
        else:
            LOG.info("PostgreSQL-only mode (NEO4J_ENABLED is not true)")

    # --- operations ------------------------------------------------------------------------------

    def write(self, operation, sql, cypher, follower, followee):
        """Dual write: PostgreSQL must succeed, the graph may fail (non-strict)."""
        if self.neo4j_enabled and self.graph is None:
            return 503, {"error": f"cannot dual-write: {self.graph_problem}"}
        try:
            self.pg.run(sql, a=follower, b=followee)
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            LOG.error("PostgreSQL write failed (%s): %s", operation, e)
            return 500, {"error": "PostgreSQL write failed"}
        if self.graph is not None:
            try:
                if self.drop > 0 and self.dice.random() < self.drop:
                    raise RuntimeError("SANDBOX: write dropped on purpose (GRAPH_SERVICE_DROP_NEO4J_WRITES)")
                self.graph.run(cypher, a=follower, b=followee)
                self.metrics.inc("neo4j_write_success_total", operation=operation)
            except Exception as e:  # the driver raises many kinds; all count as a failed write
                self.metrics.inc("neo4j_write_failure_total", operation=operation)
                LOG.error("Neo4j write failed (%s): %s", operation, e)
                if self.strict:
                    return 500, {"error": "Neo4j write failed (strict mode)"}
        return 200, {"ok": True, "follower_id": follower, "followee_id": followee}

    def follow(self, follower, followee):
        return self.write(
            "create_follow",
            "INSERT INTO follows (follower_id, following_id) VALUES (:'a', :'b') ON CONFLICT DO NOTHING;",
            "MERGE (a:User {id: $a}) MERGE (b:User {id: $b}) MERGE (a)-[:FOLLOWS]->(b)",
            follower,
            followee,
        )

    def unfollow(self, follower, followee):
        return self.write(
            "delete_follow",
            "DELETE FROM follows WHERE follower_id = :'a' AND following_id = :'b';",
            "MATCH (a:User {id: $a})-[r:FOLLOWS]->(b:User {id: $b}) DELETE r",
            follower,
            followee,
        )

    def followers(self, user):
        if self.graph is not None:
            started = time.perf_counter()
            try:
                rows = self.graph.run(
                    "MATCH (f:User)-[:FOLLOWS]->(u:User {id: $id}) RETURN f.id AS id ORDER BY id LIMIT 1000", id=user
                )
                self.metrics.observe(time.perf_counter() - started)
                self.metrics.inc("neo4j_query_success_total", operation="get_followers")
                ids = [row["id"] for row in rows]
                return 200, {"user_id": user, "followers": ids, "count": len(ids), "source": "neo4j"}
            except Exception as e:  # fall back to PostgreSQL, as the real service does
                LOG.warning("Neo4j query failed, falling back to PostgreSQL: %s", e)
        if self.neo4j_enabled:
            self.metrics.inc("postgres_query_fallback_total", operation="get_followers")
        try:
            rows = self.pg.run(
                "SELECT follower_id FROM follows WHERE following_id = :'a' ORDER BY follower_id LIMIT 1000;", a=user
            )
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            LOG.error("PostgreSQL query failed: %s", e)
            return 500, {"error": "PostgreSQL query failed"}
        if not self.neo4j_enabled:
            self.metrics.inc("postgres_only_query_total", operation="get_followers")
        ids = [row[0] for row in rows]
        return 200, {"user_id": user, "followers": ids, "count": len(ids), "source": "postgres"}


class Handler(BaseHTTPRequestHandler):
    service = None  # set in main()
    server_version = "graph-service-sandbox/1"

    def send(self, status, body, content_type="application/json"):
        data = (json.dumps(body) + "\n" if content_type == "application/json" else body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def pair(self):
        """The {follower_id, followee_id} body, or None after answering 400."""
        try:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"null")
            follower, followee = body["follower_id"], body["followee_id"]
        except (ValueError, TypeError, KeyError):
            self.send(400, {"error": 'expected JSON {"follower_id": …, "followee_id": …}'})
            return None
        if not all(isinstance(v, str) and ID_PATTERN.match(v) for v in (follower, followee)):
            self.send(400, {"error": "ids must match " + ID_PATTERN.pattern})
            return None
        return follower, followee

    def do_POST(self):
        self.service.reload()
        if self.path != "/v1/follow":
            return self.send(404, {"error": "not found"})
        pair = self.pair()
        if pair:
            self.send(*self.service.follow(*pair))

    def do_DELETE(self):
        self.service.reload()
        if self.path != "/v1/follow":
            return self.send(404, {"error": "not found"})
        pair = self.pair()
        if pair:
            self.send(*self.service.unfollow(*pair))

    def do_GET(self):
        self.service.reload()
        if self.path == "/metrics":
            return self.send(200, self.service.metrics.render(), "text/plain; version=0.0.4")
        if self.path == "/healthz":
            return self.send(200, {"ok": True})
        match = re.fullmatch(r"/v1/followers/([^/?]+)", self.path)
        if not match:
            return self.send(404, {"error": "not found"})
        user = match.group(1)
        if not ID_PATTERN.match(user):
            return self.send(400, {"error": "ids must match " + ID_PATTERN.pattern})
        self.send(*self.service.followers(user))

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        LOG.debug("%s %s", self.address_string(), format % args)


def main():
    logging.basicConfig(level=logging.INFO, format="%(levelname)s graph_service: %(message)s", stream=sys.stderr)
    host = os.environ.get("GRAPH_SERVICE_HOST", "127.0.0.1")
    port = int(os.environ.get("GRAPH_SERVICE_PORT", "50051"))
    Handler.service = Service()
    server = ThreadingHTTPServer((host, port), Handler)
    LOG.info("SANDBOX STAND-IN graph-service listening on %s:%d", host, port)
    Handler.service.log_mode()
    if Handler.service.config_path:
        threading.Thread(target=Handler.service.watch, daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
