/// What a list's section heading says about the people under it. A list's
/// own classification outranks what a paragraph about one person implies
/// (a prisoner whose restricted freedom was later turned into prison time is
/// listed under "convicted").
public enum ListSection {
    /// The status a section heading names, or nil when it names none.
    public static func status(of section: String?) -> PersonStatus? {
        guard let section else { return nil }
        // The top of the path ("CONVICTED / In cases related to …") decides.
        let head = NameFolding.fold(section.split(separator: "/").first.map(String.init) ?? section)
        for (words, status) in keywords where words.contains(where: { head.contains($0) }) {
            return status
        }
        return nil
    }

    /// Checked in order: "house arrest" before "arrest".
    static let keywords: [([String], PersonStatus)] = [
        (["house arrest", "домашн"], .houseArrest),
        (["pre-trial", "pretrial", "pre trial", "under arrest", "detention facilit", "in custody", "сизо", "под стражей", "арестован", "следствен"], .pretrialDetention),
        (["restricted freedom", "restriction of liberty", "ограничени"], .restrictedFreedom),
        (["convicted", "sentenced", "serving", "imprisoned", "осужден", "заключен", "отбыва"], .convictedImprisoned),
    ]
}
