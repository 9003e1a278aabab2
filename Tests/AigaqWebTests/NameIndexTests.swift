import AigaqCore
import AigaqPublishing
import AigaqSQLite
import AigaqStore
import Foundation
import HummingbirdTesting
import Testing
@testable import AigaqWeb

@Suite("The in-memory index of public names")
struct NameIndexTests {
    static func person(_ id: String, _ names: [String], _ confidentiality: Confidentiality = .public) -> Person {
        Person(id: Person.ID(rawValue: id), names: names.enumerated().map { PersonName($1, kind: $0 == 0 ? .primary : .variant) },
               confidentiality: confidentiality)
    }

    static let persons = [
        person("p-zh", ["Marat Zhylanbayev", "MARAT ZHYLANBAYEV", "Жыланбаев Марат"]),
        person("p-al", ["Алёна Ёлкина"]),
        person("p-sy1", ["Aidar Syzdykov"]),
        person("p-sy2", ["Fazylzhan Syzdykov", "Сыздықов Фазылжан"]),
        person("p-kh", ["Khassenov Yerlan"]),
        person("p-secret", ["Qwertyzhanov Markerbek"], .internal),
    ]

    static func index(_ persons: [Person]) -> NameIndex {
        var builder = NameIndex.Builder()
        for p in persons {
            guard case .person(let pub)? = PublicProjection.project(.person(PersonNames(p).person)) else { continue }
            builder.add(pub)
        }
        return builder.finish()
    }

    static func found(_ index: NameIndex, _ query: String, limit: Int = 10) -> [String] {
        index.search(query, limit: limit).map { index.id(ofPerson: $0).rawValue }
    }

    @Test("finds names in either script, any spelling, whole or begun")
    func scriptsVariantsAndPrefixes() {
        let index = Self.index(Self.persons)
        for (query, id) in [("Жыланбаев", "p-zh"), ("ZHYLANBAYEV", "p-zh"), ("Zhylanbaev", "p-zh"), ("Jylanbayev", "p-zh"),
                            ("жылан", "p-zh"), ("zhyl", "p-zh"), ("marat zhyl", "p-zh"), ("Марат Zhylanbayev", "p-zh"),
                            ("Алена", "p-al"), ("ёлкин", "p-al"), ("Alyona", "p-al"), ("Elkina", "p-al"),
                            ("Сыздықов Фазылжан", "p-sy2"), ("Fazyl", "p-sy2"), ("Khasenov", "p-kh"), ("Хасенов", "p-kh"),
                            ("Hasenov Erlan", "p-kh"), ("Ерлан", "p-kh")] {
            #expect(Self.found(index, query) == [id], "\(query)")
        }
        #expect(Set(Self.found(index, "Syzdykov")) == ["p-sy1", "p-sy2"])
        #expect(Self.found(index, "Aidar Syzdykov") == ["p-sy1"])
        #expect(Self.found(index, "Сыздыков", limit: 1).count == 1)
        #expect(Self.found(index, "").isEmpty)
        #expect(Self.found(index, "  ,, ").isEmpty)
        #expect(Self.found(index, "Zhylanbayev Syzdykov").isEmpty, "all words in one name")
        #expect(Self.found(index, "nobody").isEmpty)
    }

    @Test("whole words rank before words begun")
    func wholeWordsFirst() {
        let index = Self.index([Self.person("p-long", ["Maratbek Aliev"]), Self.person("p-short", ["Marat Aliev"])])
        #expect(Self.found(index, "Marat") == ["p-short", "p-long"])
        #expect(Self.found(index, "Marat", limit: 1) == ["p-short"])
    }

    @Test("labels and ids come back; persons who are not public are not in it")
    func labels() throws {
        let index = Self.index(Self.persons)
        #expect(index.personCount == 5)
        let zh = try #require(index.person("p-zh"))
        #expect(index.label(ofPerson: zh).name == "Marat Zhylanbayev")
        #expect(index.label(ofPerson: zh).cyrillic == "Жыланбаев Марат")
        #expect(index.label(ofPerson: try #require(index.person("p-kh"))).cyrillic == nil)
        #expect(index.person("p-secret") == nil)
        #expect(index.person("p-nobody") == nil)
        #expect(index.person("p-") == nil)
        for id in ["p-al", "p-sy1", "p-sy2", "p-zh", "p-kh"] { #expect(index.person(Person.ID(rawValue: id)).map(index.id(ofPerson:))?.rawValue == id) }
    }

    @Test("a person who is not public is found by no beginning of the name")
    func nonPublicMarker() {
        let index = Self.index(Self.persons)
        let name = "Qwertyzhanov Markerbek"
        for end in name.indices.dropFirst() + [name.endIndex] {
            #expect(!Self.found(index, String(name[..<end]), limit: 100).contains("p-secret"), "\(name[..<end])")
        }
    }

    /// The index finds the same public persons as the store's full-text
    /// search, over every name of the bundled dataset: whole words, their
    /// beginnings, full names, in Latin and in Cyrillic.
    @Test("same persons as the store's search on the bundled dataset")
    func sameAsStoreSearch() async throws {
        let entities = try Fixture.datasetEntities()
        let store = try await Fixture.store(entities)
        let all = entities.compactMap { e -> Person? in if case .person(let p) = e { p } else { nil } }
        let index = Self.index(all)
        let isPublic = Set(all.filter { $0.confidentiality == .public }.map(\.id.rawValue))
        var queries: Set<String> = []
        for p in all {
            for name in p.names {
                queries.insert(name.value)
                for word in name.value.split(separator: " ") {
                    queries.insert(String(word))
                    queries.insert(String(word.prefix(3)))
                    queries.insert(String(word.prefix(5)).uppercased())
                }
            }
        }
        #expect(queries.count > 100)
        let limit = 10_000  // every match: the sets must be equal, not just their first pages
        for query in queries.sorted() {
            let fromStore = try await store.search(query, limit: limit, snippets: false).filter { $0.kind == .person && isPublic.contains($0.id) }
            #expect(Set(Self.found(index, query, limit: limit)) == Set(fromStore.map(\.id)), "\(query)")
        }
    }

    @Test("the site answers from the index, and a person made non-public disappears once the store changes")
    func siteFollowsRevisions() async throws {
        let store = try await Fixture.store(Self.persons.map(Entity.person))
        // No stale views: the index of before the write may not be served at all.
        let site = PublicSite(store: store, vocabulary: try Vocabulary.bundled(), maxStale: .zero)
        await site.checkRevision()  // the revision this site starts from
        #expect(try await site.search("Syzdykov", limit: 10).count == 2, "from the store while the index is built")
        let index = try #require(await site.readyNameIndex())
        #expect(index.person("p-sy1") != nil)
        #expect(try await site.search("Aidar", limit: 10).map(\.id) == ["p-sy1"])
        #expect(try await site.publicLabels(["p-sy1", "p-secret"]).keys.map(\.rawValue) == ["p-sy1"])
        for end in ["Q", "Qwe", "qwertyzhanov", "Qwertyzhanov Markerbek", "Кверти"] {
            #expect(try await site.search(end, limit: 100).allSatisfy { $0.id != "p-secret" })
        }

        // Another process makes p-sy1 internal and renames p-sy2.
        var it = [Entity.person(Self.person("p-sy1", ["Aidar Syzdykov"], .internal)),
                  .person(Self.person("p-sy2", ["Fazylzhan Nurgaliyev"]))].makeIterator()
        _ = try await store.importEntities(actor: "test") { it.next() }
        #expect(await site.checkRevision())
        #expect(site.nameIndex() == nil, "the old index is not used")
        #expect(try await site.search("Aidar", limit: 10).isEmpty, "from the store meanwhile")
        #expect(try await site.publicLabels(["p-sy1"]).isEmpty)
        let rebuilt = try #require(await site.readyNameIndex())
        #expect(rebuilt.person("p-sy1") == nil)
        #expect(try await site.search("Aidar", limit: 10).isEmpty)
        #expect(try await site.search("Syzdykov", limit: 10).isEmpty)
        #expect(try await site.search("Нургалиев", limit: 10).map(\.id) == ["p-sy2"])
        #expect(try await site.publicLabels(["p-sy1", "p-sy2"]).keys.map(\.rawValue) == ["p-sy2"])
    }

    @Test("search pages show the same hits from the index as from the store")
    func pagesFromIndexAndStore() async throws {
        let store = try await Fixture.demoStore()
        let queries = ["Zhylanbayev", "Жыланбаев", "zhyl", "Marat", "Нур", "Almaty", "hunger strike", "a"]
        let site = PublicSite(store: store, vocabulary: try Vocabulary.bundled())
        var before: [String: [String]] = [:]
        for q in queries { before[q] = try await site.search(q, limit: 30).filter { $0.kind != .person }.map(\.id) }
        _ = try #require(await site.readyNameIndex())
        for q in queries {
            let hits = try await site.search(q, limit: 30)
            #expect(hits.filter { $0.kind != .person }.map(\.id) == before[q], "events and sources for \(q)")
            for h in hits where h.kind == .person {
                let label = try #require(try await site.publicLabel(Person.ID(rawValue: h.id)))
                #expect(h.title == label.name && h.detail == label.cyrillic && h.person?.rawValue == h.id)
            }
        }
        #expect(try await site.search("Zhylanbayev", limit: 30).first?.id == "p-zhylanbayev-marat")
    }
}
