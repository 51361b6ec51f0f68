#!/usr/bin/env python3
"""The peer of `MODE=sync benchmarks/drift.sh`: the same repair as a `sync` step, in Python, as a person would write it.

The keyed diff of benchmarks/drift_peer.py (psycopg named cursor + the neo4j driver's streamed result, merge-joined
on a key-only row), then, per BATCH candidates, the same verify-then-apply the tool does: the candidates are looked
up in PostgreSQL again on a second connection, and what is still missing from the graph is MERGEd and what
PostgreSQL no longer has is deleted, each with one UNWIND $rows write. Prints `upserted deleted` on one line.

    sync_peer.py PG_URL BOLT_URL BATCH SQL CYPHER UPSERT DELETE
"""

import os
import sys

import psycopg
from neo4j import GraphDatabase


def main():
    pg_url, bolt_url, batch, sql, cypher, upsert, delete = sys.argv[1:8]
    batch = int(batch)
    driver = GraphDatabase.driver(bolt_url, auth=("falkordb", ""))
    upserted = deleted = 0
    with psycopg.connect(pg_url) as conn, psycopg.connect(pg_url) as lookup, conn.transaction():
        cur = conn.cursor(name="sync_peer")
        cur.itersize = batch
        cur.execute(sql)
        reader = driver.session(fetch_size=batch)
        writer = driver.session()
        left, right = iter(cur), iter(reader.run(cypher))
        pending = []

        def flush():
            nonlocal upserted, deleted
            keys = [k for k, _ in pending]
            rows = lookup.execute(
                f"SELECT follower_id, following_id FROM ({sql}) AS s WHERE (follower_id, following_id) IN "
                "(SELECT * FROM unnest(%s::text[], %s::text[]))",
                ([a for a, _ in keys], [b for _, b in keys]),
            ).fetchall()
            present = {tuple(r) for r in rows}
            ups = [{"follower_id": a, "following_id": b} for (a, b), in_graph in pending
                   if (a, b) in present and not in_graph]
            dels = [{"follower_id": a, "following_id": b} for (a, b), in_graph in pending
                    if (a, b) not in present and in_graph]
            if ups:
                writer.run(upsert, rows=ups).consume()
            if dels:
                writer.run(delete, rows=dels).consume()
            upserted += len(ups)
            deleted += len(dels)
            pending.clear()

        l, r = next(left, None), next(right, None)
        while l is not None or r is not None:
            lk = tuple(l[:2]) if l is not None else None
            rk = tuple(r.values()[:2]) if r is not None else None
            if r is None or (l is not None and lk < rk):
                pending.append((lk, False))
                l = next(left, None)
            elif l is None or rk < lk:
                pending.append((rk, True))
                r = next(right, None)
            else:
                l, r = next(left, None), next(right, None)
            if len(pending) >= batch:
                flush()
        if pending:
            flush()
        print(upserted, deleted, flush=True)
    # No driver.close(): it would send GOODBYE, which breaks FalkorDB's next handshake.
    os._exit(0)


if __name__ == "__main__":
    main()
