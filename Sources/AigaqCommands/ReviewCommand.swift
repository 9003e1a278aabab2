import AigaqAccounts
import AigaqCore
import AigaqIdentity
import AigaqReview
import AigaqStore
import ArgumentParser
import Foundation

struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "The review queue: accept, merge or reject extracted candidates.",
        discussion: """
            Every decision is recorded (who, when, why) and can be undone without loss.

            Examples:
              aigaq review list
              aigaq review accept src-4c9656dd3e4173c1-29
              aigaq review merge src-442dd7a0fa2fa928-3 --into p-zhylanbayev-marat
              aigaq review accept-all --min-score 0.9
            """,
        subcommands: [List.self, Accept.self, Reject.self, Merge.self, AcceptAll.self, Undo.self, Decide.self, Conflicts.self, Apply.self, Facts.self])

    struct Options: ParsableArguments {
        @OptionGroup var database: DatabaseOptions
        @Option(name: .customLong("actor"), help: "Who decides (recorded with the decision) on a database without accounts; with accounts, AIGAQ_TOKEN's user.")
        var actorName: String = ProcessInfo.processInfo.environment["USER"] ?? "cli"
        @Option(help: "Why (recorded with the decision).") var reason: String?

        /// Who decides: AIGAQ_TOKEN's user once the database has accounts, else --actor.
        var actor: String {
            get async throws { try await StoreFactory.open(database.location, for: .review).actor(actorName) }
        }

        func service(for permission: Permission = .review) async throws -> ReviewService {
            try ReviewCommand.service(store: await StoreFactory.open(database.location, for: permission).store)
        }
    }

    /// The review service every review command uses: the store, the resolver
    /// with the bundled name forms, and the vocabulary (which Code a charge is under).
    static func service(store: any KnowledgeStore) throws -> ReviewService {
        var service = ReviewService(store: store, resolver: try IdentityFactory.resolver())
        service.vocabulary = try VocabularyAccess.bundled().vocabulary
        return service
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pending candidates with the resolver's suggestion.",
            discussion: "Example:\n  aigaq review list --limit 20")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "pending, accepted, merged or rejected.") var state: String = "pending"
        @Option(help: "How many.") var limit = 50
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runReportingErrors {
                guard let state = Candidate.State(rawValue: state) else { throw AigaqError.usage("--state: pending, accepted, merged or rejected") }
                let store = try await StoreFactory.open(database.location, for: .readInternal).store
                let service = try ReviewCommand.service(store: store)
                var items = try await store.candidates(state: state, limit: limit)
                if state == .pending { for i in items.indices { items[i].suggestion = try await service.suggest(items[i]) } }
                if json {
                    print(String(decoding: try AigaqJSON.encoder().encode(items), as: UTF8.self))
                    return
                }
                if items.isEmpty { Console.info("no \(state.rawValue) candidates") }
                for c in items {
                    let p = c.payload
                    let facts = [p.status.rawValue, p.charges.map { "art. \($0.article)" }.joined(separator: ", "),
                                 p.sentence?.text ?? "", p.listNumber.map { "no. \($0)" } ?? ""].filter { !$0.isEmpty }
                    print("\(c.id.rawValue)\t\(p.name)\t[\(p.role.rawValue)] \(facts.joined(separator: "; "))")
                    if let s = c.suggestion {
                        print(String(format: "\t→ %@ (score %.2f): %@", s.person.rawValue, s.score, s.reasons.joined(separator: "; ")))
                    }
                }
            }
        }
    }

    struct Accept: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Accept a candidate (into the suggested person when the match is strong).",
            discussion: "Example:\n  aigaq review accept src-4c9656dd3e4173c1-29 --reason \"checked against the court record\"")
        @OptionGroup var options: Options
        @Flag(help: "Make a new person even if a known one matches.") var new = false
        @Argument(help: "Candidate id.") var id: String
        func run() async throws {
            try await runReportingErrors {
                let person = try await options.service().accept(Candidate.ID(rawValue: id), actor: options.actor, asNewPerson: new, reason: options.reason)
                print("\(id) → \(person.rawValue)")
            }
        }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reject a candidate (not a person, or not about persecution).",
            discussion: "Example:\n  aigaq review reject src-4c9656dd3e4173c1-7 --reason \"a judge, not a defendant\"")
        @OptionGroup var options: Options
        @Argument(help: "Candidate id.") var id: String
        func run() async throws {
            try await runReportingErrors {
                try await options.service().reject(Candidate.ID(rawValue: id), actor: options.actor, reason: options.reason)
                print("\(id) rejected")
            }
        }
    }

    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge a candidate into a known person.",
            discussion: "Example:\n  aigaq review merge src-442dd7a0fa2fa928-3 --into p-zhylanbayev-marat")
        @OptionGroup var options: Options
        @Option(help: "The person id.") var into: String
        @Argument(help: "Candidate id.") var id: String
        func run() async throws {
            try await runReportingErrors {
                let person = try await options.service().merge(Candidate.ID(rawValue: id), into: Person.ID(rawValue: into),
                                                               actor: options.actor, reason: options.reason)
                print("\(id) → \(person.rawValue)")
            }
        }
    }

    struct AcceptAll: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "accept-all",
            abstract: "Accept every pending persecuted candidate the resolver is sure about.",
            discussion: """
                A candidate whose best match scores at least --min-score is merged into it; one with no
                plausible match becomes a new person; one in between is left for a human.

                Example:
                  aigaq review accept-all --min-score 0.9
                """)
        @OptionGroup var options: Options
        @Option(help: "Lowest score that merges into a known person (0...1).") var minScore: Double = 0.85
        func validate() throws {
            if !(0...1).contains(minScore) { throw ValidationError("--min-score is between 0 and 1") }
        }
        func run() async throws {
            try await runReportingErrors {
                let r = try await options.service().acceptAll(minScore: minScore, actor: options.actor)
                print("accepted \(r.accepted) as new persons, merged \(r.merged), left \(r.leftPending) for review")
            }
        }
    }

    struct Undo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Undo the accept, merge or reject of a candidate; it becomes pending again.",
            discussion: "Example:\n  aigaq review undo src-442dd7a0fa2fa928-3")
        @OptionGroup var options: Options
        @Argument(help: "Candidate id.") var id: String
        func run() async throws {
            try await runReportingErrors {
                try await options.service().undo(Candidate.ID(rawValue: id), actor: options.actor)
                print("\(id) is pending again")
            }
        }
    }

    struct Decide: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that two persons or candidates are, or are not, one person.",
            discussion: "Example:\n  aigaq review decide not-same p-syzdykov-aidar p-syzdykov-fazylzhan --reason \"different cases\"")
        enum Verdict: String, ExpressibleByArgument, CaseIterable { case same, notSame = "not-same", unsure }
        @OptionGroup var options: Options
        @Argument(help: "same, not-same or unsure.") var verdict: Verdict
        @Argument(help: "First id.") var a: String
        @Argument(help: "Second id.") var b: String
        func run() async throws {
            try await runReportingErrors {
                let v: Decision.Verdict = switch verdict { case .same: .same; case .notSame: .notSame; case .unsure: .unsure }
                let d = try await options.service().decide(v, a, b, actor: options.actor, reason: options.reason)
                print("recorded \(d.id.rawValue): \(a) \(verdict.rawValue) \(b)")
            }
        }
    }

    struct Conflicts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Values the sources give differently for one person.",
            discussion: "Example:\n  aigaq review conflicts p-zhylanbayev-marat")
        @OptionGroup var options: Options
        @Flag(help: "Print JSON.") var json = false
        @Argument(help: "Person id.") var person: String
        func run() async throws {
            try await runReportingErrors {
                let conflicts = try await options.service(for: .readInternal).conflicts(of: Person.ID(rawValue: person))
                if json { print(String(decoding: try AigaqJSON.encoder().encode(conflicts), as: UTF8.self)); return }
                if conflicts.isEmpty { print("no conflicts") }
                for c in conflicts {
                    print("\(c.field): \(c.note)")
                    for v in c.values { print("  \(v.value)  (\(v.citations.map { "\($0.source.rawValue)@\($0.start)" }.joined(separator: ", ")))") }
                }
            }
        }
    }
}

/// The identity resolver with the bundled name forms.
enum IdentityFactory {
    static func resolver() throws -> IdentityResolver {
        guard let url = Vocabulary.resourceURL(named: "name-forms.yaml") else {
            throw AigaqError.database(reason: "the bundled name-forms.yaml is missing")
        }
        return IdentityResolver(nameForms: try NameForms(contentsOf: url))
    }
}
