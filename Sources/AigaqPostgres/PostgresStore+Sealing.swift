import AigaqCore
import AigaqStore
import Foundation
import PostgresNIO

/// Sealed fields and sources' bytes on PostgreSQL: not yet implemented.
/// Until they are, this store keeps no original bytes and has no data key,
/// and it says so; `key init` and `key rotate` refuse with a clear message.
extension PostgresStore {
    public func sourceBytes(id: Source.ID) async throws -> Data? { nil }

    public func verifySources() async throws -> SourceVerification {
        SourceVerification(withoutBytes: try await counts().byType["source"] ?? 0)
    }

    public func sealingStatus() async throws -> SealingStatus {
        SealingStatus(key: .none, dataKeyVersion: nil, masterFingerprint: nil, sealedRecords: 0, sealedValues: 0,
                      clearConfidentialRecords: 0)
    }

    public func initialiseSealing(actor: String) async throws -> SealingReport {
        throw AigaqError.usage("sealed fields are not yet available on PostgreSQL; keep confidential values in a SQLite database")
    }

    public func rotateSealing(newMasterKey: MasterKey?, actor: String) async throws -> SealingReport {
        throw AigaqError.usage("sealed fields are not yet available on PostgreSQL; keep confidential values in a SQLite database")
    }

    public func hiddenSealedValues(type: String, id: String) async throws -> Int { 0 }
}
