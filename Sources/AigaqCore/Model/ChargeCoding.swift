/// Which Code a charge belongs to when a report names only "Article N".
///
/// Reports rarely say which Criminal Code they mean. The 2014 Code took
/// effect on 1 January 2015, so a case detained or decided before then was
/// under the 1997 Code; and an article that only the 1997 Code has is from it.
public enum ChargeCoding {
    public static func code(_ code: String, article: String, caseDate: DateValue?, vocabulary: Vocabulary?) -> String {
        guard code == "KZ-CC-2014" else { return code }
        // An old date only moves the charge when the 1997 Code has such an article
        // (a date may belong to an earlier case of the same person).
        let in1997 = vocabulary.map { $0.article(code: "KZ-CC-1997", number: article) != nil } ?? true
        let in2014 = vocabulary.map { $0.article(code: "KZ-CC-2014", number: article) != nil } ?? true
        if let caseDate, caseDate.latestKey < 20150101, in1997 { return "KZ-CC-1997" }
        if !in2014 && in1997 { return "KZ-CC-1997" }
        return code
    }
}
