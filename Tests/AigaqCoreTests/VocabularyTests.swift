import Foundation
import Testing
import AigaqCore

/// The article numbers the five reports in the shared corpus cite, per code.
/// Numbers only: the titles live in the vocabulary.
enum CorpusArticles {
    static let criminalCode2014 = [
        "106", "120", "130", "146", "174", "179", "180", "182", "189", "190", "191", "194", "200", "216", "218",
        "245", "250", "256", "258", "262", "264", "265", "266", "269", "272", "274", "287", "296", "297", "367",
        "380", "380-1", "392", "400", "405", "419", "428",
    ]
    static let criminalCode1997 = ["164", "170", "176", "177", "235", "241", "311"]
    static let administrativeCode = ["456-2", "489"]

    static var all: [(code: String, number: String)] {
        criminalCode2014.map { ("KZ-CC-2014", $0) } + criminalCode1997.map { ("KZ-CC-1997", $0) }
            + administrativeCode.map { ("KZ-CAO", $0) }
    }
}

@Suite struct BundledVocabularyTests {
    let vocabulary: Vocabulary

    init() throws { vocabulary = try Vocabulary.bundled() }

    @Test func bundleLoadsQuickly() throws {
        let directory = try #require(Vocabulary.bundledDirectory)
        let start = ContinuousClock.now
        let fresh = try Vocabulary.load(from: directory)
        let elapsed = ContinuousClock.now - start
        #expect(fresh.articles.count == vocabulary.articles.count)
        #expect(elapsed < .seconds(1), "loading the vocabulary took \(elapsed)")
    }

    @Test func bundledIsLoadedOnceAndShared() throws {
        #expect(try Vocabulary.bundled().articles == vocabulary.articles)
    }

    @Test func hasTheThreeCodes() {
        #expect(vocabulary.codes.map(\.id).sorted() == ["KZ-CAO", "KZ-CC-1997", "KZ-CC-2014"])
        #expect(vocabulary.code(id: "KZ-CC-2014")?.adopted == 2014)
    }

    @Test func article405HasBothTitlesAndParts() throws {
        let article = try #require(vocabulary.article(code: "KZ-CC-2014", number: "405"))
        #expect(article.id == "kz-cc-405")
        #expect(article.dissent)
        #expect(article.title.en.hasPrefix("Organisation of or participation in the activity of a public or religious association"))
        #expect(article.title.ru.hasPrefix("Организация и участие в деятельности общественного или религиозного объединения"))
        #expect(article.parts.map(\.part) == ["1", "2"])
        #expect(vocabulary.article(id: "kz-cc-405") == article)
    }

    @Test(arguments: [
        ("174", "Incitement of social, national, tribal, racial, class or religious discord",
         "Возбуждение социальной, национальной, родовой, расовой, сословной или религиозной розни"),
        ("272", "Mass riots", "Массовые беспорядки"),
        ("274", "Dissemination of knowingly false information", "Распространение заведомо ложной информации"),
        ("256", "Propaganda of terrorism or public calls to commit a terrorist act",
         "Пропаганда терроризма или публичные призывы к совершению акта терроризма"),
        ("380", "Use of violence against a representative of authority",
         "Применение насилия в отношении представителя власти"),
    ])
    func dissentArticleTitles(number: String, en: String, ru: String) throws {
        let article = try #require(vocabulary.article(code: "KZ-CC-2014", number: number))
        #expect(article.title.en == en)
        #expect(article.title.ru == ru)
        #expect(article.dissent)
    }

    @Test func olderAndAdministrativeCodes() throws {
        #expect(vocabulary.article(code: "KZ-CC-1997", number: "164")?.title.ru.hasPrefix("Возбуждение") == true)
        #expect(vocabulary.article(code: "KZ-CC-1997", number: "241")?.title.en == "Mass riots")
        #expect(vocabulary.article(code: "KZ-CAO", number: "489")?.id == "kz-cao-489")
        #expect(vocabulary.article(code: "KZ-CAO", number: "488")?.dissent == true)
    }

    @Test(arguments: CorpusArticles.all)
    func everyArticleCitedInTheCorpusIsPresent(code: String, number: String) throws {
        let article = try #require(vocabulary.article(code: code, number: number), "\(code) article \(number) is missing")
        #expect(!article.title.en.isEmpty && !article.title.ru.isEmpty)
        #expect(article.code == code)
    }

    @Test func articleNumbersAreNormalised() {
        #expect(vocabulary.article(code: "KZ-CC-2014", number: " 380.1 ")?.id == "kz-cc-380-1")
        #expect(vocabulary.article(code: "KZ-CC-2014", number: "9999") == nil)
        #expect(vocabulary.article(code: "XX", number: "405") == nil)
    }

    @Test func articleIDsFollowTheirCode() {
        for article in vocabulary.articles {
            let code = vocabulary.code(id: article.code)
            #expect(code != nil)
            #expect(article.id == (code?.idPrefix ?? "") + article.article.lowercased())
        }
    }

    @Test func everyPersonStatusIsDefinedWithMatchingLiberty() throws {
        let ids = ["convicted_imprisoned", "pretrial_detention", "house_arrest", "restricted_freedom",
                   "suspended_sentence", "fined", "under_investigation", "released", "abroad", "deceased", "unknown"]
        #expect(vocabulary.statuses.map(\.id) == ids)
        for status in PersonStatus.allCases {
            let definition = try #require(vocabulary.status(status))
            #expect(definition.deprivedOfLiberty == status.isDeprivedOfLiberty, "\(status)")
            #expect(definition.label.kk != nil)
        }
    }

    @Test func fivePACECriteriaAndTheDecisions() {
        #expect(vocabulary.criteria.count == 5)
        #expect(vocabulary.criteria.map(\.letter) == ["a", "b", "c", "d", "e"])
        for criterion in vocabulary.criteria {
            #expect(!criterion.text.en.isEmpty && !criterion.text.ru.isEmpty)
        }
        #expect(Set(vocabulary.decisions.map(\.id)) == Set(Assessment.Decision.allCases.map(\.rawValue)))
    }

    @Test func eventTypesOfTheDesignArePresent() throws {
        let ids = [
            "detention", "house-arrest", "pretrial-detention", "charge", "trial-start", "verdict", "appeal-decision",
            "parole", "release", "amnesty", "transfer", "hunger-strike", "self-harm", "torture-allegation",
            "solitary-confinement", "denial-of-medical-care", "psychiatric-confinement", "account-freeze",
            "financing-list-inclusion", "travel-ban", "search", "device-seizure", "surveillance", "assault",
            "killing", "death-in-custody", "extradition-request", "interpol-notice", "legal-assistance-request",
            "slapp", "asylum-decision", "smear-campaign", "assembly-notice-refused", "detention-at-assembly",
            "fine", "administrative-arrest", "registration-refused", "organisation-banned", "intervention",
        ]
        for id in ids {
            let type = try #require(vocabulary.eventType(id: id), "event type \(id) is missing")
            #expect(type.label.kk != nil)
        }
    }

    @Test func extendsInheritsCategoryAndAttributes() throws {
        let atAssembly = try #require(vocabulary.eventType(id: "detention-at-assembly"))
        #expect(atAssembly.category == .assembly)
        #expect(atAssembly.freedom == .assembly)
        #expect(atAssembly.attribute(id: "authority")?.type == .organisation)
        #expect(atAssembly.attribute(id: "assembly") != nil)
        let parole = try #require(vocabulary.eventType(id: "parole"))
        #expect(parole.category == .deprivationOfLiberty)
        #expect(parole.attributes.map(\.id) == ["reason", "court"])
    }

    @Test func tacticsOccupationsAndRoles() {
        #expect(vocabulary.tactics.count >= 10)
        for tactic in vocabulary.tactics {
            #expect(tactic.label.kk != nil)
            if let type = tactic.eventType { #expect(vocabulary.eventType(id: type) != nil) }
        }
        for id in ["activist", "journalist", "blogger", "human-rights-defender", "lawyer", "trade-unionist",
                   "pensioner", "politician", "civic-activist", "religious-believer", "poet", "oil-worker"] {
            #expect(vocabulary.occupation(id: id)?.label.kk != nil, "occupation \(id)")
        }
        for id in ["defendant", "suspect", "witness", "witness-with-right-of-defence", "victim", "judge",
                   "prosecutor", "investigator", "lawyer"] {
            #expect(vocabulary.caseRole(id: id) != nil, "case role \(id)")
        }
        for id in ["victim", "perpetrator", "witness", "intervening-party"] {
            #expect(vocabulary.eventRole(id: id) != nil, "event role \(id)")
        }
    }

    @Test func otherBundledFilesAreReachable() {
        #expect(Vocabulary.resourceURL(named: "statuses.yaml") != nil)
        #expect(Vocabulary.resourceURL(named: "no-such-file.yaml") == nil)
    }
}

@Suite struct LocalizedLabelTests {
    @Test func fallsBackToEnglish() {
        let label = LocalizedLabel(en: "Detention", ru: "Задержание")
        #expect(label.text(for: "ru") == "Задержание")
        #expect(label.text(for: "ru-KZ") == "Задержание")
        #expect(label.text(for: "kk") == "Detention")
        #expect(label.text(for: "de") == "Detention")
        #expect(LocalizedLabel(en: "Detention", ru: "Задержание", kk: "Ұстау").text(for: "kk") == "Ұстау")
    }
}

/// Bad vocabulary folders: a copy of the bundle plus or minus one file.
@Suite struct VocabularyErrorTests {
    /// A temporary copy of the bundled folder, with `files` added (name → text).
    func folder(adding files: [String: String] = [:], removing: [String] = []) throws -> URL {
        let source = try #require(Vocabulary.bundledDirectory)
        let target = FileManager.default.temporaryDirectory
            .appendingPathComponent("vocabulary-test-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: target)
        for name in removing { try FileManager.default.removeItem(at: target.appendingPathComponent(name)) }
        for (name, text) in files {
            try Data(text.utf8).write(to: target.appendingPathComponent(name))
        }
        return target
    }

    func loadError(_ directory: URL) -> VocabularyError? {
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            _ = try Vocabulary.load(from: directory)
            return nil
        } catch {
            return error
        }
    }

    @Test func aCopyOfTheBundleLoads() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try Vocabulary.load(from: directory).articles.count == Vocabulary.bundled().articles.count)
    }

    @Test func malformedYAMLNamesFileAndLine() throws {
        let error = try #require(loadError(folder(adding: ["broken.yaml": """
            event_types:
              - id: rally
                label: {en: Rally, ru: Митинг, kk: Митинг
                category: assembly
            """])))
        guard case let .syntax(file, line, _) = error else { Issue.record("got \(error)"); return }
        #expect(file == "broken.yaml")
        #expect(line != nil)
        #expect(error.message.hasPrefix("broken.yaml:"))
    }

    @Test func duplicateIDAcrossFilesNamesBothFiles() throws {
        let error = try #require(loadError(folder(adding: ["zz-extra-articles.yaml": """
            code:
              id: KZ-CC-EXTRA
              label: {en: Extra, ru: Дополнительно}
              country: KZ
              adopted: 2014
              id_prefix: kz-cc-
            articles:
              - id: kz-cc-405
                article: "405"
                title: {en: Again, ru: Снова}
                dissent: true
            """])))
        #expect(error == .duplicateID(file: "zz-extra-articles.yaml", line: 8, kind: "article", id: "kz-cc-405",
                                      firstFile: "criminal-code-kz-2014.yaml"))
        #expect(error.message.contains("criminal-code-kz-2014.yaml"))
    }

    @Test func duplicateIDWithinAFile() throws {
        let error = try #require(loadError(folder(adding: ["dup.yaml": """
            occupations:
              - {id: miner, label: {en: Miner, ru: Шахтёр, kk: Кенші}}
              - {id: miner, label: {en: Miner, ru: Шахтёр, kk: Кенші}}
            """])))
        guard case let .duplicateID(file, _, kind, id, firstFile) = error else { Issue.record("got \(error)"); return }
        #expect(file == "dup.yaml" && firstFile == "dup.yaml" && kind == "occupation" && id == "miner")
    }

    @Test func aBanKindNeedsItsWordsAndANewOneIsTriedInFileOrder() throws {
        let error = try #require(loadError(folder(adding: ["zz-bans.yaml": """
            bans:
              - {id: hunting, label: {en: hunting, ru: охота, kk: аң аулау}}
            """])))
        guard case let .missingField(file, _, entry, field) = error else { Issue.record("got \(error)"); return }
        #expect(file == "zz-bans.yaml" && entry == "ban hunting" && field == "words")

        let vocabulary = try Vocabulary.load(from: folder(adding: ["zz-bans.yaml": """
            bans:
              - {id: hunting, label: {en: hunting, ru: охота, kk: аң аулау}, words: ["hunting", "Охот"]}
            """]))
        #expect(vocabulary.banKind(of: "banned from hunting for three years") == "hunting")
        #expect(vocabulary.banKind(of: "запрет на охоту") == "hunting")
        #expect(vocabulary.banKind(of: "banned from using social networks") == "social-networks")
    }

    @Test func missingFieldNamesTheEntry() throws {
        let error = try #require(loadError(folder(adding: ["missing.yaml": """
            event_types:
              - id: rally-dispersal
                label: {en: Dispersal of a rally, ru: Разгон митинга, kk: Митингті тарату}
            """])))
        #expect(error == .missingField(file: "missing.yaml", line: 2, entry: "event type rally-dispersal", field: "category"))
    }

    @Test func missingKazakhLabelIsAMissingField() throws {
        let error = try #require(loadError(folder(adding: ["nokk.yaml": """
            statuses:
              - id: in_hiding
                label: {en: In hiding, ru: Скрывается}
                deprived_of_liberty: false
            """])))
        guard case let .missingField(file, _, entry, field) = error else { Issue.record("got \(error)"); return }
        #expect(file == "nokk.yaml" && entry == "status in_hiding, label" && field == "kk")
    }

    @Test func unknownExtendsNamesTheReference() throws {
        let error = try #require(loadError(folder(adding: ["extends.yaml": """
            event_types:
              - id: kettling
                extends: containment
                label: {en: Kettling, ru: Оцепление, kk: Қоршау}
            """])))
        #expect(error == .unknownReference(file: "extends.yaml", line: 3, entry: "event type kettling",
                                           field: "extends", id: "containment"))
    }

    @Test func extendsLoopIsRejected() throws {
        let error = try #require(loadError(folder(adding: ["loop.yaml": """
            event_types:
              - {id: loop-a, extends: loop-b, label: {en: A, ru: А, kk: А}}
              - {id: loop-b, extends: loop-a, label: {en: B, ru: Б, kk: Б}}
            """])))
        guard case let .unknownReference(file, _, _, field, _) = error else { Issue.record("got \(error)"); return }
        #expect(file == "loop.yaml" && field == "extends")
    }

    @Test func unknownFieldIsATypo() throws {
        let error = try #require(loadError(folder(adding: ["typo.yaml": """
            tactics:
              - id: exit-visa
                label: {en: Exit ban, ru: Запрет выезда, kk: Шығуға тыйым}
                descripton: {en: x, ru: x}
            """])))
        guard case let .unknownKey(file, _, _, key) = error else { Issue.record("got \(error)"); return }
        #expect(file == "typo.yaml" && key == "descripton")
    }

    @Test func articleIDMustMatchCodeAndNumber() throws {
        let error = try #require(loadError(folder(adding: ["mismatch.yaml": """
            code:
              id: KZ-TEST
              label: {en: Test, ru: Тест}
              country: KZ
              adopted: 2020
              id_prefix: kz-test-
            articles:
              - id: kz-test-12
                article: "13"
                title: {en: T, ru: Т}
                dissent: false
            """])))
        guard case let .invalidID(file, _, kind, id, _) = error else { Issue.record("got \(error)"); return }
        #expect(file == "mismatch.yaml" && kind == "article" && id == "kz-test-12")
    }

    @Test func invalidIDIsRejected() throws {
        let error = try #require(loadError(folder(adding: ["badid.yaml": """
            occupations:
              - {id: Human Rights, label: {en: x, ru: x, kk: x}}
            """])))
        guard case let .invalidID(file, line, kind, _, _) = error else { Issue.record("got \(error)"); return }
        #expect(file == "badid.yaml" && line == 2 && kind == "occupation")
    }

    @Test func wrongValueTypeIsRejected() throws {
        let error = try #require(loadError(folder(adding: ["badbool.yaml": """
            statuses:
              - id: in_hiding
                label: {en: In hiding, ru: Скрывается, kk: Жасырынып жүр}
                deprived_of_liberty: maybe
            """])))
        #expect(error.file == "badbool.yaml")
        #expect(error.message.contains("deprived_of_liberty"))
    }

    @Test func unknownTacticEventTypeIsRejected() throws {
        let error = try #require(loadError(folder(adding: ["tactic.yaml": """
            tactics:
              - id: exit-ban
                label: {en: Exit ban, ru: Запрет выезда, kk: Шығуға тыйым}
                description: {en: x, ru: x}
                event_type: no-such-type
            """])))
        guard case let .unknownReference(file, _, _, field, id) = error else { Issue.record("got \(error)"); return }
        #expect(file == "tactic.yaml" && field == "event_type" && id == "no-such-type")
    }

    @Test func aMissingSectionIsReported() throws {
        let error = try #require(loadError(folder(removing: ["statuses.yaml"])))
        guard case let .missingSection(section, _) = error else { Issue.record("got \(error)"); return }
        #expect(section == "statuses")
    }

    @Test func filesOfOtherModulesAreLeftAlone() throws {
        let directory = try folder(adding: ["name-forms-test.yaml": "patronymic_suffixes: [ovich, evich]\n"])
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try Vocabulary.load(from: directory)
    }

    @Test func aFieldGivenTwiceIsRejected() throws {
        let error = try #require(loadError(folder(adding: ["twice.yaml": """
            occupations:
              - id: miner
                label: {en: Miner, ru: Шахтёр, kk: Кенші}
                label: {en: Coal miner, ru: Шахтёр, kk: Кенші}
            """])))
        guard case let .syntax(file, line, reason) = error else { Issue.record("got \(error)"); return }
        #expect(file == "twice.yaml" && line != nil && reason.contains("label"))
    }

    @Test func occupationLoopIsRejected() throws {
        let error = try #require(loadError(folder(adding: ["occloop.yaml": """
            occupations:
              - {id: occ-a, extends: occ-b, label: {en: A, ru: А, kk: А}}
              - {id: occ-b, extends: occ-a, label: {en: B, ru: Б, kk: Б}}
            """])))
        guard case let .unknownReference(file, _, _, field, _) = error else { Issue.record("got \(error)"); return }
        #expect(file == "occloop.yaml" && field == "extends")
    }

    @Test func errorsConvertToBadInput() {
        let error = VocabularyError.missingField(file: "x.yaml", line: 3, entry: "status a", field: "label")
        #expect(error.aigaqError == .badInput(file: "x.yaml", line: 3, reason: "status a: missing required field 'label'"))
        #expect(error.localizedDescription == "x.yaml:3: status a: missing required field 'label'")
    }
}

@Suite struct ChargeCodingTests {
    @Test func theCodeFollowsTheCaseDateAndTheVocabulary() throws {
        let v = try Vocabulary.bundled()
        // Decided in 2012: the 1997 Code.
        #expect(ChargeCoding.code("KZ-CC-2014", article: "241", caseDate: DateValue("2012-10"), vocabulary: v) == "KZ-CC-1997")
        // No date, but only the 1997 Code has the article.
        #expect(ChargeCoding.code("KZ-CC-2014", article: "176", caseDate: nil, vocabulary: v) == "KZ-CC-1997")
        // A 2023 case under article 405 stays under the 2014 Code.
        #expect(ChargeCoding.code("KZ-CC-2014", article: "405", caseDate: DateValue("2023-11-29"), vocabulary: v) == "KZ-CC-2014")
        #expect(ChargeCoding.code("KZ-CAO", article: "488", caseDate: DateValue("2010"), vocabulary: v) == "KZ-CAO")
    }
}

extension ChargeCodingTests {
    @Test func anOldDateDoesNotMoveAnArticleThe1997CodeLacks() throws {
        #expect(ChargeCoding.code("KZ-CC-2014", article: "405", caseDate: DateValue("2012"), vocabulary: try Vocabulary.bundled()) == "KZ-CC-2014")
    }
}
