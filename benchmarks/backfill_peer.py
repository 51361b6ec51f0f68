"""The backfill as a Python script would do it: psycopg server-side cursors into neo4j-driver UNWIND batches.

    backfill_peer.py PG_URL BOLT_URL BATCH 'SQL|KEY|CYPHER' ...

Each source query is read with one named (server-side) cursor, fetchmany(BATCH) at a time, and each batch is
written with session.run(CYPHER, rows=batch). Prints `script S` and `rows N`.
"""
import sys
import time

import psycopg
from neo4j import GraphDatabase

pg_url, bolt_url, batch = sys.argv[1], sys.argv[2], int(sys.argv[3])
sources = [spec.split("|") for spec in sys.argv[4:]]
started = time.perf_counter()
rows = 0
driver = GraphDatabase.driver(bolt_url, auth=("falkordb", ""))
with psycopg.connect(pg_url) as pg, driver.session() as session:
    # As runbook's transfer does: plan the cursor for all of its rows, not a fast start (default 0.1), which
    # would pick a nested-loop plan for the follows join and make every FETCH slow.
    pg.execute("SET cursor_tuple_fraction = 1")
    session.run("CREATE INDEX FOR (u:User) ON (u.id)").consume()
    for sql, _key, cypher in sources:
        with pg.cursor(name="backfill") as cursor:
            cursor.itersize = batch
            cursor.execute(sql)
            names = None
            while True:
                page = cursor.fetchmany(batch)
                if not page:
                    break
                if names is None:
                    names = [d.name for d in cursor.description]
                session.run(cypher, rows=[dict(zip(names, r)) for r in page]).consume()
                rows += len(page)
        pg.commit()
print(f"script {time.perf_counter() - started:.3f}")
print(f"rows {rows}")
# No driver.close(): it would send GOODBYE, which breaks FalkorDB's next handshake.
