import AigaqCore
import AigaqPublishing
import AigaqStore
import Foundation

/// The export formats of the publishing target: FollowTheMoney entities and
/// the capture history for multiple-systems estimation.
extension Export {
    func exportFtM(store: any KnowledgeStore, project: (Entity) -> Entity?) async throws {
        var records: [Entity] = []
        try await store.exportEntities { entity in
            if let e = project(entity) { records.append(e) }
        }
        let entities = FtMExport(vocabulary: try VocabularyAccess.bundled().vocabulary).entities(from: records)
        let sink = try OutputSink(path: out)
        try sink.write(FtMExport.jsonLines(entities))
        try sink.close()
        Console.info("exported \(entities.count) FollowTheMoney entities")
    }

    func exportCaptureHistory(store: any KnowledgeStore) async throws {
        var date: DateValue?
        if let asOf {
            guard let value = DateValue(asOf) else { throw AigaqError.usage("--as-of \(asOf) is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") }
            date = value
        }
        let history = try await CaptureHistory.build(store: store, asOf: date, publicOnly: self.public)
        let sink = try OutputSink(path: out)
        try sink.write(Data(history.csv().utf8))
        try sink.close()
        let lists = history.columns.map { "\($0.id) (\($0.asOf ?? "?"))" }.joined(separator: ", ")
        Console.info("wrote \(history.rows.count) persons and \(history.columns.count) list column(s): \(lists.isEmpty ? "none" : lists)")
    }
}
