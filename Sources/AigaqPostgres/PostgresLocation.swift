import AigaqCore
import Foundation
import PostgresNIO

/// Where a PostgreSQL database is, read from a URL:
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=...&schema=...]`.
///
/// - `sslmode`: `disable`, `prefer` (the default, as in libpq) or `require`
///   (TLS with the server's certificate checked against the system's roots,
///   or against `sslrootcert=FILE`).
/// - `schema`: the schema Aigaq's tables live in (its `search_path`); created
///   if missing. Several knowledge bases can share one database this way,
///   and the tests give every test its own.
/// - The password may come from `PGPASSWORD` instead of the URL, so that it
///   does not show in process listings.
public struct PostgresLocation: Sendable, Hashable {
    public enum TLSMode: String, Sendable { case disable, prefer, require }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    public var rootCertificate: String?
    public var schema: String?
    /// The largest number of connections the pool opens.
    public var maximumConnections: Int

    public static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard PostgresLocation.isPostgresURL(text), let url = URLComponents(string: text) else {
            throw AigaqError.usage("not a PostgreSQL URL: expected postgres://USER@HOST:PORT/DATABASE")
        }
        host = url.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        port = url.port ?? 5432
        // URLComponents gives user, password and path percent-decoded.
        username = url.user ?? environment["PGUSER"] ?? "postgres"
        password = url.password ?? environment["PGPASSWORD"]
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        database = path.isEmpty ? username : path
        var tls = TLSMode.prefer
        var schema: String?
        var maximum = 20
        for item in url.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                switch value {
                case "disable": tls = .disable
                case "allow", "prefer": tls = .prefer
                case "require", "verify-ca", "verify-full": tls = .require
                default: throw AigaqError.usage("sslmode=\(value): use disable, prefer or require")
                }
            case "sslrootcert": rootCertificate = value
            case "schema", "search_path":
                guard PostgresLocation.isPlainName(value) else {
                    throw AigaqError.usage("schema=\(value): use letters, digits and _ only, starting with a letter")
                }
                schema = value
            case "pool_max":
                guard let n = Int(value), n > 0 else { throw AigaqError.usage("pool_max=\(value): a positive number") }
                maximum = n
            case "application_name", "connect_timeout": break
            default: throw AigaqError.usage("unknown PostgreSQL URL parameter \(item.name)")
            }
        }
        self.tls = tls
        self.schema = schema
        self.maximumConnections = maximum
    }

    /// The URL without the password, for messages.
    public var display: String {
        "postgres://\(username)@\(host):\(port)/\(database)" + (schema.map { "?schema=\($0)" } ?? "")
    }

    static func isPlainName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII, s.count <= 63 else { return false }
        return s.unicodeScalars.allSatisfy { ($0.isASCII && $0.properties.isAlphabetic) || (48...57).contains($0.value) || $0 == "_" }
    }

    private func tlsConfiguration() -> TLSConfiguration {
        var config = TLSConfiguration.makeClientConfiguration()
        if let rootCertificate { config.trustRoots = .file(rootCertificate) }
        return config
    }

    var startupParameters: [(String, String)] {
        var p = [("application_name", "aigaq")]
        if let schema { p.append(("search_path", schema)) }
        return p
    }

    func clientConfiguration() -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = switch self.tls {
        case .disable: .disable
        case .prefer: .prefer(tlsConfiguration())
        case .require: .require(tlsConfiguration())
        }
        var config = PostgresClient.Configuration(host: host, port: port, username: username, password: password,
                                                  database: database, tls: tls)
        config.options.additionalStartupParameters = startupParameters
        config.options.maximumConnections = maximumConnections
        config.options.connectTimeout = .seconds(10)
        return config
    }

    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS = switch self.tls {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: tlsConfiguration()))
        case .require: .require(try NIOSSLContext(configuration: tlsConfiguration()))
        }
        var config = PostgresConnection.Configuration(host: host, port: port, username: username, password: password,
                                                      database: database, tls: tls)
        config.options.additionalStartupParameters = startupParameters
        config.options.connectTimeout = .seconds(10)
        return config
    }
}
