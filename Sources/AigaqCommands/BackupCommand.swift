import AigaqCore
import AigaqSQLite
import AigaqStore
import ArgumentParser
import Foundation

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent copy of the database while it is in use.",
        discussion: """
            The copy is one snapshot of the database (other programs may go on writing), with
            sealed values still sealed and without free pages; it is checked (integrity, audit
            chain, sources' hashes) before it is moved into place. It never overwrites a file.
            Keep backups where the database's key is not.

            Example:
              aigaq backup --db ./aigaq.sqlite /media/usb/aigaq-2025-03-01.sqlite
            """)
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The new backup file.") var path: String

    func run() async throws {
        try await runReportingErrors {
            let check = try StoreFactory.openSQLite(database.location, for: "backup").backup(to: path)
            Console.info("backup written to \(path): \(check.records) records, \(check.audit.entries) audit entries, "
                + "\(check.sources.checked) sources re-hashed" + (check.sources.sealedUnchecked > 0 ? ", \(check.sources.sealedUnchecked) sealed (not re-hashed without the key)" : ""))
        }
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replace the database with a backup, after checking the backup.",
        discussion: """
            The backup must pass PRAGMA integrity_check, its audit chain, and the re-hashing of its
            sources' bytes (sealed ones need the key) before anything is replaced; otherwise nothing
            changes and the command says why (exit 65). The replacement is one transaction.

            Example:
              aigaq restore --db ./aigaq.sqlite /media/usb/aigaq-2025-03-01.sqlite
            """)
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The backup file.") var path: String

    func run() async throws {
        try await runReportingErrors {
            let check = try StoreFactory.openSQLite(database.location, for: "restore").restore(from: path, actor: "cli")
            Console.info("restored \(database.location) from \(path): \(check.records) records, \(check.audit.entries) audit entries, "
                + "\(check.sources.checked) sources re-hashed")
        }
    }
}
