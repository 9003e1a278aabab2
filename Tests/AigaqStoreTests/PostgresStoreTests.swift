@testable import AigaqPostgres
import AigaqCore
import AigaqStore
import Foundation
import Testing

/// What is particular to PostgreSQL: the URL, migrations, and errors a
/// server can give. These need the server, as CI has: see ``Backend``.
@Suite struct PostgresStoreTests {
    @Test func theURLSaysWhereAndHow() throws {
        let l = try PostgresLocation(url: "postgres://aigaq:s%40cret@db.example:6543/kb?sslmode=require&schema=coalition&pool_max=5",
                                     environment: [:])
        #expect(l.host == "db.example")
        #expect(l.port == 6543)
        #expect(l.username == "aigaq")
        #expect(l.password == "s@cret")
        #expect(l.database == "kb")
        #expect(l.tls == .require)
        #expect(l.schema == "coalition")
        #expect(l.maximumConnections == 5)
        #expect(!l.display.contains("cret"))
        let defaults = try PostgresLocation(url: "postgresql://localhost", environment: ["PGPASSWORD": "p", "PGUSER": "u"])
        #expect(defaults.username == "u" && defaults.password == "p" && defaults.database == "u" && defaults.port == 5432)
        #expect(defaults.tls == .prefer && defaults.schema == nil)
    }

    @Test(arguments: ["postgres://h/db?schema=a;drop", "postgres://h/db?schema=1x", "postgres://h/db?sslmode=maybe",
                      "postgres://h/db?colour=blue", "postgres://h/db?pool_max=0"])
    func badURLsAreUsageErrors(_ url: String) {
        #expect { _ = try PostgresLocation(url: url) } throws: { ($0 as? AigaqError)?.exitCode == 64 }
    }

    @Test func migratesOnceAndAgainWithoutHarm() async throws {
        let url = try TestPostgres.url() + "&schema=m_" + UUID().uuidString.prefix(8).lowercased()
        let first = try PostgresStore(url: url)
        #expect(try await first.appliedMigrations() == ["accounts-v1", "v1-knowledge-base", "v2-decisions", "v3-audit-chain", "v4-figures", "v6-sealed-fields", "web-reads-v1"])
        await first.shutdown()
        let again = try PostgresStore(url: url)
        #expect(try await again.appliedMigrations() == ["accounts-v1", "v1-knowledge-base", "v2-decisions", "v3-audit-chain", "v4-figures", "v6-sealed-fields", "web-reads-v1"])
        #expect(try await again.counts().byType["person"] == 0)
        await again.shutdown()
    }

    @Test func aServerThatIsNotThereIsAClearError() async throws {
        // A port nothing listens on (the test server's own port, plus one, is as good as any).
        let store = try PostgresStore(url: "postgres://postgres@127.0.0.1:1/postgres?sslmode=disable")
        await #expect { _ = try await store.counts() } throws: { error in
            guard let message = (error as? AigaqError)?.message else { return false }
            return message.contains("cannot open postgres://postgres@127.0.0.1:1/postgres")
        }
        await store.shutdown()
    }

    @Test func aDatabaseThatDoesNotExistIsNamedInTheError() async throws {
        let url = try TestPostgres.url().replacingOccurrences(of: "/postgres?", with: "/no_such_db?")
        let store = try PostgresStore(url: url)
        await #expect { _ = try await store.person(id: "x") } throws: { error in
            (error as? AigaqError)?.message.contains("no_such_db") == true
        }
        await store.shutdown()
    }
}
