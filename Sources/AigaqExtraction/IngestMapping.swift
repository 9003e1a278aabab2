import AigaqCore
import Foundation

/// Turns an extraction into what the store keeps: a Source and its candidates
/// (shared by `aigaq ingest` and the workspace's upload).
public enum IngestMapping {
    public static func source(extraction: DocumentExtraction, document: ReadDocument, fileName: String) -> Source {
        Source(id: Source.ID(rawValue: "src-" + extraction.sha256.prefix(16)), sha256: extraction.sha256,
               fileName: fileName, title: title(of: document.text) ?? fileName,
               publishedOn: extraction.documentDate.flatMap(DateValue.init), language: extraction.language,
               mediaType: document.mediaType, text: document.text, confidentiality: .internal)
    }

    /// The first non-empty line, shortened, as a working title a reviewer can correct.
    public static func title(of text: String) -> String? {
        guard let line = text.split(separator: "\n").first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            return nil
        }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.count > 120 ? String(trimmed.prefix(117)) + "…" : trimmed
    }

    public static func candidates(extraction: DocumentExtraction, source: Source.ID) -> [Candidate] {
        extraction.persons.enumerated().map { index, p in
            Candidate(id: Candidate.ID(rawValue: "\(source.rawValue)-\(index + 1)"), source: source, payload: payload(p))
        }
    }

    public static func payload(_ p: ExtractedPerson) -> CandidatePayload {
        CandidatePayload(
            name: p.name,
            mentions: p.mentions.map { AigaqCore.TextSpan(start: $0.start, end: $0.end, text: $0.text) },
            role: PersonRole(rawValue: p.role) ?? .other,
            status: PersonStatus(rawValue: p.status) ?? .unknown,
            politicalPrisoner: p.politicalPrisoner,
            charges: p.charges.map { .init(code: $0.code, article: $0.article, part: $0.part) },
            sentence: p.sentence.flatMap { s in
                Sentence.Kind(rawValue: s.kind).map {
                    Sentence(kind: $0, months: s.months, regime: s.regime,
                             bans: s.bans.map { .init(activity: $0.activity, months: $0.months) }, text: s.text)
                }
            },
            detainedOn: p.detainedOn.flatMap(DateValue.init),
            convictedOn: p.convictedOn.flatMap(DateValue.init),
            listSection: p.listSection,
            listNumber: p.listNumber,
            evidence: p.evidence.map { AigaqCore.TextSpan(start: $0.start, end: $0.end) })
    }
}
