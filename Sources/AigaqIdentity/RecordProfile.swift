import Foundation
import AigaqCore

/// A record analysed once for comparing: name readings from every form,
/// lone words, and context folded for comparison.
///
/// A class with constant fields: profiles are shared by every pair that
/// compares them, and copying a struct of a dozen strings and sets per pair
/// cost more than the comparison.
final class RecordProfile: Sendable {
    let document: String
    /// Readings with a surname: full names and initials + surname.
    let readings: [NameReading]
    /// Keys of forms written as one word ("Sadykov", "Aidos").
    let loneWords: [String]
    let articles: Set<String>
    let city: String?
    let organisations: Set<String>
    let dates: [DateValue]
    /// Relatives as (first given-name key, surname stem).
    let relatives: [(given: String, stem: String)]
    let birthYear: Int?
    let sentenceMonths: Int?
    let caseNumbers: Set<String>
    let role: PersonRole
    let displayName: String

    /// No reading with both a given name and a surname: a fragment to attach.
    let isFragment: Bool
    /// Lone words that the name-forms file knows variants of.
    let loneWordsWithVariants: [String]

    init(_ record: ResolutionRecord, nameForms: NameForms, cache: KeyCache? = nil) {
        document = record.document
        displayName = record.name
        var readings: [NameReading] = []
        var lone: [String] = []
        for form in record.allForms {
            let name = WrittenName(form, nameForms: nameForms, cache: cache)
            for r in name.readings where !readings.contains(r) { readings.append(r) }
            if let w = name.loneWord, !lone.contains(w) { lone.append(w) }
        }
        // Full readings first: they speak for the record.
        self.readings = readings.filter(\.isFull) + readings.filter { !$0.isFull }
        loneWords = lone
        loneWordsWithVariants = lone.filter { nameForms.hasVariants($0) }
        isFragment = !readings.contains { $0.isFull }
        articles = Set(record.articles.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })
        city = record.city.map { NameFolding.searchKey($0) }.flatMap { $0.isEmpty ? nil : $0 }
        organisations = Set(record.organisations.map { NameFolding.searchKey($0) }.filter { !$0.isEmpty })
        dates = record.dates
        // Only full names: a relative named by surname alone ("his wife
        // Sadykova") would make the person a relative of himself.
        relatives = record.relatives.compactMap { text in
            WrittenName(text, nameForms: nameForms, cache: cache).readings.first(where: \.isFull).map { ($0.given[0], $0.stem) }
        }
        birthYear = record.birthYear
        sentenceMonths = record.sentenceMonths
        caseNumbers = Set(record.caseNumbers.map { NameFolding.searchKey($0) }.filter { !$0.isEmpty })
        role = record.role
    }
}
