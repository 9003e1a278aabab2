import AigaqCore
import AigaqStore
import Foundation
import GRDB

/// What a check of a database file (a backup) found.
public struct DatabaseFileCheck: Sendable, Codable {
    public var path: String
    public var integrity: [String]
    public var audit: AuditVerification
    public var sources: SourceVerification
    public var records: Int
    /// Migrations the file has that this program does not know (a newer Aigaq made it).
    public var unknownMigrations: [String]
    public var dataKeyVersion: Int?
    public var masterFingerprint: String?
    /// Everything that is wrong, in words; empty when the file is sound.
    public var problems: [String]
    public var isValid: Bool { problems.isEmpty }
}

extension SQLiteStore {
    /// A consistent copy of the database, taken while it may be in use
    /// (`VACUUM INTO` reads one snapshot): sealed values stay sealed, the
    /// data key stays wrapped, and free pages are not copied. The copy is
    /// checked before it is moved into place, so `path` never holds a bad backup.
    public func backup(to path: String) throws -> DatabaseFileCheck {
        let target = URL(fileURLWithPath: path)
        guard !FileManager.default.fileExists(atPath: path) else {
            throw AigaqError.usage("\(path) exists; a backup never overwrites a file, choose a new name")
        }
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: partial) }
        do {
            try writer.vacuum(into: partial.path)
        } catch let error as DatabaseError {
            throw AigaqError.database(reason: "cannot write the backup \(path): \(error.message ?? "SQLite error")")
        }
        var check = try SQLiteStore.check(file: partial.path, masterKey: sealing.master)
        check.path = path
        guard check.isValid else {
            throw AigaqError.database(reason: "the copy failed its check, nothing was written to \(path): \(check.problems.joined(separator: "; "))")
        }
        try SQLiteStore.sync(partial)
        try FileManager.default.moveItem(at: partial, to: target)
        return check
    }

    /// Replaces this database with the backup at `path`, after checking the
    /// backup whole: `PRAGMA integrity_check`, its audit chain, the hashes of
    /// its sources' bytes (sealed ones need the key), and that this program
    /// knows its schema. The replacement is one SQLite transaction (the
    /// online backup API copying every page in one step): readers see the old
    /// database or the new one, and a crash leaves the old one.
    public func restore(from path: String, actor: String) throws -> DatabaseFileCheck {
        guard FileManager.default.fileExists(atPath: path) else { throw AigaqError.badInput(file: path, line: nil, reason: "no such file") }
        let check: DatabaseFileCheck
        do {
            check = try SQLiteStore.check(file: path, masterKey: sealing.master)
        } catch let error as AigaqError {
            throw AigaqError.badInput(file: path, line: nil, reason: "refused, the database was not touched: \(error.message)")
        } catch {
            throw AigaqError.badInput(file: path, line: nil, reason: "refused, the database was not touched: it cannot be read as a database (\(error))")
        }
        var problems = check.problems
        if check.sources.sealedUnchecked > 0 {
            problems.append("\(check.sources.sealedUnchecked) sealed sources can only be re-hashed with the key: set AIGAQ_KEY or AIGAQ_KEY_FILE")
        }
        guard problems.isEmpty else {
            throw AigaqError.badInput(file: path, line: nil, reason: "refused, the database was not touched: \(problems.joined(separator: "; "))")
        }
        let backup = try SQLiteStore.openReadOnly(path)
        do {
            try backup.backup(to: writer)
            try Migrations.migrator.migrate(writer)
        } catch let error as DatabaseError {
            throw AigaqError.database(reason: "the restore from \(path) failed and was rolled back: \(error.message ?? "SQLite error")")
        }
        // The restored chain goes on with who restored what.
        let hash = try SQLiteStore.fileHash(path)
        try writeTransaction { db, codec in
            let writer = RecordWriter(db: db, codec: codec)
            writer.note("backup", URL(fileURLWithPath: path).lastPathComponent, json: hash)
            try writer.finish(actor: actor, action: "restore")
        }
        return check
    }

    /// Checks a database file without changing it.
    public static func check(file path: String, masterKey: MasterKey?) throws -> DatabaseFileCheck {
        let queue = try openReadOnly(path)
        return try queue.read { db in
            var problems: [String] = []
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            if integrity != ["ok"] { problems.append("integrity check: \(integrity.prefix(3).joined(separator: "; "))") }
            let known = Set(Migrations.migrator.migrations)
            let applied = try Migrations.migrator.appliedIdentifiers(db)
            let unknown = applied.filter { !known.contains($0) }.sorted()
            if !unknown.isEmpty { problems.append("made by a newer Aigaq (unknown migrations \(unknown.joined(separator: ", ")))") }
            guard applied.contains("v3-audit-chain") else {
                problems.append("not an Aigaq database with an audit chain")
                return DatabaseFileCheck(path: path, integrity: integrity, audit: .init(entries: 0, firstBroken: nil, problem: nil),
                                         sources: .init(), records: 0, unknownMigrations: unknown, problems: problems)
            }
            let audit = try SQLiteAudit.verify(db)
            if let broken = audit.firstBroken { problems.append("audit chain broken at entry \(broken): \(audit.problem ?? "")") }
            let hasSealing = applied.contains("v6-sealed-fields")
            let wrapped = hasSealing ? try wrappedKey(db) : nil
            let codec = SealingCodec(state: try SealingState.of(wrapped: wrapped, master: masterKey))
            let sources = hasSealing ? try verifySources(db, codec) : SourceVerification()
            problems += sources.problems
            var records = 0
            for (table, _) in RecordWriter.tables { records += try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
            return DatabaseFileCheck(path: path, integrity: integrity, audit: audit, sources: sources, records: records,
                                     unknownMigrations: unknown, dataKeyVersion: wrapped?.version,
                                     masterFingerprint: wrapped?.masterFingerprint, problems: problems)
        }
    }

    static func openReadOnly(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.readonly = true
        do {
            return try DatabaseQueue(path: path, configuration: config)
        } catch let error as DatabaseError {
            throw map(error, path: path)
        }
    }

    static func fileHash(_ path: String) throws -> String {
        var hasher = SHA256Hasher()
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(Array(chunk)) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Flushes a file to disk before it is renamed into place.
    static func sync(_ url: URL) throws {
        let handle = try FileHandle(forUpdating: url)
        defer { try? handle.close() }
        try handle.synchronize()
    }
}
