#!/usr/bin/env python3
"""Merges the per-scenario `runbook rehearse --format json` files of `sandbox/run.sh --rehearse` into one
runbook-rehearsal/1 document, $RUNBOOK_SANDBOX_DIR/rehearsal.json, with one addition: `graph_service`, what the
real sandbox graph-service process reported after each scenario's rehearsals (where GET /v1/followers read from,
its postgres_only_query_total counter, and the last mode line of its own log), and `prometheus`, what the sandbox's
real Prometheus recorded during each scenario (the lowest up{job="neo4j"}, whether it was 1 again after its first 0,
its alert rules' names).

    python3 sandbox/rehearsal_summary.py SANDBOX_DIR SCENARIO...

Prints one line per rehearsal and per scenario; exits 1 when a rehearsal file is missing or unreadable.
"""
import json
import os
import re
import sys


def graph_service_state(root, scenario):
    state = {"followers_source": None, "postgres_only_queries": None, "last_mode_line": None}
    try:
        with open(os.path.join(root, f"after-{scenario}-followers.json"), encoding="utf-8") as f:
            state["followers_source"] = json.load(f).get("source")
    except (OSError, ValueError):
        pass
    try:
        with open(os.path.join(root, f"after-{scenario}-metrics.txt"), encoding="utf-8") as f:
            match = re.search(r"^postgres_only_query_total\{[^}]*\} (\S+)$", f.read(), re.M)
        state["postgres_only_queries"] = float(match.group(1)) if match else 0.0
    except OSError:
        pass
    try:
        with open(os.path.join(root, f"graph-service-{scenario}.log"), encoding="utf-8") as f:
            modes = [line.strip() for line in f if "PostgreSQL-only mode" in line or "Dual-write mode enabled" in line]
        state["last_mode_line"] = modes[-1] if modes else None
    except OSError:
        pass
    return state


def prometheus_state(root, scenario):
    state = {"neo4j_up_min": None, "neo4j_up_back": None, "alert_rules": []}
    try:
        with open(os.path.join(root, f"after-{scenario}-neo4j-up.json"), encoding="utf-8") as f:
            series = json.load(f)["data"]["result"]
        values = [float(v) for s in series for _, v in s["values"]]
        if values:
            state["neo4j_up_min"] = min(values)
            down = values.index(min(values))
            state["neo4j_up_back"] = 1.0 in values[down:]
    except (OSError, ValueError, KeyError):
        pass
    try:
        with open(os.path.join(root, f"after-{scenario}-alert-rules.json"), encoding="utf-8") as f:
            groups = json.load(f)["data"]["groups"]
        state["alert_rules"] = sorted(r["name"] for g in groups for r in g["rules"])
    except (OSError, ValueError, KeyError):
        pass
    return state


def main():
    root, scenarios = sys.argv[1], sys.argv[2:]
    out = {"format": "runbook-rehearsal/1", "runbook": None, "rehearsals": [], "exit_code": 0, "graph_service": {},
           "prometheus": {}}
    problem = False
    for scenario in scenarios:
        try:
            with open(os.path.join(root, f"rehearsal-{scenario}.json"), encoding="utf-8") as f:
                part = json.load(f)
        except (OSError, ValueError) as e:
            print(f"rehearsal: {scenario}: no readable rehearse output ({e})", file=sys.stderr)
            problem = True
            continue
        out["runbook"] = part["runbook"]
        out["rehearsals"] += part["rehearsals"]
        out["exit_code"] = max(out["exit_code"], part["exit_code"])
        out["graph_service"][scenario] = graph_service_state(root, scenario)
        out["prometheus"][scenario] = prometheus_state(root, scenario)
    with open(os.path.join(root, "rehearsal.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2)
    for r in out["rehearsals"]:
        print(f"rehearsal: {r['scenario']} {r['step'] or '(manual)'} {r['outcome']} exit {r['exit_code']}")
    for scenario, state in out["graph_service"].items():
        print(f"graph-service after {scenario}: reads from {state['followers_source']}; {state['last_mode_line']}")
    for scenario, state in out["prometheus"].items():
        print(f"prometheus during {scenario}: up{{job=\"neo4j\"}} min {state['neo4j_up_min']}, up again"
              f" {state['neo4j_up_back']}; alert rules {', '.join(state['alert_rules']) or 'none'}")
    return 1 if problem else 0


if __name__ == "__main__":
    sys.exit(main())
