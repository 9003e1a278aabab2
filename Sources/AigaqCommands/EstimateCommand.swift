import AigaqCore
import AigaqPublishing
import AigaqStore
import ArgumentParser
import Foundation

struct Estimate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Estimate the total number of political prisoners from the overlap of three or more lists.",
        discussion: """
            Multiple-systems estimation: log-linear models of who is on which list, the model
            chosen by AIC (or BIC), an estimate of the persons on no list, and a
            profile-likelihood interval averaged over the models that fit about as well. A
            list is a list of political prisoners (its latest snapshot on or before --as-of).
            See docs/estimation.md for the method, its assumptions and how to read the result.

            With fewer than three lists it says so and exits 65 without a number.

            Examples:
              aigaq estimate --db ./aigaq.sqlite --as-of 2025-02-28
              aigaq estimate --lists list-a,list-b,list-c --json
              aigaq estimate --criterion bic --capture-history examples/capture-history/pittsburgh-dog-bites.csv
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("A capture-history CSV to read instead of the database (as `export --format capture-history` writes, or 0/1 columns with a count column).", valueName: "file"))
    var captureHistory: String?
    @Option(help: ArgumentHelp("The lists to use, by id (CSV column), comma-separated; all lists when absent.", valueName: "ids"))
    var lists: String?
    @Option(help: ArgumentHelp("Use each list's latest snapshot on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).", valueName: "date"))
    var asOf: String?
    @Option(help: "The information criterion that chooses and weighs the models: aic or bic.") var criterion: MultipleSystemsEstimation.Criterion = .aic
    @Option(help: ArgumentHelp("Fit this model instead of choosing one: interacting pairs such as A:B,B:C (none: -).", valueName: "pairs"))
    var interactions: String?
    @Option(help: "The interval's confidence level.") var level: Double = 0.95
    @Flag(help: "Count only public lists and persons (the public projection).") var `public` = false
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard level > 0.5 && level < 1 else { throw ValidationError("--level must be between 0.5 and 1, such as 0.95") }
        if let asOf, DateValue(asOf) == nil { throw ValidationError("--as-of \(asOf) is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") }
        if captureHistory != nil && (asOf != nil || self.public) {
            throw ValidationError("--as-of and --public apply to the database, not to --capture-history")
        }
    }

    func run() async throws {
        try await runReportingErrors {
            let history: CaptureHistory
            let origin: String
            if let path = captureHistory {
                origin = path
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw AigaqError.badInput(file: path, line: nil, reason: "cannot read the file")
                }
                history = try CaptureHistory.parse(String(decoding: data, as: UTF8.self), file: path)
            } else {
                origin = database.location
                let store = try await StoreFactory.open(database.location, for: self.public ? .readPublic : .readInternal).store
                history = try await CaptureHistory.build(store: store, asOf: asOf.flatMap(DateValue.init),
                                                         lists: nil, publicOnly: self.public)
            }
            let chosen = try columns(of: history)
            guard chosen.count <= MultipleSystemsEstimation.maximumLists else {
                throw AigaqError.usage(EstimationError.tooManyLists(found: chosen.count, allowed: MultipleSystemsEstimation.maximumLists).message)
            }
            let table = history.table(columns: chosen)
            let model = try fixedModel(table)
            let result: MultipleSystemsEstimate
            do {
                result = try MultipleSystemsEstimation.estimate(table, criterion: criterion, level: level, fixedModel: model)
            } catch let error as EstimationError {
                throw AigaqError.badInput(file: origin, line: nil, reason: error.message)
            }
            if json {
                let encoder = AigaqJSON.encoder()
                encoder.outputFormatting.insert(.prettyPrinted)
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
            } else {
                var names: [String: String] = [:]
                for column in history.columns {
                    guard let name = column.name else { continue }
                    names[column.id] = name + (column.asOf.map { ", as of \($0)" } ?? "")
                }
                print(result.text(listNames: names), terminator: "")
            }
        }
    }

    /// The indices of the chosen columns.
    func columns(of history: CaptureHistory) throws -> [Int] {
        guard let lists else { return Array(history.columns.indices) }
        return try lists.split(separator: ",").map { raw in
            let id = raw.trimmingCharacters(in: .whitespaces)
            guard let index = history.columns.firstIndex(where: { $0.id == id }) else {
                let known = history.columns.map(\.id).joined(separator: ", ")
                throw AigaqError.usage("--lists: no list \(id) with persons on it; the lists are: \(known.isEmpty ? "none" : known)")
            }
            return index
        }
    }

    func fixedModel(_ table: ContingencyTable) throws -> LogLinearModel? {
        guard let interactions else { return nil }
        if interactions == "-" { return LogLinearModel(lists: table.listCount) }
        let pairs = try interactions.split(separator: ",").map { text -> LogLinearModel.Pair in
            let ends = text.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
            guard ends.count == 2, let a = table.lists.firstIndex(of: ends[0]), let b = table.lists.firstIndex(of: ends[1]), a != b else {
                throw AigaqError.usage("--interactions: \(text) is not two different lists A:B of \(table.lists.joined(separator: ", "))")
            }
            return LogLinearModel.Pair(a, b)
        }
        return LogLinearModel(lists: table.listCount, interactions: pairs)
    }
}

extension MultipleSystemsEstimation.Criterion: ExpressibleByArgument {}
