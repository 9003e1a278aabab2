import AigaqCore
import AigaqStore
import ArgumentParser
import Foundation

struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "The keys that seal confidential values.",
        discussion: """
            Confidential values (witnesses, contacts, lawyers' notes, medical information,
            confidential records and sources) are stored encrypted (AES-256-GCM) under the
            database's data key. The data key is stored wrapped by a master key that is never
            stored in the database: it comes from AIGAQ_KEY (base64 of 32 bytes) or from the
            file named by AIGAQ_KEY_FILE. Without it Aigaq runs, shows that sealed values exist,
            and refuses to write confidential values. See docs/SECURITY.md.

            Examples:
              aigaq key generate --out /media/usb/aigaq.key
              export AIGAQ_KEY_FILE=/media/usb/aigaq.key
              aigaq key init
              aigaq key status
              aigaq key rotate --new-key-file /media/usb/aigaq-2026.key
            """,
        subcommands: [Generate.self, Init.self, Status.self, Rotate.self])

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new random master key (base64); print it, or write it to a file only you can read.",
            discussion: """
                Keep the key apart from the database and its backups (a password manager, a USB
                stick): whoever has both can read every sealed value.

                Examples:
                  aigaq key generate --out /media/usb/aigaq.key
                  export AIGAQ_KEY=$(aigaq key generate)
                """)
        @Option(help: "Write the key to this new file (mode 0600) instead of printing it.") var out: String?

        func run() async throws {
            try await runReportingErrors {
                let key = MasterKey.generate()
                guard let out else {
                    print(key.base64)
                    return
                }
                guard !FileManager.default.fileExists(atPath: out) else {
                    throw AigaqError.usage("\(out) exists; a key file is never overwritten")
                }
                guard FileManager.default.createFile(atPath: out, contents: Data((key.base64 + "\n").utf8),
                                                     attributes: [.posixPermissions: 0o600]) else {
                    throw AigaqError.usage("cannot write \(out)")
                }
                Console.info("wrote a new key (fingerprint \(key.fingerprint)) to \(out); keep a copy apart from the database")
            }
        }
    }

    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give the database a data key under the master key, and seal what is confidential.",
            discussion: """
                Needs AIGAQ_KEY or AIGAQ_KEY_FILE. Any command given the key gives a database without a
                data key one; this command is for a database that an older Aigaq wrote confidential
                values into in clear: they are sealed now, and the file is rebuilt so that no clear
                copy stays in free pages or the write-ahead log.

                Example:
                  AIGAQ_KEY_FILE=/media/usb/aigaq.key aigaq key init --db ./aigaq.sqlite
                """)
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await runReportingErrors {
                let store = try StoreFactory.open(database.location)
                // Opened with the key, a database with nothing in clear has just been given one.
                let status = try await store.sealingStatus()
                if status.key == .open, status.clearConfidentialRecords == 0, let fingerprint = status.masterFingerprint {
                    Console.info("sealing on: data key \(status.dataKeyVersion ?? 1) under the master key with fingerprint \(fingerprint)")
                    return
                }
                let report = try await store.initialiseSealing(actor: "cli")
                Console.info("sealing on: data key \(report.dataKeyVersion) under the master key with fingerprint \(report.masterFingerprint); "
                    + "\(report.recordsSealed) records and \(report.accountSecretsSealed) TOTP secrets sealed that were in clear")
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Whether the database seals, whether the key opens it, and how much is sealed.",
            discussion: "Example:\n  aigaq key status --db ./aigaq.sqlite")
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runReportingErrors {
                let store = try StoreFactory.open(database.location)
                let status = try await store.sealingStatus()
                if json {
                    print(String(decoding: try AigaqJSON.encoder().encode(status), as: UTF8.self))
                    return
                }
                switch status.key {
                case .none: print("sealing: off (no data key; confidential values are refused until `aigaq key init`)")
                case .locked: print("sealing: on, locked (no key given; sealed contents are hidden)")
                case .open: print("sealing: on, open")
                }
                if let v = status.dataKeyVersion, let f = status.masterFingerprint {
                    print("data key: version \(v), wrapped under the master key with fingerprint \(f)")
                }
                print("sealed: \(status.sealedValues) values in \(status.sealedRecords) records")
                if status.clearConfidentialRecords > 0 {
                    print("warning: \(status.clearConfidentialRecords) records hold confidential values in clear; run `aigaq key init`")
                }
                if let accounts = store as? any AccountStore, let warning = try await ClearSecrets.warning(accounts) { print(warning) }
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Seal everything again under a new data key, wrapped under the current or a new master key.",
            discussion: """
                Needs the current key (AIGAQ_KEY or AIGAQ_KEY_FILE). With --new-key-file the new data key
                is wrapped under the key in that file, which from then on is the database's key: keep the
                old one until you have checked the new one opens (`AIGAQ_KEY_FILE=NEW aigaq key status`).
                One transaction: an interruption leaves the database as it was. Restart servers afterwards.

                Example:
                  aigaq key rotate --db ./aigaq.sqlite --new-key-file /media/usb/aigaq-2026.key
                """)
        @OptionGroup var database: DatabaseOptions
        @Option(help: "A file with the new master key (from `aigaq key generate --out`).") var newKeyFile: String?

        func run() async throws {
            try await runReportingErrors {
                let newKey = try newKeyFile.map(MasterKey.load(file:))
                let store = try StoreFactory.open(database.location)
                let report = try await store.rotateSealing(newMasterKey: newKey, actor: "cli")
                Console.info("rotated: data key \(report.dataKeyVersion) under the master key with fingerprint \(report.masterFingerprint); "
                    + "\(report.recordsSealed) records, \(report.sourceBytesSealed) source files and \(report.accountSecretsSealed) TOTP secrets sealed again")
            }
        }
    }
}
