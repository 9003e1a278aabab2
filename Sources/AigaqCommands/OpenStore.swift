import AigaqCore
import AigaqPostgres
import AigaqSQLite
import AigaqStore
import Foundation

/// The composition root: picks the store implementation from `--db`.
///
/// A SQLite path (or `sqlite://PATH`) opens a file; a `postgres://` URL opens
/// a pooled PostgreSQL store. Either store is safe to share between tasks for
/// as long as the program runs, so a long-running server opens one and keeps
/// it; the stores a command opens inside ``closingStores(_:)`` are closed
/// when it ends (`runReportingErrors` does this for every command).
enum StoreFactory {
    static func open(_ location: String) throws -> any KnowledgeStore {
        if PostgresLocation.isPostgresURL(location) {
            let store = try PostgresStore(url: location)
            scope?.withLock { $0.append(store) }
            return store
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

    /// Runs `body`, then closes the connection pools of the PostgreSQL stores it opened.
    static func closingStores<T>(_ body: () async throws -> T) async throws -> T {
        let stores = LockedStores()
        let outcome: Result<T, any Error>
        do { outcome = .success(try await $scope.withValue(stores) { try await body() }) } catch { outcome = .failure(error) }
        for store in stores.withLock({ $0 }) { await store.shutdown() }
        return try outcome.get()
    }

    /// Where the stores opened by the running command are noted (per task, so
    /// that commands run side by side in one process close only their own).
    @TaskLocal private static var scope: LockedStores?
}

/// The PostgreSQL stores a command opened, behind a lock.
private final class LockedStores: @unchecked Sendable {
    private let lock = NSLock()
    private var stores: [PostgresStore] = []

    func withLock<T>(_ body: (inout [PostgresStore]) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&stores)
    }
}
