import AigaqCore

/// The one function every public output goes through: it keeps only what is
/// `public`, removing (not blanking) internal and confidential records and facts.
public enum PublicProjection {
    /// The public form of `entity`, or nil when nothing of it may be published.
    public static func project(_ entity: Entity) -> Entity? {
        guard entity.confidentiality == .public else { return nil }
        switch entity {
        case .source(let s): return .source(s)
        case .organisation(let o): return .organisation(o)
        case .person(var p):
            p.birthYear = p.birthYear.publicOnly
            p.region = p.region.publicOnly
            p.city = p.city.publicOnly
            p.occupations = p.occupations.publicOnly
            p.statuses = p.statuses.publicOnly
            p.detention = p.detention.publicOnly
            p.notes = p.notes.publicOnly
            p.relations = p.relations.filter { $0.confidentiality == .public }
            return .person(p)
        case .case(var c):
            c.participants = c.participants.filter { $0.confidentiality == .public }
            return .case(c)
        case .event(var e):
            // Allegations against named officials wait for a reviewer's word.
            if e.participants.contains(where: { $0.role == "perpetrator" && $0.person != nil }) && !e.reviewedForPublication {
                return nil
            }
            e.participants = e.participants.filter { $0.confidentiality == .public }
            return .event(e)
        case .figure(let f): return .figure(f)
        case .assessment(let a): return .assessment(a)
        case .list(let l): return .list(l)
        case .listSnapshot(let s): return .listSnapshot(s)
        case .candidate: return nil  // unreviewed by definition
        case .decision: return nil  // reviewers' internal work
        }
    }
}

extension Array where Element: PublicFiltering {
    /// Only the facts that may be published.
    var publicOnly: [Element] { filter(\.isPublic) }
}

protocol PublicFiltering { var isPublic: Bool { get } }
extension Fact: PublicFiltering { var isPublic: Bool { confidentiality == .public } }
