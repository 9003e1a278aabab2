import Foundation

/// What can go wrong when publishing a report.
public enum PublishingError: Error, LocalizedError, Equatable, Sendable {
    /// No Chromium to print HTML to PDF.
    case browserMissing(searched: [String])
    case printFailed(detail: String)

    public var errorDescription: String? {
        switch self {
        case .browserMissing(let searched):
            "PDF needs a headless Chromium browser to print the report, and none was found (looked for \(searched.joined(separator: ", ")) on PATH and in AIGAQ_CHROMIUM). On Debian: apt-get install chromium. Markdown and HTML work without it."
        case .printFailed(let detail):
            "printing the report to PDF with Chromium failed: \(detail)"
        }
    }
}

/// Prints HTML to PDF with headless Chromium, the way a person would print
/// the page: A4, our own page numbers (the browser's header and footer off).
public enum PDFPrinter {
    public static let browsers = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
    static let timeoutSeconds: Double = 120

    /// The browser to use: `AIGAQ_CHROMIUM` if set, else the first of ``browsers`` on PATH.
    public static func findBrowser(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let explicit = environment["AIGAQ_CHROMIUM"], !explicit.isEmpty {
            return FileManager.default.isExecutableFile(atPath: explicit) ? URL(fileURLWithPath: explicit) : nil
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in browsers {
            for dir in path.split(separator: ":") {
                let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return nil
    }

    /// Writes `html` as a PDF file at `output`.
    public static func print(html: String, to output: URL,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let browser = findBrowser(environment: environment) else {
            throw PublishingError.browserMissing(searched: environment["AIGAQ_CHROMIUM"].map { [$0] } ?? browsers)
        }
        // A private profile and page file: runs in parallel never share a browser.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aigaq-print-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("report.html")
        try Data(html.utf8).write(to: page)
        let pdf = dir.appendingPathComponent("report.pdf")

        let process = Process()
        process.executableURL = browser
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                             "--user-data-dir=\(dir.appendingPathComponent("profile").path)",
                             "--print-to-pdf=\(pdf.path)", "--no-pdf-header-footer", page.absoluteString]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw PublishingError.printFailed(detail: "cannot start \(browser.path): \(error.localizedDescription)")
        }
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { _ = kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds, execute: watchdog)
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        guard process.terminationReason == .exit, process.terminationStatus == 0,
              let size = (try? FileManager.default.attributesOfItem(atPath: pdf.path))?[.size] as? Int, size > 0 else {
            let tail = String(decoding: stderr.suffix(400), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let why = process.terminationReason == .uncaughtSignal ? "it did not finish within \(Int(timeoutSeconds)) seconds"
                : "exit status \(process.terminationStatus)"
            throw PublishingError.printFailed(detail: "\(why); \(tail.isEmpty ? "no message" : tail)")
        }
        if FileManager.default.fileExists(atPath: output.path) { try FileManager.default.removeItem(at: output) }
        try FileManager.default.moveItem(at: pdf, to: output)
    }
}
