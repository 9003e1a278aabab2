import AigaqCore
@testable import AigaqPublishing
import Foundation
import Testing

/// Real headless Chromium and poppler. Without Chromium these tests are
/// skipped on a workstation, but under CI (`CI` set, as `.ci/run` does) they
/// run and fail, naming what to install.
@Suite(.serialized) struct PDFTests {
    static var underCI: Bool { !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty }
    static var canPrint: Bool { PDFPrinter.findBrowser() != nil }

    static func tool(_ name: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw PublishingError.printFailed(detail: "\(name) failed; install poppler-utils") }
        return String(decoding: data, as: UTF8.self)
    }

    static func pages(_ pdf: URL) throws -> Int {
        let info = try tool("pdfinfo", [pdf.path])
        let line = try #require(info.split(separator: "\n").first { $0.hasPrefix("Pages:") })
        return try #require(Int(line.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)))
    }

    @Test(.enabled(if: canPrint || underCI, "needs chromium (apt-get install chromium)"))
    func theListPrintsWithItsPagesTextAndNothingSecret() async throws {
        try #require(PDFPrinter.findBrowser() != nil, "no Chromium: apt-get install chromium (CI must install it)")
        let store = try await ReportFixture.store()
        let doc = try await ReportTests.build(.list, store: store)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aigaq-pdf-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pdf = dir.appendingPathComponent("list.pdf")
        try PDFPrinter.print(html: HTMLRenderer.render(doc), to: pdf)

        // Title page (summary, criteria), the entries from a new page, the sources from another.
        #expect(try Self.pages(pdf) == 3)
        let raw = try Self.tool("pdftotext", [pdf.path, "-"])
        // Lines wrap where the page does: compare with whitespace folded.
        let text = raw.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        for expected in ["Steppe Watch list of political prisoners, as of 31 May 2024", "Bolat Serik", "Dana Ospan", "Gulnar Ermek",
                         "Criteria", "Sources", "Steppe Watch quarterly list", "SHA-256 abababababababab", "Page 1 of 3", "Page 3 of 3"] {
            #expect(text.contains(expected), "the PDF's text lacks \(expected)")
        }
        let pagesText = raw.split(separator: "\u{0C}").map(String.init)
        #expect(pagesText.count >= 3)
        #expect(pagesText[1].contains("Convicted") && !pagesText[0].contains("Bolat Serik"))
        #expect(pagesText[2].contains("Sources"))
        for marker in ReportFixture.markers { #expect(!text.contains(marker)) }
    }

    @Test(.enabled(if: canPrint || underCI, "needs chromium (apt-get install chromium)"))
    func everyReportPrints() async throws {
        try #require(PDFPrinter.findBrowser() != nil, "no Chromium: apt-get install chromium (CI must install it)")
        let store = try await ReportFixture.store()
        for kind in [ReportTests.Kind.dossier, .update] {
            let doc = try await ReportTests.build(kind, store: store)
            let pdf = FileManager.default.temporaryDirectory.appendingPathComponent("aigaq-\(kind)-\(UUID().uuidString).pdf")
            defer { try? FileManager.default.removeItem(at: pdf) }
            try PDFPrinter.print(html: HTMLRenderer.render(doc), to: pdf)
            #expect(try Self.pages(pdf) >= 2)
            let text = try Self.tool("pdftotext", [pdf.path, "-"])
            #expect(text.contains(doc.title.prefix(30)))
            #expect(!text.contains("SECRET"))
        }
    }

    @Test func aMissingBrowserIsAClearErrorNamingIt() throws {
        let error = #expect(throws: PublishingError.self) {
            try PDFPrinter.print(html: "<p>x</p>", to: URL(fileURLWithPath: "/tmp/never.pdf"),
                                 environment: ["AIGAQ_CHROMIUM": "/nonexistent/chromium", "PATH": "/nonexistent"])
        }
        let message = error?.errorDescription ?? ""
        #expect(message.contains("Chromium") && message.contains("apt-get install chromium") && message.contains("/nonexistent/chromium"))
        #expect(PDFPrinter.findBrowser(environment: ["PATH": "/nonexistent"]) == nil)
    }
}
