import RunbookCore
import Testing

@Suite struct PostgresDSNTests {
    @Test(arguments: [
        ("postgresql://runbook:s3cret@127.0.0.1:54329/runbook", "postgresql://runbook@127.0.0.1:54329/runbook"),
        (
            "postgres://u:p%40ss@db.example:5432/app?sslmode=require&password=x2",
            "postgres://u@db.example:5432/app?sslmode=require"
        ),
        ("postgresql://u:raw@pass@h/db", "postgresql://u@h/db"),
        (
            "postgresql://h1:5432,h2:5433/db?target_session_attrs=read-write",
            "postgresql://h1:5432,h2:5433/db?target_session_attrs=read-write"
        ),
        ("postgresql://", "postgresql://"),
        ("postgresql:///db?host=/var/run/postgresql", "postgresql:///db?host=/var/run/postgresql"),
        ("host=db port=5432 user=app password=s3cret dbname=prod", "host=db port=5432 user=app dbname=prod"),
        ("host = db password = 'it\\'s secret' sslmode=verify-full", "host=db sslmode=verify-full"),
        ("password='a b\\' c' host=x", "host=x"),
        ("service=prod", "service=prod"),
        ("dbname='my db' sslpassword=k", "dbname='my db'"),
        ("", "postgresql:// (libpq defaults)"),
    ])
    func describesWithoutPassword(dsn: String, expected: String) {
        #expect(PostgresDSN.describe(dsn) == expected)
    }

    @Test func unreadableConninfoIsNotEchoed() {
        let text = PostgresDSN.describe("host=x password='unterminated secret")
        #expect(text == "(unreadable connection string)")
        #expect(PostgresDSN.describe("justadbname") == "dbname=justadbname")
    }
}
