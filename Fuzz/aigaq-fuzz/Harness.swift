// libFuzzer harness: built only with AIGAQ_FUZZ=1 (see Package.swift and
// scripts/fuzz), never by `swift build` or `swift test`.
//
// One executable, several targets, chosen by AIGAQ_FUZZ_TARGET:
//   extract   readers (txt, md, html, docx) and every recogniser, through Extractor
//   jsonl     the open data importer: JSONL reader, validation, import into a store
//   search    the search query parser (SearchPattern) and the FTS5 queries it makes
//   sealed    the stored-form parser and the sealing codec, on tampered stored records
@testable import AigaqCommands
import AigaqCore
import AigaqExtraction
@testable import AigaqSQLite
@testable import AigaqStore
import Foundation

nonisolated(unsafe) private var target = "extract"
nonisolated(unsafe) private var store: SQLiteStore?
nonisolated(unsafe) private var vocabulary: Vocabulary?
nonisolated(unsafe) private let codec = SealingCodec(state: .open(Sealer.newDataKey(version: 1)))
nonisolated(unsafe) private let lockedCodec = SealingCodec(state: .locked(masterFingerprint: "0000000000000000"))

/// libFuzzer's entry for programs that bring their own `main` (SwiftPM
/// gives every executable one).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

@main struct FuzzMain {
    static func main() {
        target = ProcessInfo.processInfo.environment["AIGAQ_FUZZ_TARGET"] ?? "extract"
        store = try! SQLiteStore()
        vocabulary = try! VocabularyAccess.bundled().vocabulary
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzz))
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    guard let start else { return 0 }
    let data = Data(bytes: start, count: count)
    switch target {
    case "extract": fuzzExtract(data)
    case "jsonl": fuzzJSONL(data)
    case "search": fuzzSearch(data)
    case "sealed": fuzzSealed(data)
    default: fatalError("unknown AIGAQ_FUZZ_TARGET \(target)")
    }
    return 0
}

/// The first byte picks the reader; the rest is the document.
private func fuzzExtract(_ data: Data) {
    guard let first = data.first else { return }
    let names = ["r.txt", "r.md", "r.html", "r.docx", "r"]
    let name = names[Int(first) % names.count]
    do {
        let r = try Extractor.extract(data: Data(data.dropFirst()), fileName: name)
        let n = r.document.text.utf8.count
        for p in r.extraction.persons {
            let spans = p.mentions.map { ($0.start, $0.end) } + p.evidence.map { ($0.start, $0.end) }
            for (start, end) in spans where !(0 <= start && start <= end && end <= n) {
                fatalError("span \(start)..<\(end) outside a text of \(n) bytes")
            }
        }
    } catch is AigaqError {
        // A clear refusal is the right answer to bad input.
    } catch is ExtractionError {
    } catch {
        fatalError("extraction threw an error without a message for users: \(error)")
    }
}

/// Runs the store's async API to the end from libFuzzer's synchronous callback.
private func blocking(_ body: @escaping @Sendable () async -> Void) {
    let semaphore = DispatchSemaphore(value: 0)
    Task {
        await body()
        semaphore.signal()
    }
    semaphore.wait()
}

private func fuzzJSONL(_ data: Data) {
    let vocabulary = vocabulary!
    blocking {
        var reader = JSONLReader(data: data, file: "fuzz.jsonl")
        reader.validate = { EntityValidation.problem(with: $0, vocabulary: vocabulary) }
        do {
            _ = try await store!.importEntities(actor: "fuzz") { try reader.next() }
        } catch is AigaqError {
        } catch {
            fatalError("import threw something other than AigaqError: \(error)")
        }
    }
}

private func fuzzSearch(_ data: Data) {
    let query = String(decoding: data, as: UTF8.self)
    blocking {
        do {
            // Any SQL error here means user input became FTS5 syntax.
            _ = try await store!.search(query, limit: 5)
            _ = try await store!.persons(named: query, limit: 5)
        } catch {
            fatalError("search failed on \(query.debugDescription): \(error)")
        }
    }
}

private func fuzzSealed(_ data: Data) {
    let text = String(decoding: data, as: UTF8.self)
    if let node = try? JSONNode.parse(Array(data)) {
        // What parses must print back to something that parses to the same tree.
        guard (try? JSONNode.parse(node.serialized())) == node else { fatalError("JSON tree does not round-trip") }
    }
    for c in [codec, lockedCodec] {
        do {
            _ = try c.open(stored: text, type: "person", id: "p-1")
            _ = try c.seal(json: text, type: "person", id: "p-1")
        } catch is AigaqError {
        } catch {
            fatalError("the codec threw something other than AigaqError: \(error)")
        }
    }
}
