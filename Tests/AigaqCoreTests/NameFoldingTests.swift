import AigaqCore
import Testing

@Suite struct NameFoldingTests {
    @Test(arguments: [
        ("Жыланбаев", "Zhylanbayev"), ("ZHYLANBAYEV", "Zhylanbayev"), ("Жыланбаев", "ZHYLANBAYEV"),
        ("Temirlan Yensebek", "Temirlan Ensebek"), ("Khassenov", "Khasenov"), ("Хасенов", "Khasenov"),
        ("Dzhakishev", "Jakishev"), ("Qairat", "Kairat"), ("Aliyev", "Aliev"), ("Алиев", "Aliyev"),
        ("Сейтқалиева", "Seitkalieva"), ("Нұрлан", "Nurlan"), ("Фёдор", "Fyodor"), ("Алёна", "Alyona"),
    ])
    func spellingVariantsShareASearchKey(_ a: String, _ b: String) {
        #expect(NameFolding.searchKey(a) == NameFolding.searchKey(b))
    }

    @Test(arguments: [("Aidar Syzdykov", "Fazylzhan Syzdykov"), ("Marat", "Murat"), ("Бота", "Бата")])
    func differentNamesKeepDifferentKeys(_ a: String, _ b: String) {
        #expect(NameFolding.searchKey(a) != NameFolding.searchKey(b))
    }

    @Test func foldKeepsScriptAndMergesYoWithYe() {
        #expect(NameFolding.fold("Осуждён  ЁЛКИН") == "осужден елкин")
        #expect(NameFolding.fold("Йошкар") == "йошкар")  // й is a letter, not и with a mark
        #expect(NameFolding.fold("Çağrı Ünal") == "cagri unal")
    }

    @Test(arguments: [
        ("ә ғ қ ң ө ұ ү һ і", "a g k n o u u h i"),
        ("Жыланбаев", "zhylanbaev"), ("Щукин", "shchukin"), ("Юлия Цой", "yuliya tsoy"),
        ("Подъячев", "podyachev"), ("Mixed Жас", "mixed zhas"),
    ])
    func cyrillicTransliteratesToLatin(_ cyrillic: String, _ latin: String) {
        #expect(NameFolding.latin(cyrillic) == latin)
    }

    @Test func hyphenatedGivenNamesStayOneWord() {
        #expect(NameFolding.searchKeys("Zhan-Aidar Ospanov") == ["zhanaidar", "ospanov"])
        #expect(NameFolding.searchKeys("O’Brien, Jr.") == ["obrien", "zhr"])
    }
}
