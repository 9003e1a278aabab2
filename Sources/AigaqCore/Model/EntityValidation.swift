/// Checks of a record against the vocabulary, beyond its JSON form: an
/// import refuses ids the vocabulary does not define, so a typo cannot
/// become a new event type or article.
public enum EntityValidation {
    /// A reason the entity is not acceptable, or nil.
    public static func problem(with entity: Entity, vocabulary: Vocabulary) -> String? {
        switch entity {
        case .person(let p):
            for o in p.occupations where vocabulary.occupation(id: o.value) == nil {
                return "unknown occupation \"\(o.value)\" (occupations.yaml)"
            }
        case .case(let c):
            for charge in c.charges {
                if let problem = articleProblem(code: charge.code, article: charge.article, vocabulary: vocabulary) { return problem }
            }
        case .event(let e):
            if vocabulary.eventType(id: e.type) == nil {
                return "unknown event type \"\(e.type)\" (event-types.yaml)"
            }
        case .figure(let f):
            if vocabulary.measure(id: f.measure) == nil {
                return "unknown measure \"\(f.measure)\" (measures.yaml)"
            }
        case .assessment(let a):
            for c in a.criteria where vocabulary.criterion(id: c.criterion) == nil {
                return "unknown criterion \"\(c.criterion)\" (pace-criteria.yaml)"
            }
        case .candidate(let c):
            for charge in c.payload.charges where vocabulary.code(id: charge.code) == nil {
                return "unknown code \"\(charge.code)\""
            }
        case .source, .organisation, .list, .listSnapshot, .decision:
            break
        }
        return nil
    }

    static func articleProblem(code: String, article: String, vocabulary: Vocabulary) -> String? {
        guard vocabulary.code(id: code) != nil else {
            return "unknown code \"\(code)\"; known codes: \(vocabulary.codes.map(\.id).joined(separator: ", "))"
        }
        guard vocabulary.article(code: code, number: article) != nil else {
            return "article \(article) is not in the vocabulary of \(code); add it to its YAML file first"
        }
        return nil
    }
}
