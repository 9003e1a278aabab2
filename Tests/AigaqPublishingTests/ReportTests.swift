import AigaqCore
@testable import AigaqPublishing
import AigaqSQLite
import Foundation
import Testing

/// The three reports on a synthetic knowledge base: their structure, notes
/// that lead to public sources, and nothing that is not public.
@Suite struct ReportTests {
    static let vocabulary = try! Vocabulary.bundled()

    enum Kind: String, CaseIterable, Sendable { case list, dossier, update }

    static func build(_ kind: Kind, store: SQLiteStore) async throws -> ReportDocument {
        switch kind {
        case .list:
            try await ListReport.build(store: store, options: .init(asOf: Synthetic.date("2024-05-31")), vocabulary: vocabulary)
        case .dossier:
            try await DossierReport.build(store: store, options: .init(person: "Arman Bekov"), vocabulary: vocabulary)
        case .update:
            try await UpdateReport.build(store: store, options: .init(from: Synthetic.date("2024-02-01"), to: Synthetic.date("2024-06-30")),
                                         vocabulary: vocabulary)
        }
    }

    @Test(arguments: Kind.allCases)
    func noMarkerOfAnInternalOrConfidentialPlaceReachesAnyFormat(kind: Kind) async throws {
        let store = try await ReportFixture.store()
        let doc = try await Self.build(kind, store: store)
        for (format, text) in [("md", MarkdownRenderer.render(doc)), ("html", HTMLRenderer.render(doc))] {
            for marker in ReportFixture.markers {
                #expect(!text.contains(marker), "\(kind) \(format) contains \(marker)")
            }
            #expect(!text.contains("SECRET"), "\(kind) \(format)")
            // The unreviewed allegation naming an official is not published either.
            #expect(!text.contains("Beaten in custody"))
        }
    }

    @Test(arguments: Kind.allCases)
    func everyFootnoteIsUsedAndLeadsToAPublicSourceWithOffsets(kind: Kind) async throws {
        let store = try await ReportFixture.store()
        let doc = try await Self.build(kind, store: store)
        let md = MarkdownRenderer.render(doc)
        let defined = Set(md.matches(of: #/\n\[\^(\d+)\]: /#).map { Int($0.1)! })
        let used = Set(md.matches(of: #/\[\^(\d+)\](?!:)/#).map { Int($0.1)! })
        #expect(!defined.isEmpty)
        #expect(defined == used, "every note is referenced and every reference has its note")
        #expect(defined == Set(1...doc.notes.notes.count))
        for note in doc.notes.notes {
            #expect(note.text.hasPrefix("Steppe Watch quarterly list. Steppe Watch, 2024-07. SHA-256 abababababababab…; bytes "), "\(note.text)")
            for source in note.sources {
                #expect(source.source == Synthetic.sourceID.rawValue)
                for span in source.spans { #expect(span[0] >= 0 && span[0] < span[1]) }
            }
        }
        let html = HTMLRenderer.render(doc)
        for n in defined {
            #expect(html.contains("<li id=\"fn-\(n)\">"))
            #expect(html.contains("href=\"#fn-\(n)\""))
        }
    }

    @Test func theListHasTheHeadlineTheCriteriaAndNumberedEntriesInTheirSections() async throws {
        let store = try await ReportFixture.store()
        let doc = try await Self.build(.list, store: store)
        let md = MarkdownRenderer.render(doc)
        #expect(md.hasPrefix("# Steppe Watch list of political prisoners, as of 31 May 2024\n"))
        // B, and C sentenced after the list; E added since; A released, D amnestied.
        #expect(md.contains("the list counts 3 political prisoners: 2 convicted and serving prison sentences and 1 held in pre-trial detention."))
        #expect(md.contains("The source states at least 4 political prisoners as of 31 January 2024.[^"))
        #expect(md.contains("## Criteria"))
        #expect(md.contains("**(a) Held for using a fundamental freedom.**"))
        // Sections as the published list gives them, its numbers kept; D was amnestied, A released.
        let headings = md.split(separator: "\n").filter { $0.hasPrefix("## ") || $0.hasPrefix("### ") }
        #expect(headings.contains("## Convicted") && headings.contains("### Bloggers") && headings.contains("## Pre-trial detention"))
        let entries = md.matches(of: #/\n(\d+)\\\. \*\*([^*]+)\*\*/#).map { "\($0.1) \($0.2)" }
        #expect(entries == ["2 Bolat Serik", "1 Dana Ospan"])
        #expect(md.contains("## Added since the published list\n\n### Pre-trial detention\n\n– **Gulnar Ermek**.[^"))
        #expect(md.contains("Status since 10 February 2024: in pre-trial detention."))
        // Every entry carries at least one note.
        for line in md.split(separator: "\n") where line.first?.isNumber == true || line.hasPrefix("– ") { #expect(line.contains("[^")) }
        // C was sentenced after the list: the entry says so, with its sentence and article title.
        #expect(md.contains("5 years' imprisonment under Article 274 (“Dissemination of knowingly false information”) of the Criminal Code, sentenced on 10 April 2024."))
        #expect(md.contains("## Changes since the published list of 31 January 2024"))
        #expect(md.contains("**Arman Bekov**: released as of March 2024"))
        #expect(md.contains("**Yerlan Tas**: released as of 1 May 2024"))
    }

    @Test func theDossierHasIdentityTimelineRiskCriteriaAndCountryContext() async throws {
        let store = try await ReportFixture.store()
        let md = MarkdownRenderer.render(try await Self.build(.dossier, store: store))
        for heading in ["## Identity", "## Persecution timeline", "## Current charges and risk", "## How the criteria apply",
                        "## Country context", "### Political prisoners", "### Torture and impunity",
                        "### Transnational repression against people in a similar situation", "## Sources"] {
            #expect(md.contains("\n" + heading + "\n"), "missing \(heading)")
        }
        #expect(md.contains("- **Name:** Arman Bekov[^"))
        #expect(md.contains("- **Region:** Mangystau[^"))
        #expect(md.contains("- **2 April 2023.** Detained (Aktau).[^"))
        #expect(md.contains("Complaints of torture or ill-treatment: 50 (2023); according to Steppe Watch.[^"))
        #expect(md.contains("**Germany — Surveillance abroad.**"))
        #expect(md.contains("**Turkey — Extradition request.**") || md.contains("**Türkiye — Extradition request.**"))
        #expect(!md.contains("Article 179"), "a charge of an internal case must not show")
    }

    @Test func theUpdateGroupsThePeriodByFreedomAndNamesTheListsChanges() async throws {
        let store = try await ReportFixture.store()
        let md = MarkdownRenderer.render(try await Self.build(.update, store: store))
        let headings = md.split(separator: "\n").filter { $0.hasPrefix("## ") }.map(String.init)
        #expect(headings == ["## Summary", "## Political prisoners", "## Freedom of association", "## Freedom of peaceful assembly",
                             "## Freedom of expression", "## Transnational repression", "## Other events: detention, trials, ill-treatment", "## Sources"])
        #expect(md.contains("### Added\n\n- **Gulnar Ermek**: in pre-trial detention (as of 30 June 2024).[^"))
        #expect(md.contains("### Status changed\n\n- **Dana Ospan**: from in pre-trial detention to convicted and imprisoned"))
        #expect(md.contains("- **Bolat Serik**: from 7 years' imprisonment to 5 years' imprisonment (12 June 2024).[^"))
        #expect(md.contains("**Arman Bekov**: released as of March 2024"))
        #expect(md.contains("- Refusal to allow a peaceful assembly") || md.contains("Assembly notice refused on 8 March 2024 (Almaty)"))
        #expect(md.contains("Fine on 20 February 2024 (Aktau): Gulnar Ermek. Fined for a picket in support of a prisoner.[^"))
        #expect(md.contains("Refusals to allow peaceful assemblies: 12 (2024); according to Steppe Watch.[^"))
        #expect(md.contains("Surveillance in April 2024: Aidana Exile. Followed near her home abroad.[^"))
    }

    @Test func aStatementWithoutAPublicSourceIsLeftOut() {
        var doc = ReportDocument(title: "t", notes: Footnotes(sources: [Synthetic.sourceID: Synthetic.source]))
        let hidden = doc.statement([.text("Only an internal note says this.")], citing: [Citation(source: "src-internal", start: 0, end: 5)])
        #expect(!hidden)
        #expect(doc.blocks.isEmpty)
        let shown = doc.statement([.text("The public report says this.")], citing: [Synthetic.cite(0, 5), Synthetic.cite(3, 9), Synthetic.cite(20, 30)])
        #expect(shown)
        #expect(doc.notes.notes.first?.sources.first?.spans == [[0, 9], [20, 30]])
    }
}
