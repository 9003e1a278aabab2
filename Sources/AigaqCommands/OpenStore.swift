import AigaqCore
import AigaqSQLite
import AigaqStore
import Foundation

/// The composition root: picks the store implementation from `--db`.
enum StoreFactory {
    static func open(_ location: String) throws -> any KnowledgeStore {
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            throw AigaqError.usage("PostgreSQL is not available in this build yet; use a SQLite file path")
        }
        let path = location.hasPrefix("sqlite://") ? String(location.dropFirst("sqlite://".count)) : location
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: directory) else {
            throw AigaqError.database(reason: "folder \(directory) does not exist")
        }
        return try SQLiteStore(path: path, masterKey: try masterKey())
    }

    /// The SQLite store, for what only files can do (backup, restore).
    static func openSQLite(_ location: String, for command: String) throws -> SQLiteStore {
        guard let store = try open(location) as? SQLiteStore else {
            throw AigaqError.usage("\(command) works on SQLite files; for PostgreSQL use pg_dump and pg_restore")
        }
        return store
    }

    /// The master key from the environment (AIGAQ_KEY or AIGAQ_KEY_FILE), if any.
    static func masterKey() throws -> MasterKey? {
        let environment = ProcessInfo.processInfo.environment
        if let file = environment[MasterKey.fileEnvironmentVariable], !file.isEmpty,
           let mode = (try? FileManager.default.attributesOfItem(atPath: file))?[.posixPermissions] as? Int, mode & 0o077 != 0 {
            Console.info("warning: the key file \(file) can be read by other users (mode \(String(mode, radix: 8))); chmod 600 it")
        }
        return try MasterKey.fromEnvironment(environment)
    }
}
