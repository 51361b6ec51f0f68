#!/usr/bin/env python3
"""SANDBOX traffic generator for `sandbox/run.sh --live-traffic`: users keep writing while the migration runs.

At a steady rate it follows and unfollows through graph-service's real HTTP API (which dual-writes: PostgreSQL,
then the graph, where non-strict mode may drop a write) and soft-deletes users in PostgreSQL directly (the
service has no API for it, so those reach the graph only through the runbook's syncs). Test users
(`test-user-*`, the smoke tests') and the sample user are never touched.

It writes from the moment the run starts (its journal exists): before the backfill, during it and during the
verification, while graph-service is PostgreSQL-only and every write reaches PostgreSQL alone; then through
dual-write, the catch-up syncs and the smoke tests. It stops when the run starts a step of phase UNTIL_PHASE
(default `monitoring`, the phase before the success criteria), when the run ends, or when STOP_FILE appears: the
proof of exactness needs a quiet moment after the last write landed, and the monitoring phase is that moment
before the final syncs. It then prints one line:

    traffic: N follows, M unfollows, K users deleted, F Neo4j writes failed

Every operation is appended to OPS_LOG (default STATE_DIR/../traffic-ops.jsonl) as one JSON line
`{"op", "ok", "started", "ended"}` (UTC, the journal's time format), so that a test can place the writes in the
run's phases.

    traffic.py GRAPH_SERVICE_URL DATABASE_URL STATE_DIR SAMPLE_USER STOP_FILE [OPS_PER_SECOND [UNTIL_PHASE [OPS_LOG]]]
"""

import datetime
import glob
import json
import os
import random
import subprocess
import sys
import time
import urllib.request


def psql(url, sql, **values):
    """Runs SQL read from stdin, so that values bind as psql variables (:'name'), never pasted into the text."""
    args = ["psql", url, "-X", "-qAt", "-v", "ON_ERROR_STOP=1"]
    for name, value in values.items():
        args += ["-v", f"{name}={value}"]
    out = subprocess.run(args, input=sql, capture_output=True, text=True, check=True)
    return [line for line in out.stdout.splitlines() if line]


def journal(state):
    paths = glob.glob(os.path.join(state, "runs", "*", "journal.jsonl"))
    if not paths:
        return ""
    with open(paths[0], encoding="utf-8") as f:
        return f.read()


def phase_started(text, phase):
    return any('"type":"step.started"' in line and f'"phase":"{phase}"' in line for line in text.splitlines())


def now():
    """The journal's time format: UTC, milliseconds, Z."""
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def call(base, method, path, body):
    req = urllib.request.Request(
        base + path, data=json.dumps(body).encode(), method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.status


def failures(base):
    with urllib.request.urlopen(base + "/metrics", timeout=10) as resp:
        total = 0.0
        for line in resp.read().decode().splitlines():
            if line.startswith("neo4j_write_failure_total"):
                total += float(line.rsplit(" ", 1)[1])
        return int(total)


def main():
    base, db, state, sample, stop_file = sys.argv[1:6]
    rate = float(sys.argv[6]) if len(sys.argv) > 6 else 20.0
    until = sys.argv[7] if len(sys.argv) > 7 else "monitoring"
    ops_log = sys.argv[8] if len(sys.argv) > 8 else os.path.join(os.path.dirname(state.rstrip("/")), "traffic-ops.jsonl")
    dice = random.Random(7)
    follows = unfollows = deleted = 0
    while not os.path.exists(stop_file) and not journal(state):
        time.sleep(0.05)
    users = psql(
        db,
        "SELECT id FROM users WHERE deleted_at IS NULL AND id NOT LIKE 'test-user-%' AND id <> :'sample' ORDER BY id;",
        sample=sample,
    )
    pairs = [tuple(r.split("|")) for r in psql(db, "SELECT follower_id || '|' || following_id FROM follows LIMIT 5000;")]
    started = time.monotonic()
    n = 0
    log = open(ops_log, "a", encoding="utf-8")
    while True:
        text = journal(state)
        if os.path.exists(stop_file) or '"type":"run.finished"' in text or phase_started(text, until):
            break
        roll = dice.random()
        op, ok, begun = None, False, now()
        try:
            if roll < 0.55 and len(users) > 2:
                op = "follow"
                a, b = dice.sample(users, 2)
                if call(base, "POST", "/v1/follow", {"follower_id": a, "followee_id": b}) == 200:
                    follows += 1
                    ok = True
                    pairs.append((a, b))
            elif roll < 0.95 and pairs:
                op = "unfollow"
                a, b = pairs.pop(dice.randrange(len(pairs)))
                if call(base, "DELETE", "/v1/follow", {"follower_id": a, "followee_id": b}) == 200:
                    unfollows += 1
                    ok = True
            elif len(users) > 10:
                op = "delete_user"
                victim = users.pop(dice.randrange(len(users)))
                psql(db, "UPDATE users SET deleted_at = now() WHERE id = :'victim';", victim=victim)
                deleted += 1
                ok = True
        except Exception as e:  # a refused request is traffic too; keep going
            print(f"traffic: request failed: {e}", file=sys.stderr, flush=True)
        if op:
            log.write(json.dumps({"op": op, "ok": ok, "started": begun, "ended": now()}) + "\n")
            log.flush()
        n += 1
        delay = started + n / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    print(f"traffic: {follows} follows, {unfollows} unfollows, {deleted} users deleted, "
          f"{failures(base)} Neo4j writes failed", flush=True)


if __name__ == "__main__":
    main()
