/// One person across documents, in the shape of the extraction output's
/// `identities` (see schemas/extraction.md).
public struct ResolvedIdentity: Sendable, Hashable, Codable {
    public struct Form: Sendable, Hashable, Codable {
        public var document: String
        public var form: String
        public init(document: String, form: String) {
            self.document = document
            self.form = form
        }
    }

    public var canonical: String
    public var forms: [Form]
    /// The records merged into this person, for the store; not part of the JSON contract.
    public var recordIDs: [String]

    private enum CodingKeys: String, CodingKey { case canonical, forms }

    public init(canonical: String, forms: [Form], recordIDs: [String]) {
        self.canonical = canonical
        self.forms = forms
        self.recordIDs = recordIDs
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        canonical = try c.decode(String.self, forKey: .canonical)
        forms = try c.decode([Form].self, forKey: .forms)
        recordIDs = []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(canonical, forKey: .canonical)
        try c.encode(forms, forKey: .forms)
    }
}

extension IdentityResolver {
    /// Resolves `records` and lists each person with every (document, form)
    /// its records give: what `aigaq extract --json` prints as `identities`.
    public func identities(_ records: [ResolutionRecord], decisions: [IdentityDecision] = []) -> [ResolvedIdentity] {
        let byID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return resolve(records, decisions: decisions).clusters.map { ids in
            let members = ids.compactMap { byID[$0] }
            var seen: Set<ResolvedIdentity.Form> = []
            var forms: [ResolvedIdentity.Form] = []
            for m in members {
                for f in m.allForms {
                    let form = ResolvedIdentity.Form(document: m.document, form: f)
                    if seen.insert(form).inserted { forms.append(form) }
                }
            }
            return ResolvedIdentity(canonical: IdentityResolver.canonicalName(of: members), forms: forms, recordIDs: ids)
        }
    }
}
