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
        return try SQLiteStore(path: path)
    }
}
