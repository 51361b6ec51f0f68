#!/usr/bin/env python3
"""The peer of benchmarks/drift.sh: the same keyed diff in Python, as a person would write it.

PostgreSQL through a psycopg named (server-side) cursor, the graph through the neo4j driver's streamed
result, both ordered by the key, merge-joined in a loop. Prints
`only_left only_right changed same` on one line.

    drift_peer.py PG_URL BOLT_URL BATCH SQL CYPHER KEYCOUNT
"""

import os
import sys

import psycopg
from neo4j import GraphDatabase


def main():
    pg_url, bolt_url, batch, sql, cypher, keys = sys.argv[1:7]
    batch, keys = int(batch), int(keys)
    with psycopg.connect(pg_url) as conn, conn.transaction():
        cur = conn.cursor(name="drift_peer")
        cur.itersize = batch
        cur.execute(sql)
        driver = GraphDatabase.driver(bolt_url, auth=("falkordb", ""))
        session = driver.session(fetch_size=batch)
        right = iter(session.run(cypher))
        left = iter(cur)
        only_left = only_right = changed = same = 0
        l = next(left, None)
        r = next(right, None)
        while l is not None or r is not None:
            lk = tuple(l[:keys]) if l is not None else None
            rk = tuple(r.values()[:keys]) if r is not None else None
            if r is None or (l is not None and lk < rk):
                only_left += 1
                l = next(left, None)
            elif l is None or rk < lk:
                only_right += 1
                r = next(right, None)
            else:
                if tuple(l[keys:]) == tuple(r.values()[keys:]):
                    same += 1
                else:
                    changed += 1
                l = next(left, None)
                r = next(right, None)
        print(only_left, only_right, changed, same, flush=True)
    # No driver.close(): it would send GOODBYE, which breaks FalkorDB's next handshake.
    os._exit(0)


if __name__ == "__main__":
    main()
