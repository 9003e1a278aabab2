import AigaqCore
import AigaqExtraction
import AigaqReview
import AigaqStore
import Foundation

/// The demo's review queue: a short synthetic report in the style of the NGO
/// lists (`Resources/demo/demo-report.txt`, written for Aigaq; its persons are
/// invented but for one who restates facts of the open dataset), ingested by
/// `serve --demo` so that the workspace has candidates to review.
///
/// Its numbered entries belong to the list of its (fictional) publisher,
/// `list-steppe-rights-monitor`, as of the report's date, 2024-12-15: an
/// accepted candidate becomes a public person and a line of that list's
/// snapshot, shown at `/prisoners?list=list-steppe-rights-monitor`. The
/// report is dated before the dataset's latest list, so the default
/// `/prisoners` stays the #ActivistsNotExtremists list of 2025-02-28 and a
/// half-reviewed synthetic list never replaces it.
enum DemoReport {
    static let fileName = "demo-report.txt"
    static let publisher = "Steppe Rights Monitor"

    /// Stores the report and its candidates with the resolver's suggestions; returns how many candidates.
    static func ingest(into store: any KnowledgeStore, actor: String) async throws -> Int {
        guard let url = Bundle.module.url(forResource: "demo-report", withExtension: "txt", subdirectory: "demo") else {
            throw AigaqError.database(reason: "the demo report is missing from this build")
        }
        let data = try Data(contentsOf: url)
        let (document, extraction) = try Extractor.extract(data: data, fileName: fileName)
        var source = IngestMapping.source(extraction: extraction, document: document, fileName: fileName)
        source.publisher = publisher
        source.title = "Persons deprived of liberty for their views (synthetic list for the Aigaq demo)"
        source.publishedOn = source.publishedOn ?? DateValue("2024-12-15")
        // Written for Aigaq, so it may be published: the accepted persons' citations open its passages.
        source.confidentiality = .public
        let candidates = IngestMapping.candidates(extraction: extraction, source: source.id)
        guard case .inserted = try await store.ingest(source: source, candidates: candidates, actor: actor) else { return 0 }
        try await ReviewCommand.service(store: store).refreshSuggestions(source: source.id)
        return candidates.count
    }
}
