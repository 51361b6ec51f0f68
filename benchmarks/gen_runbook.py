"""Writes a synthetic runbook shaped like the Neo4j migration runbook, with N forward steps.

Usage: python3 gen_runbook.py STEPS > FILE.yaml
Step kinds cycle through sql, cypher, compare, shell, kubectl, transfer, http, wait and a gate every 10 steps,
with params, secrets, templates, expectations, captures and references to earlier steps, plus 4 rollbacks.
"""
import sys

steps = int(sys.argv[1])
per_phase = max(1, min(100, steps // 6 or 1))
out = [
    "runbook: synthetic-migration",
    "title: Synthetic migration (%d steps)" % steps,
    "estimate: 3h30m",
    "params:",
    "  namespace: { default: nova-staging, description: Kubernetes namespace }",
    "  sample_user: { default: u-1 }",
    "  batch_size: { type: int, default: 1000 }",
    "  cutoff: { type: string, default: \"2025-11-24\" }",
    "kubernetes: { context: staging, namespace: \"${{ params.namespace }}\" }",
    "secrets:",
    "  NEO4J_PASSWORD: { env: NEO4J_PASSWORD }",
    "  API_TOKEN: { env: API_TOKEN }",
    "connections:",
    "  pg: { postgres: \"${{ env.DATABASE_URL }}\" }",
    "  graph: { neo4j: \"bolt://127.0.0.1:7687\", user: neo4j, password: \"${{ secrets.NEO4J_PASSWORD }}\", database: neo4j }",
    "guards:",
    "  - id: staging-context",
    "    kubectl: { args: [config, current-context] }",
    "    expect: { stdout: { matches: \"staging\" } }",
    "phases:",
]
last_sql = None
for i in range(steps):
    if i % per_phase == 0:
        p = i // per_phase
        out += ["  - id: phase-%d" % p, "    title: Phase %d" % p, "    steps:"]
    sid = "s%d" % i
    kind = i % 10
    out.append("      - id: %s" % sid)
    if kind == 0:
        out += [
            "        title: Count users before the cutoff",
            "        sql:",
            "          on: pg",
            "          query: SELECT count(*) AS users FROM users WHERE created_at < $1",
            "          params: [\"${{ params.cutoff }}\"]",
            "        capture: { pg_users: users }",
            "        expect: { users: { gte: 0 } }",
            "        estimate: 1m",
        ]
        last_sql = sid
    elif kind == 1:
        out += [
            "        cypher: { on: graph, query: \"MATCH (u:User {id: $id}) RETURN count(u) AS n\", params: { id: \"${{ params.sample_user }}\" } }",
            "        expect: { n: { between: [0, 1000000] } }",
        ]
    elif kind == 2:
        out += [
            "        compare:",
            "          left: { sql: { on: pg, query: \"SELECT count(*) FROM follows\" } }",
            "          right: { cypher: { on: graph, query: \"MATCH ()-[f:FOLLOWS]->() RETURN count(f)\" } }",
            "          op: { within: \"0.1%\" }",
            "        on_failure: { rollback: migration-incomplete }",
        ]
    elif kind == 3:
        ref = "${{ steps.%s.outputs.pg_users }}" % last_sql if last_sql else "none"
        out += [
            "        shell: |",
            "          echo \"users: %s\"" % ref,
            "          test -n \"${{ params.namespace }}\"",
            "        retry: { attempts: 3, delay: 5s }",
        ]
    elif kind == 4:
        out += [
            "        kubectl: { args: [rollout, status, deployment/graph-service, \"--timeout=120s\"] }",
            "        timeout: 3m",
        ]
    elif kind == 5:
        out += [
            "        transfer:",
            "          from: { on: pg, query: \"SELECT id, created_at FROM users ORDER BY id\" }",
            "          to: { on: graph, query: \"UNWIND $rows AS r MERGE (u:User {id: r.id}) SET u.created_at = r.created_at\" }",
            "          batch: \"${{ params.batch_size }}\"",
            "          key: id",
            "        estimate: 20m",
        ]
    elif kind == 6:
        out += [
            "        http:",
            "          method: POST",
            "          url: \"http://graph-service.${{ params.namespace }}:50051/v1/follow\"",
            "          headers: { Authorization: \"Bearer ${{ secrets.API_TOKEN }}\" }",
            "          json: { follower_id: \"${{ params.sample_user }}\", followee_id: b }",
            "        expect: { status: 200 }",
        ]
    elif kind == 7:
        out += ["        wait: { until: s%d, every: 10s, timeout: 5m }" % (i - 3)]
    elif kind == 8:
        out += [
            "        gate: { prompt: \"Counts match. Enable dual-write?\", confirm: \"${{ params.namespace }}\", timeout: 2h }",
        ]
    else:
        out += [
            "        sql: { on: pg, statements: [\"UPDATE flags SET dual_write = true\", \"INSERT INTO audit VALUES (now())\"], transaction: true }",
            "        when: ${{ params.batch_size > 0 && params.namespace != 'prod' }}",
        ]
out += [
    "rollbacks:",
    "  - id: migration-incomplete",
    "    title: Scenario 1 — Migration failed (data incomplete)",
    "    triggers: [phase-0]",
    "    steps:",
    "      - id: wipe-graph",
    "        cypher: { on: graph, query: \"MATCH (u:User) DETACH DELETE u\" }",
    "    after: { resume: s0, max: 2 }",
    "  - id: dual-write-errors",
    "    triggers: [s9]",
    "    steps:",
    "      - id: disable-dual-write",
    "        kubectl: { args: [set, env, deployment/graph-service, DUAL_WRITE=false] }",
    "  - id: performance",
    "    steps:",
    "      - id: scale-up",
    "        kubectl: { args: [scale, deployment/graph-service, \"--replicas=6\"] }",
    "  - id: emergency",
    "    manual: true",
    "    steps:",
    "      - id: scale-down",
    "        kubectl: { args: [scale, deployment/graph-service, \"--replicas=0\"] }",
]
print("\n".join(out))
