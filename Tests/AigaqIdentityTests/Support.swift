import AigaqCore
import AigaqIdentity
import Foundation

/// The bundled vocabulary file, read by path as the lead's code reads it by URL.
let bundledNameForms: NameForms = {
    let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/AigaqCore/Resources/vocabulary/name-forms.yaml")
    do { return try NameForms(contentsOf: url) } catch { fatalError("name-forms.yaml: \(error)") }
}()

let resolver = IdentityResolver(nameForms: bundledNameForms)

/// A record with defaults for what a test does not care about.
func record(
    _ id: String, _ document: String, _ name: String, forms: [String] = [], role: PersonRole = .persecuted,
    articles: [String] = [], birthYear: Int? = nil, city: String? = nil, dates: [String] = [],
    relatives: [String] = [], sentenceMonths: Int? = nil
) -> ResolutionRecord {
    ResolutionRecord(id: id, document: document, name: name, forms: forms, role: role, articles: articles,
                     birthYear: birthYear, city: city, dates: dates.compactMap(DateValue.init), relatives: relatives,
                     sentenceMonths: sentenceMonths)
}

/// Clusters as sets, order-free.
func clusterSets(_ clusters: [[String]]) -> Set<Set<String>> { Set(clusters.map(Set.init)) }

func together(_ ids: String..., in clusters: [[String]]) -> Bool {
    clusters.contains { Set($0).isSuperset(of: ids) }
}

let day = Date(timeIntervalSince1970: 1_700_000_000)
func decision(_ a: String, _ b: String, _ verdict: IdentityVerdict, at offset: TimeInterval = 0) -> IdentityDecision {
    IdentityDecision(a: a, b: b, verdict: verdict, who: "reviewer", when: day.addingTimeInterval(offset), why: "test")
}
