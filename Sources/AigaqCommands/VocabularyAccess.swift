import AigaqCore

/// The bundled vocabulary as the commands use it: labels for output and
/// checks for input.
struct VocabularyAccess: Sendable {
    let vocabulary: Vocabulary

    static func bundled() throws -> VocabularyAccess {
        do {
            return VocabularyAccess(vocabulary: try Vocabulary.bundled())
        } catch {
            throw AigaqError.database(reason: "the bundled vocabulary does not load: \(error.localizedDescription)")
        }
    }

    func articleTitle(code: String, article: String, language: String = "en") -> String? {
        vocabulary.article(code: code, number: article)?.title.text(for: language)
    }

    func statusLabel(_ id: String, language: String = "en") -> String {
        vocabulary.status(id: id)?.label.text(for: language) ?? id.replacingOccurrences(of: "_", with: " ")
    }

    func eventLabel(_ id: String, language: String = "en") -> String {
        vocabulary.eventType(id: id)?.label.text(for: language) ?? id
    }
}
