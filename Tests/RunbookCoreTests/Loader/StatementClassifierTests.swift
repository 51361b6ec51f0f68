import RunbookCore
import Testing

@Suite struct StatementClassifierTests {
    @Test(arguments: [
        "SELECT count(*) FROM users",
        "select 1",
        "  -- leading comment\nSELECT id FROM users WHERE note = 'delete me'",
        "/* update */ SELECT 1",
        "SHOW server_version",
        "VALUES (1), (2)",
        "TABLE users",
        "EXPLAIN SELECT * FROM users",
        "WITH recent AS (SELECT id FROM users WHERE created_at > now() - interval '1 day') SELECT count(*) FROM recent",
        "SELECT \"update\" FROM t",
        "SELECT $$ drop table x $$ AS s",
        "SELECT $tag$ insert into $tag$",
    ])
    func sqlReads(_ sql: String) {
        #expect(!StatementClassifier.sqlMutates(sql), "\(sql)")
    }

    @Test(arguments: [
        "INSERT INTO users VALUES (1)",
        "UPDATE users SET x = 1",
        "DELETE FROM users",
        "TRUNCATE users",
        "CREATE TABLE t (id int)",
        "DROP TABLE t",
        "ALTER TABLE t ADD COLUMN c int",
        "WITH gone AS (DELETE FROM users WHERE id < 10 RETURNING id) SELECT count(*) FROM gone",
        "WITH x AS (UPDATE t SET a = 1 RETURNING *) SELECT * FROM x",
        "WITH x AS (INSERT INTO t VALUES (1) RETURNING *) SELECT * FROM x",
        "SELECT * FROM users FOR UPDATE",
        "SELECT * FROM users FOR SHARE",
        "SELECT * FROM users FOR NO KEY UPDATE",
        "SELECT * INTO copy FROM users",
        "SELECT nextval('seq')",
        "SELECT pg_terminate_backend(123)",
        "EXPLAIN ANALYZE DELETE FROM users",
        "EXPLAIN (ANALYZE) SELECT 1",
        "VACUUM users",
        "COPY users TO STDOUT",
        "CALL do_things()",
        "DO $$ BEGIN END $$",
        "LOCK TABLE users",
        "REFRESH MATERIALIZED VIEW v",
        "BEGIN",
        "SET statement_timeout = 0",
    ])
    func sqlWrites(_ sql: String) {
        #expect(StatementClassifier.sqlMutates(sql), "\(sql)")
    }

    @Test(arguments: [
        "MATCH (u:User) RETURN count(u)",
        "match (u) where u.name = 'CREATE' return u",
        "MATCH (a)-[:FOLLOWS]->(b) RETURN a, b LIMIT 10",
        "// merge later\nMATCH (n) RETURN n",
        "CALL db.labels()",
        "CALL dbms.components()",
        "RETURN 1",
        "UNWIND [1,2] AS x RETURN x",
        "OPTIONAL MATCH (n:`set`) RETURN n",
    ])
    func cypherReads(_ cypher: String) {
        #expect(!StatementClassifier.cypherMutates(cypher), "\(cypher)")
    }

    @Test(arguments: [
        "CREATE (u:User {id: 1})",
        "MERGE (u:User {id: $id})",
        "MATCH (u) SET u.x = 1",
        "MATCH (u) DELETE u",
        "MATCH (u) DETACH DELETE u",
        "MATCH (u) REMOVE u.x",
        "UNWIND $rows AS r MERGE (u:User {id: r.id})",
        "MATCH (n) FOREACH (x IN [1] | SET n.y = x)",
        "LOAD CSV FROM 'file:///x.csv' AS row RETURN row",
        "CALL apoc.periodic.iterate('a', 'b', {})",
        "CALL { MATCH (n) RETURN n }",
        "match (u) set u.x = 1",
    ])
    func cypherWrites(_ cypher: String) {
        #expect(StatementClassifier.cypherMutates(cypher), "\(cypher)")
    }
}
