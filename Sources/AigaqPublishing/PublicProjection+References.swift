import AigaqCore

extension PublicProjection {
    /// The public form of `entity` when other records point at persons who
    /// may not be published: references to them are removed too (an id such
    /// as `p-surname-given` names the person), and a record about such a
    /// person (an assessment) is left out. `isPublic` answers for a person id.
    public static func project(_ entity: Entity, isPublic: (Person.ID) -> Bool) -> Entity? {
        guard let projected = project(entity) else { return nil }
        switch projected {
        case .person(var p):
            p.relations = p.relations.filter { isPublic($0.person) }
            return .person(p)
        case .case(var c):
            c.participants = c.participants.filter { isPublic($0.person) }
            c.charges = c.charges.filter { isPublic($0.person) }
            c.sentences = c.sentences.filter { isPublic($0.person) }
            return .case(c)
        case .event(var e):
            e.participants = e.participants.filter { $0.person.map(isPublic) ?? true }
            return .event(e)
        case .assessment(let a):
            return isPublic(a.person) ? .assessment(a) : nil
        case .listSnapshot(var s):
            s.entries = s.entries.filter { isPublic($0.person) }
            return .listSnapshot(s)
        default:
            return projected
        }
    }
}
