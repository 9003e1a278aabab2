import AigaqCore
import AigaqPublishing
import AigaqStore

/// Short calls into AigaqPublishing for the command tests.
enum AigaqPublishingShim {
    static func headline(_ store: some KnowledgeStore, _ date: String) async throws -> HeadlineStats {
        try await Statistics.headline(store: store, asOf: DateValue(date), list: nil)
    }
}
