import Foundation

extension MultipleSystemsEstimate {
    /// The estimate for a person to read: the number with its interval first,
    /// then the lists, the models compared, the assumptions and the warnings.
    /// - Parameter listNames: longer names for list ids, shown in the legend.
    public func text(listNames: [String: String] = [:]) -> String {
        var out = ""
        func line(_ s: String = "") { out += s + "\n" }
        func number(_ x: Double) -> String { Self.grouped(Int(x.rounded())) }
        func range(_ i: Interval) -> String {
            "\(number(i.lower.rounded(.down))) to " + (i.upper.map { number($0.rounded(.up)) } ?? "no upper bound")
        }
        // Models are written with one letter a list when the lists' names are long.
        let letters = lists.count <= 26 && lists.contains { $0.name.count > 3 }
        let short = Dictionary(uniqueKeysWithValues: lists.enumerated().map { i, list in
            (list.name, letters ? String(UnicodeScalar(UInt8(65 + i))) : list.name)
        })
        func modelName(_ interactions: [[String]]) -> String {
            let mains = lists.map { short[$0.name]! }.joined(separator: " + ")
            return ([mains] + interactions.map { $0.map { short[$0]! }.joined(separator: "×") }).joined(separator: " + ")
        }

        line("Multiple-systems estimate of the total")
        line()
        let percent = "\(Int((interval.level * 100).rounded()))%"
        line("  Estimated total:        \(number(total))   (\(percent) interval \(range(interval)))")
        line("  On at least one list:   \(Self.grouped(observed))")
        line("  Estimated on no list:   \(number(missing))")
        line("  Model (\(criterion == "fixed" ? "given" : "chosen by \(criterion.uppercased())")): \(modelName(interactions))")
        line("  Interval: \(interval.method).")
        if interval.method != modelInterval.method {
            line("  The chosen model alone gives \(range(modelInterval)) (\(percent), \(modelInterval.method)),")
            line("  which leaves out the uncertainty of choosing the model.")
        }
        line("  Standard error of the chosen model's total: \(number(standardError)).")
        line()
        line("Lists")
        for list in lists {
            let name = listNames[list.name].map { ": \($0)" } ?? ""
            let key = letters ? "\(short[list.name]!) = \(list.name)" : list.name
            line("  \(key)\(name); \(Self.grouped(list.size)) persons")
        }
        line()
        line("Persons by list history (1 = on the list, lists in the order above)")
        for cell in cells {
            let observedText = cell.observed.map { Self.grouped($0) } ?? "?"
            line("  \(cell.history)  observed \(observedText.padding(toLength: 7, withPad: " ", startingAt: 0)) fitted \(String(format: "%.1f", cell.fitted))")
        }
        line()
        line("Models compared (best first)")
        let width = max(24, (models.map { modelName($0.interactions).count }.max() ?? 0) + 2)
        line("  " + "model".padding(toLength: width, withPad: " ", startingAt: 0)
             + ["df", "deviance", "p", "AIC", "BIC", "weight", "total"].map { Self.right($0, 10) }.joined())
        for m in models {
            let cols: [String] = [
                String(m.degreesOfFreedom),
                m.deviance.map { String(format: "%.2f", $0) } ?? "-",
                m.pValue.map { String(format: "%.3f", $0) } ?? "-",
                m.aic.map { String(format: "%.1f", $0) } ?? "-",
                m.bic.map { String(format: "%.1f", $0) } ?? "-",
                m.weight.map { String(format: "%.3f", $0) } ?? "-",
                m.total.map(number) ?? "-",
            ]
            line("  " + modelName(m.interactions).padding(toLength: width, withPad: " ", startingAt: 0)
                 + cols.map { Self.right($0, 10) }.joined() + (m.problem.map { "  (\($0))" } ?? ""))
        }
        line()
        line("Assumptions")
        for a in assumptions { line("  - \(a)") }
        if !warnings.isEmpty {
            line()
            line("Warnings")
            for w in warnings { line("  ! \(w)") }
        }
        return out
    }

    static func right(_ s: String, _ width: Int) -> String {
        s.count >= width ? " " + s : String(repeating: " ", count: width - s.count) + s
    }

    /// 12,345: thousands grouped the same way whatever the machine's locale.
    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return (value < 0 ? "-" : "") + out
    }
}
