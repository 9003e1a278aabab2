import AigaqCore
import AigaqExtraction
import AigaqIdentity

/// Cross-document identities for `extract --json`, by the identity resolver.
enum IdentityLinking {
    /// One cluster per person across all documents given, with every surface form.
    static func clusters(_ documents: [DocumentExtraction]) throws -> [ExtractionOutput.IdentityCluster] {
        var records: [ResolutionRecord] = []
        var byID: [String: (document: String, person: ExtractedPerson)] = [:]
        for d in documents {
            for (i, p) in d.persons.enumerated() {
                let id = "\(d.document)#\(i)"
                byID[id] = (d.document, p)
                records.append(ResolutionRecord(
                    id: id, document: d.document, name: p.name, forms: p.mentions.map(\.text),
                    role: PersonRole(rawValue: p.role) ?? .other, articles: p.charges.map(\.article),
                    dates: [p.detainedOn, p.convictedOn].compactMap { $0.flatMap(DateValue.init) },
                    sentenceMonths: p.sentence?.months, status: PersonStatus(rawValue: p.status)))
            }
        }
        let resolver = try IdentityFactory.resolver()
        let recordByID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return resolver.cluster(records).map { ids in
            var forms: [ExtractionOutput.IdentityCluster.Form] = []
            for id in ids {
                guard let (document, person) = byID[id] else { continue }
                for text in [person.name] + person.mentions.map(\.text) {
                    let form = ExtractionOutput.IdentityCluster.Form(document: document, form: text)
                    if !forms.contains(form) { forms.append(form) }
                }
            }
            let members = ids.compactMap { recordByID[$0] }
            return ExtractionOutput.IdentityCluster(canonical: IdentityResolver.canonicalName(of: members), forms: forms)
        }
    }
}
