"""The same workloads as bolt-bench through the Python neo4j driver, for comparison."""
import sys
import time

from neo4j import GraphDatabase

url = sys.argv[1] if len(sys.argv) > 1 else "bolt://127.0.0.1:7687"
user = sys.argv[2] if len(sys.argv) > 2 else "falkordb"
password = sys.argv[3] if len(sys.argv) > 3 else ""
label = "bolt_bench_node_py"
driver = GraphDatabase.driver(url, auth=(user, password))
with driver.session() as session:
    t = time.perf_counter()
    for _ in range(1000):
        session.run("RETURN 1").consume()
    print(f"python return1_x1000 {time.perf_counter() - t:.3f} s")
    try:
        session.run(f"CREATE INDEX FOR (n:{label}) ON (n.id)").consume()
    except Exception:
        pass
    for batch in (1000, 10000):
        session.run(f"MATCH (n:{label}) DELETE n").consume()
        t = time.perf_counter()
        for start in range(0, 100000, batch):
            rows = [{"id": i, "name": f"u{i}"} for i in range(start, start + batch)]
            session.run(f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n.name = row.name", rows=rows).consume()
        print(f"python merge100k_batch{batch} {time.perf_counter() - t:.3f} s")
    session.run(f"MATCH (n:{label}) DELETE n").consume()
# No driver.close(): it would send GOODBYE, which breaks FalkorDB's next handshake.
