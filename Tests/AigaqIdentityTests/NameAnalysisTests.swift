import AigaqCore
@testable import AigaqIdentity
import Testing

@Suite struct NameAnalysisTests {
    func reading(_ text: String) throws -> NameReading {
        try #require(WrittenName(text, nameForms: bundledNameForms).readings.first)
    }

    @Test(arguments: [
        ("Marat Zhylanbayev", "marat", "zhilanbaev"),
        ("ZHYLANBAYEV Marat", "marat", "zhilanbaev"),
        ("Marat ZHYLANBAYEV", "marat", "zhilanbaev"),
        ("Жыланбаев Марат", "marat", "zhilanbaev"),
        ("Жыланбаев Марат Кайратович", "marat", "zhilanbaev"),
        ("Марат Кайратович Жыланбаев", "marat", "zhilanbaev"),
        ("Sultanbek Kairat", "kairat", "sultanbek"),
    ])
    func givenNameAndSurnameInAnyOrder(text: String, given: String, surname: String) throws {
        let r = try reading(text)
        #expect(r.given.first == given)
        #expect(r.surname == surname)
    }

    @Test func patronymicIsKeptApart() throws {
        let r = try reading("Жыланбаев Марат Кайратович")
        #expect(r.patronymic == "kairatovich")
        #expect(r.given == ["marat"])
    }

    @Test func initialsAreInitialsNotGivenNames() throws {
        let r = try reading("M. Ablyazov")
        #expect(r.given.isEmpty)
        #expect(r.initials == ["m"])
        #expect(r.surname == "abliazov")
        let cyr = try reading("М.К. Абдуллаев")
        #expect(cyr.initials == ["m", "k"])
    }

    @Test func particlesBelongToTheSurname() throws {
        let r = try reading("Fionnuala Ní Aoláin")
        #expect(r.given == ["fionuala"])
        #expect(r.surname == "niaolain")
    }

    @Test func aNameOfOneWordIsALoneWord() {
        let name = WrittenName("Sadykov", nameForms: bundledNameForms)
        #expect(name.readings.isEmpty)
        #expect(name.loneWord == "sadikov")
    }

    @Test func unclearOrderKeepsBothReadings() {
        let name = WrittenName("Zhuldyz Akbota", nameForms: .empty)
        #expect(name.readings.count == 2)
    }

    @Test(arguments: [
        ("Zhylanbayev", "Zhylanbaev"), ("Zhylanbayev", "Жыланбаев"), ("ZHYLANBAYEV", "Zhylanbaev"),
        ("Yensebek", "ENSEBEK"), ("Khassenov", "Khasenov"), ("Mendygaziyev", "Mendygazyev"),
        ("Kaziev", "Kaziyev"), ("Viktor", "Victor"), ("Kassym-Zhomart", "Kasym-Jomart"), ("Dzhumaev", "Jumaev"),
        ("Qasymov", "Kasymov"), ("Leila", "Leyla"), ("Yevgeniy", "Evgeniy"), ("Нурлан", "Nurlan"),
    ])
    func spellingVariantsShareAKey(a: String, b: String) {
        #expect(NameKeys.surname(fromWordKey: NameKeys.word(a)) == NameKeys.surname(fromWordKey: NameKeys.word(b)))
    }

    @Test(arguments: [("Khrapunova", "Khrapunov"), ("Жаулибаева", "Жаулибаев"), ("Ивановой", "Иванов"), ("Ivanovym", "Ivanov")])
    func feminineAndCaseEndingsShareAStem(a: String, b: String) {
        func stem(_ s: String) -> String { NameKeys.stem(ofSurname: NameKeys.surname(fromWordKey: NameKeys.word(s))) }
        #expect(stem(a) == stem(b))
    }

    @Test func differentSurnamesKeepDifferentKeys() {
        #expect(NameKeys.word("Khasenov") != NameKeys.word("Kasenov"))
        #expect(NameKeys.word("Ibrayev") == NameKeys.word("Ibraev"))
        #expect(NameKeys.word("Eleusinov") != NameKeys.word("Eleusizov"))
    }
}

@Suite struct NameFormsTests {
    @Test func bundledFileHasShortForms() {
        #expect(bundledNameForms.areVariants(NameKeys.given("Bota"), NameKeys.given("Botagoz")))
        #expect(bundledNameForms.areVariants(NameKeys.given("Бота"), NameKeys.given("Botagoz")))
        #expect(!bundledNameForms.areVariants(NameKeys.given("Aidar"), NameKeys.given("Aidos")))
        #expect(bundledNameForms.isKnownGivenName(NameKeys.given("Marat")))
    }

    @Test func parsesGroupsAndGivenNames() throws {
        let forms = try NameForms(yaml: """
        # a comment
        variants:
          - [Alpha, Al]   # trailing comment
          - "Beta, Be"
        given:
          - Gamma
          - [Delta, Epsilon]
        """)
        let key = NameKeys.given
        #expect(forms.areVariants(key("Alpha"), key("Al")))
        #expect(forms.areVariants(key("Beta"), key("Be")))
        #expect(!forms.areVariants(key("Alpha"), key("Be")))
        #expect(forms.isKnownGivenName(key("Gamma")) && forms.isKnownGivenName(key("Epsilon")))
        #expect(forms.groupKey(key("Al")) == key("Alpha"))
    }

    @Test func rejectsWhatItCannotRead() {
        #expect(throws: NameFormsError.self) { try NameForms(yaml: "nicknames:\n  - [A, B]\n") }
        #expect(throws: NameFormsError.self) { try NameForms(yaml: "variants:\n  - [Lonely]\n") }
    }
}

@Suite struct FastKeyTests {
    @Test(arguments: [
        "Zhylanbayev", "ZHYLANBAYEV", "Жыланбаев", "ЖАУЛИБАЕВ", "Kassym-Zhomart", "Kasym-Jomart", "O'Brien", "Khrapunova",
        "Yensebek", "Dzhakishev", "Shchukin", "Щукин", "Қасымов", "ҚАСЫМОВ", "Өтеген", "Ұлан", "Үміт", "Әлия", "Ғалым",
        "Іргебаев", "Ёлкин", "Yevgeniy", "Maxim", "Philipp", "Ayaz", "Saiyev", "Mukhtar", "Ablyazov", "Kuanyshuly",
        "Ni", "Sauytbai", "Nurzhaubay", "Mendygaziyev", "a.b", "Zhan-Aidar", "Tatyana", "Yuliya", "Yolkin", "Wladimir",
    ])
    func fastKeyAgreesWithCore(word: String) {
        #expect(FastKey.key(word) == NameFolding.searchKeys(word).joined())
    }

    @Test func accentedLatinGoesToCore() {
        #expect(FastKey.key("Aoláin") == nil)
        #expect(NameKeys.word("Aoláin") == "aolain")
    }
}

@Suite struct SurnameLikePatronymicTests {
    @Test func aVichSurnameWithOnlyAGivenNameIsASurname() throws {
        let r = try #require(WrittenName("Tatiana Paraskevich", nameForms: bundledNameForms).readings.first)
        #expect(r.surname == "paraskevich")
        #expect(r.patronymic.isEmpty)
    }
}

@Suite struct DistanceTests {
    @Test(arguments: [
        ("zhaulibaev", "zhauilbaev", true), ("sizdikov", "sidikov", true), ("muhametkarim", "muhamedkarim", true),
        ("abc", "abc", true), ("abcd", "abdc", true), ("abcd", "bacd", true), ("abcd", "abce", true), ("abcd", "abcde", true),
        ("abcd", "xbcd", true), ("abcd", "badc", false), ("abcd", "ab", false), ("eleusinov", "eleusizov", true),
        ("hasenov", "kasenov", true), ("abishev", "nurzhaubai", false), ("abcde", "acbed", false),
    ])
    func withinOneEditAgreesWithDamerau(a: String, b: String, expected: Bool) {
        #expect(Distance.withinOneEdit(a, b) == expected)
        #expect((Distance.damerau(a, b, limit: 1) <= 1) == expected)
    }

    @Test func transpositions() {
        #expect(Distance.isTransposition("barlik", "barilk"))
        #expect(!Distance.isTransposition("barlik", "kalik"))
        #expect(!Distance.isTransposition("abcd", "abcd"))
        #expect(!Distance.isTransposition("abcd", "badc"))
    }
}

@Suite struct KeyCacheTests {
    @Test(arguments: ["Victor", "Aoláin", "Жыланбаев", "Kassym-Zhomart"])
    func cachedKeysEqualDirectKeys(word: String) {
        let cache = KeyCache()
        #expect(cache.key(word) == NameKeys.word(word))
        #expect(cache.key(word) == NameKeys.word(word))
    }
}
