import AigaqAccounts
import AigaqCore
import AigaqReview
import AigaqStore
import Foundation

/// The review queue's decisions, shared by the workspace's forms and the API:
/// each is one `ReviewService` operation recorded as the caller.
enum ReviewAction: String, CaseIterable {
    case accept, reject, merge, notSame = "not-same", undo

    struct Input {
        var newPerson = false
        var person: String?
        var reason: String?
    }

    /// Does the action; returns the candidate as stored afterwards.
    @discardableResult
    static func perform(_ action: ReviewAction, candidate id: String, input: Input, actor: String, ws: Workspace) async throws -> Candidate {
        let cid = Candidate.ID(rawValue: id)
        let service = try await ws.review()
        let reason = input.reason.flatMap(\.nonEmpty).map { String($0.prefix(2000)) }
        switch action {
        case .accept:
            try await service.accept(cid, actor: actor, asNewPerson: input.newPerson, reason: reason)
        case .reject:
            try await service.reject(cid, actor: actor, reason: reason)
        case .merge:
            guard let person = input.person?.nonEmpty else { throw WebError.badRequest("give the person to merge into") }
            try await service.merge(cid, into: Person.ID(rawValue: person), actor: actor, reason: reason)
        case .notSame:
            guard let person = input.person?.nonEmpty else { throw WebError.badRequest("give the person the candidate is not") }
            guard var c = try await ws.store.candidate(id: cid) else { throw AigaqError.notFound(what: "candidate \(id)") }
            guard try await ws.store.person(id: Person.ID(rawValue: person)) != nil else { throw AigaqError.notFound(what: "person \(person)") }
            try await service.decide(.notSame, id, person, actor: actor, reason: reason)
            // The stored suggestion moves on to the next best match, if any.
            if c.state == .pending, c.suggestion?.person.rawValue == person {
                c.suggestion = try await service.suggest(c)
                try await ws.store.apply(delete: [], write: [.candidate(c)], actor: actor)
            }
        case .undo:
            try await service.undo(cid, actor: actor)
        }
        ws.changed()
        guard let after = try await ws.store.candidate(id: cid) else { throw AigaqError.notFound(what: "candidate \(id)") }
        return after
    }

    /// Applies corrected fields to a pending candidate, then accepts it (into
    /// `into`, or as a new person). The original values go into the decision's
    /// reason, so the record says what the extractor read and what a reviewer changed.
    static func correct(candidate id: String, form: FormData, vocabulary: Vocabulary, actor: String, ws: Workspace) async throws -> Candidate {
        guard var c = try await ws.store.candidate(id: Candidate.ID(rawValue: id)) else { throw AigaqError.notFound(what: "candidate \(id)") }
        guard c.state == .pending else { throw AigaqError.usage("\(id) is already \(c.state.rawValue); undo it first") }
        let before = c.payload
        c.payload = try corrected(before, form: form, vocabulary: vocabulary)
        let changes = describe(before, c.payload)
        try await ws.store.apply(delete: [], write: [.candidate(c)], actor: actor)
        let reason = (["corrected: " + (changes.isEmpty ? "nothing" : changes.joined(separator: "; "))] + [form.value("reason")].compactMap { $0 })
            .joined(separator: ". ")
        let service = try await ws.review()
        if let into = form.value("into"), into != "new" {
            try await service.merge(c.id, into: Person.ID(rawValue: into), actor: actor, reason: reason)
        } else {
            try await service.accept(c.id, actor: actor, asNewPerson: true, reason: reason)
        }
        ws.changed()
        return try await ws.store.candidate(id: c.id) ?? c
    }

    /// The payload with the form's values; a clear error for a value that cannot be read.
    static func corrected(_ p: CandidatePayload, form: FormData, vocabulary: Vocabulary) throws -> CandidatePayload {
        var p = p
        guard let name = form.value("name") else { throw AigaqError.usage("the name cannot be empty") }
        p.name = String(name.prefix(300))
        if let r = form.value("role") {
            guard let role = PersonRole(rawValue: r) else { throw AigaqError.usage("unknown role \(r)") }
            p.role = role
        }
        if let st = form.value("status") {
            guard let status = PersonStatus(rawValue: st) else { throw AigaqError.usage("unknown status \(st)") }
            p.status = status
        }
        switch form.value("political_prisoner") {
        case "yes": p.politicalPrisoner = true
        case "no": p.politicalPrisoner = false
        default: p.politicalPrisoner = nil
        }
        let code = form.value("code") ?? p.charges.first?.code ?? "KZ-CC-2014"
        guard vocabulary.code(id: code) != nil else { throw AigaqError.usage("unknown code \(code)") }
        p.charges = try (form["charges"] ?? "").split(whereSeparator: { $0 == "\n" || $0 == "," || $0 == ";" }).compactMap { line in
            try Self.charge(String(line), code: code)
        }
        if let kindText = form.value("sentence_kind") {
            guard let kind = Sentence.Kind(rawValue: kindText) else { throw AigaqError.usage("unknown sentence kind \(kindText)") }
            var sentence = p.sentence ?? Sentence(kind: kind)
            sentence.kind = kind
            sentence.months = try form.value("sentence_months").map { m in
                guard let v = Int(m), (0...1200).contains(v) else { throw AigaqError.usage("the sentence in months must be a number from 0 to 1200") }
                return v
            }
            p.sentence = sentence
        } else {
            p.sentence = nil
        }
        p.detainedOn = try date(form.value("detained_on"), "detained on")
        p.convictedOn = try date(form.value("convicted_on"), "convicted on")
        p.listSection = form.value("list_section").map { String($0.prefix(300)) }
        p.listNumber = try form.value("list_number").map { n in
            guard let v = Int(n), (1...100_000).contains(v) else { throw AigaqError.usage("the number on the list must be a positive number") }
            return v
        }
        return p
    }

    /// "174", "174(2)" or "174 part 2" → a charge under `code`.
    static func charge(_ line: String, code: String) throws -> CandidatePayload.ChargeRef? {
        let t = line.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return nil }
        let pattern = /^([0-9]+(?:[-.][0-9]+)?)\s*(?:\(\s*([0-9]+)\s*\)|(?:part|ч\.?|часть|бөлік)\s*([0-9]+))?$/
            .ignoresCase()
        guard let m = t.wholeMatch(of: pattern) else {
            throw AigaqError.usage("cannot read the charge “\(t.prefix(40))”: write an article, or an article and its part, such as 174(2)")
        }
        let part = (m.2 ?? m.3).map(String.init)
        return .init(code: code, article: String(m.1), part: part)
    }

    static func date(_ text: String?, _ what: String) throws -> DateValue? {
        guard let text else { return nil }
        guard let d = DateValue(text) else { throw AigaqError.usage("\(what): write a date as YYYY, YYYY-MM or YYYY-MM-DD") }
        return d
    }

    static func describe(_ a: CandidatePayload, _ b: CandidatePayload) -> [String] {
        var out: [String] = []
        func diff(_ field: String, _ x: String?, _ y: String?) { if x != y { out.append("\(field) \(x ?? "—") → \(y ?? "—")") } }
        diff("name", a.name, b.name)
        diff("role", a.role.rawValue, b.role.rawValue)
        diff("status", a.status.rawValue, b.status.rawValue)
        diff("political prisoner", a.politicalPrisoner.map(String.init), b.politicalPrisoner.map(String.init))
        let charges = { (p: CandidatePayload) in p.charges.map { "\($0.code):\($0.article)\($0.part.map { "(\($0))" } ?? "")" }.joined(separator: ",") }
        diff("charges", charges(a), charges(b))
        diff("sentence", a.sentence.map { "\($0.kind.rawValue) \($0.months.map(String.init) ?? "")" },
             b.sentence.map { "\($0.kind.rawValue) \($0.months.map(String.init) ?? "")" })
        diff("detained on", a.detainedOn?.isoString, b.detainedOn?.isoString)
        diff("convicted on", a.convictedOn?.isoString, b.convictedOn?.isoString)
        diff("list section", a.listSection, b.listSection)
        diff("list number", a.listNumber.map(String.init), b.listNumber.map(String.init))
        return out
    }
}
