import Foundation

/// What an estimate says, in a form both people and programs read
/// (`aigaq estimate --json` prints it; keys are snake_case).
public struct MultipleSystemsEstimate: Codable, Sendable {
    public struct ListSummary: Codable, Sendable, Hashable {
        public var name: String
        /// Persons on the list.
        public var size: Int
    }

    public struct ModelSummary: Codable, Sendable {
        /// "A + B + C + A×B".
        public var model: String
        /// Interacting pairs by list name.
        public var interactions: [[String]]
        public var parameters: Int
        /// Observed cells minus parameters.
        public var degreesOfFreedom: Int
        /// nil when the model has no finite maximum-likelihood estimate.
        public var deviance: Double?
        /// Goodness of fit: P(χ² > deviance); nil without degrees of freedom.
        public var pValue: Double?
        public var aic: Double?
        public var bic: Double?
        /// Estimated persons on no list, and the total.
        public var missing: Double?
        public var total: Double?
        /// The model's share of the evidence: `exp(−Δ/2)` of the criterion, summing to 1.
        public var weight: Double?
        /// Why the model could not be fitted.
        public var problem: String?

        enum CodingKeys: String, CodingKey {
            case model, interactions, parameters, degreesOfFreedom = "degrees_of_freedom", deviance,
                 pValue = "p_value", aic, bic, missing, total, weight, problem
        }
    }

    public struct Interval: Codable, Sendable {
        public var level: Double
        public var lower: Double
        /// nil when the likelihood does not bound the total from above.
        public var upper: Double?
        public var method: String
    }

    /// The lowest and highest of a set of totals.
    public struct Spread: Codable, Sendable {
        public var lowest: Double
        public var highest: Double
    }

    public struct Cell: Codable, Sendable {
        /// "101": on the first and third lists.
        public var history: String
        public var observed: Int?
        public var fitted: Double
    }

    public var lists: [ListSummary]
    /// Persons on at least one list.
    public var observed: Int
    /// "aic" or "bic".
    public var criterion: String
    /// The chosen model.
    public var model: String
    public var interactions: [[String]]
    /// Estimated persons on none of the lists.
    public var missing: Double
    /// `observed + missing`.
    public var total: Double
    /// Asymptotic standard error of the total (delta method, Poisson model).
    public var standardError: Double
    /// The interval to quote: averaged over the models that fit about as well
    /// (or the chosen model's own when only one does, or the model was given).
    public var interval: Interval
    /// The chosen model's own profile interval, as single-model tools report it.
    public var modelInterval: Interval
    /// The range of totals of the models whose criterion is within 2 of the
    /// best: how much the choice of model matters.
    public var totalsOfCloseModels: Spread
    public var cells: [Cell]
    public var models: [ModelSummary]
    public var assumptions: [String]
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case lists, observed, criterion, model, interactions, missing, total, standardError = "standard_error",
             interval, modelInterval = "model_interval", totalsOfCloseModels = "totals_of_close_models", cells, models, assumptions, warnings
    }
}

/// Why no estimate can be given.
public enum EstimationError: Error, Equatable, Sendable {
    case tooFewLists(found: [String], needed: Int)
    case emptyList(String)
    case noEstimableModel(String)
    case tooManyLists(found: Int, allowed: Int)

    public var message: String {
        switch self {
        case let .tooFewLists(found, needed):
            let names = found.isEmpty ? "" : " (\(found.joined(separator: ", ")))"
            return "found \(found.count) list\(found.count == 1 ? "" : "s") with persons on them\(names); "
                + "multiple-systems estimation needs at least \(needed) lists whose overlaps can be compared, "
                + "so no estimate is given"
        case let .emptyList(name):
            return "list \(name) names nobody, so it says nothing about the overlap; leave it out with --lists"
        case let .noEstimableModel(reason):
            return "no log-linear model could be fitted: \(reason)"
        case let .tooManyLists(found, allowed):
            return "\(found) lists are more than the \(allowed) this estimator handles; choose the lists with --lists"
        }
    }
}

/// Multiple-systems estimation of a closed population from the overlap of
/// three or more lists, by log-linear (Poisson) models of the `2^k` table
/// with its unobserved cell (Fienberg 1972; Bishop, Fienberg and Holland
/// 1975, ch. 6): each model is fitted to the observed cells, the fitted
/// intercept is the expected count of the cell of persons on no list, and
/// an information criterion picks the model. Each model's interval is the
/// multinomial profile-likelihood interval for the total (Cormack 1992), as
/// in Rcapture; the interval to quote averages those of the models that fit
/// about as well (Fletcher and Turek 2012), because the chosen model's own
/// interval ignores the choice and covers the truth too rarely (about 85 %
/// of the time at a nominal 95 % in `EstimationSimulationTests`).
public enum MultipleSystemsEstimation {
    public enum Criterion: String, Codable, Sendable, CaseIterable { case aic, bic }

    public static let minimumLists = 3
    /// Beyond this the table (2^k cells) is too sparse to say much, and the search too slow.
    public static let maximumLists = 8
    /// Above this many pairs of lists the model space is searched stepwise.
    static let exhaustivePairLimit = 10

    public static let assumptions = [
        "Closed population: every list describes the same persons over the same period; nobody enters or leaves the population between the lists.",
        "Perfect matching: a person on two lists is recognised as one person, and two persons are never merged. Missed matches inflate the estimate; false matches deflate it.",
        "Dependence between lists is what the chosen model's two-way interactions describe; interactions among three or more lists together are assumed absent, which the data cannot test.",
        "Heterogeneity: persons differ in how visible they are; the interactions absorb only part of that, and strong heterogeneity (some prisoners on no list's radar at all) makes the estimate too low.",
        "Same scope: every list applies the same definition of who counts; a person out of one list's scope is not a 'miss' of that list.",
        "The interval averages over the models that fit about as well, weighted by the criterion, so it carries the uncertainty of choosing among them; it does not cover a dependence that no model of two-way interactions describes.",
    ]

    /// Estimates the total from `table`. With `fixedModel`, that model is
    /// used as it is; otherwise every model of main effects plus two-way
    /// interactions is fitted and `criterion` picks one.
    public static func estimate(_ table: ContingencyTable, criterion: Criterion = .aic, level: Double = 0.95,
                                fixedModel: LogLinearModel? = nil) throws(EstimationError) -> MultipleSystemsEstimate {
        let k = table.listCount
        guard k >= minimumLists else { throw .tooFewLists(found: table.lists, needed: minimumLists) }
        guard k <= maximumLists else { throw .tooManyLists(found: k, allowed: maximumLists) }
        for i in 0..<k where table.size(ofList: i) == 0 { throw .emptyList(table.lists[i]) }
        let n = table.observed
        let y = (1..<table.cellCount).map { Double(table.counts[$0]) }

        var fits: [(model: LogLinearModel, result: Result<PoissonFit, FitFailure>)] = []
        func score(_ fit: PoissonFit, _ model: LogLinearModel) -> Double {
            let penalty = criterion == .aic ? 2.0 : log(Double(n))
            return -2 * fit.logLikelihood + penalty * Double(model.parameterCount)
        }
        func fitModel(_ model: LogLinearModel) -> Result<PoissonFit, FitFailure> {
            if let done = fits.first(where: { $0.model == model }) { return done.result }
            let result = PoissonGLM.fit(model.design(includingUnknown: false), counts: y)
            fits.append((model, result))
            return result
        }

        if let fixedModel {
            _ = fitModel(fixedModel)
        } else {
            let pairs = LogLinearModel.allPairs(lists: k)
            if pairs.count <= exhaustivePairLimit {
                for subset in 0..<(1 << pairs.count) {
                    let chosen = pairs.indices.filter { subset & (1 << $0) != 0 }.map { pairs[$0] }
                    let model = LogLinearModel(lists: k, interactions: chosen)
                    if model.parameterCount <= table.cellCount - 1 { _ = fitModel(model) }
                }
            } else {
                // Forward selection: add the interaction that most improves the criterion.
                var current = LogLinearModel(lists: k)
                var best = (try? fitModel(current).get()).map { score($0, current) } ?? .infinity
                while true {
                    var step: (LogLinearModel, Double)?
                    for pair in pairs where !current.interactions.contains(pair) {
                        let candidate = LogLinearModel(lists: k, interactions: current.interactions + [pair])
                        guard candidate.parameterCount <= table.cellCount - 1,
                              let fit = try? fitModel(candidate).get() else { continue }
                        let s = score(fit, candidate)
                        if s < (step?.1 ?? best) { step = (candidate, s) }
                    }
                    guard let (next, s) = step else { break }
                    current = next; best = s
                }
            }
        }

        struct ScoredModel { var summary: MultipleSystemsEstimate.ModelSummary; var value: Double?; var model: LogLinearModel; var fit: PoissonFit? }
        var candidates: [ScoredModel] = []
        for (model, result) in fits {
            let df = table.cellCount - 1 - model.parameterCount
            var s = MultipleSystemsEstimate.ModelSummary(
                model: model.label(names: table.lists), interactions: names(of: model, table),
                parameters: model.parameterCount, degreesOfFreedom: df)
            var value: Double?
            var usable: PoissonFit?
            switch result {
            case .success(let fit):
                let missing = exp(fit.coefficients[0])
                if missing > 1e4 * Double(n) + 1e4 {
                    s.problem = "the estimate of persons on no list is unbounded (\(Int(missing.rounded())) for \(n) observed)"
                } else {
                    s.deviance = fit.deviance
                    s.pValue = df > 0 ? Distributions.chiSquaredSurvival(fit.deviance, df: df) : nil
                    s.aic = -2 * fit.logLikelihood + 2 * Double(model.parameterCount)
                    s.bic = -2 * fit.logLikelihood + log(Double(n)) * Double(model.parameterCount)
                    s.missing = missing
                    s.total = Double(n) + missing
                    value = criterion == .aic ? s.aic : s.bic
                    usable = fit
                }
            case .failure(.singular):
                s.problem = "the model's parameters cannot be told apart on these lists"
            case .failure(.diverged):
                s.problem = "no finite estimate: an overlap the model needs is empty or too small"
            }
            candidates.append(ScoredModel(summary: s, value: value, model: model, fit: usable))
        }
        candidates.sort { a, b in
            switch (a.value, b.value) {
            case let (x?, y?): return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.summary.parameters < b.summary.parameters
            }
        }
        guard let best = candidates.first, let bestValue = best.value, let fit = best.fit else {
            throw .noEstimableModel("every model needs overlaps between the lists that are empty or too small "
                                    + "(see the table of histories); more lists, or lists that overlap more, are needed")
        }
        // Akaike-type weights exp(−Δ/2) from the criterion; models far behind add nothing worth a fit.
        for i in candidates.indices {
            guard let v = candidates[i].value else { continue }
            candidates[i].summary.weight = exp(-(v - bestValue) / 2)
        }
        let weightSum = candidates.compactMap(\.summary.weight).reduce(0, +)
        for i in candidates.indices { candidates[i].summary.weight = candidates[i].summary.weight.map { $0 / weightSum } }

        let missing = exp(fit.coefficients[0])
        let total = Double(n) + missing
        // Var(N̂) ≈ μ̂₀ + μ̂₀² Var(β̂₀): the unknown cell's own Poisson variance plus that of its estimate.
        let standardError = (missing + missing * missing * fit.covariance[0]).squareRoot()
        let chosenProfile = TotalProfile(table: table, model: best.model, start: fit.coefficients, estimate: total)
        let single = chosenProfile.interval(level: level)
        let modelInterval = MultipleSystemsEstimate.Interval(
            level: level, lower: single.lower, upper: single.upper,
            method: "profile likelihood of the chosen model (Cormack 1992)")
        var interval = modelInterval
        let averaged = candidates.filter { ($0.value ?? .infinity) <= bestValue + averagingWindow }
        if fixedModel == nil && averaged.count > 1 {
            let profiles = averaged.map { c in
                c.model == best.model ? chosenProfile
                    : TotalProfile(table: table, model: c.model, start: c.fit!.coefficients, estimate: c.summary.total!)
            }
            let weights = averaged.map { $0.summary.weight! }
            let (lower, upper) = averagedInterval(profiles, weights: weights, level: level)
            interval = .init(level: level, lower: lower, upper: upper,
                             method: "model-averaged profile likelihood over \(averaged.count) models, \(criterion.rawValue.uppercased()) weights (Fletcher and Turek 2012)")
        }

        let close = candidates.compactMap { c in c.value.flatMap { $0 <= bestValue + 2 ? c.summary.total : nil } }
        var cells: [MultipleSystemsEstimate.Cell] = [
            .init(history: table.label(ofCell: 0), observed: nil, fitted: missing),
        ]
        for h in 1..<table.cellCount {
            cells.append(.init(history: table.label(ofCell: h), observed: table.counts[h], fitted: fit.fitted[h - 1]))
        }

        var warnings: [String] = []
        if best.summary.degreesOfFreedom == 0 {
            warnings.append("The chosen model fits the observed cells exactly (no degrees of freedom left), so its fit cannot be tested.")
        } else if let p = best.summary.pValue, p < 0.05 {
            warnings.append(String(format: "The chosen model fits the observed overlaps poorly (deviance p = %.3f): the lists depend on each other in ways two-way interactions do not capture, and the estimate should not be relied on.", p))
        }
        if interval.upper == nil {
            warnings.append("The likelihood does not bound the total from above: the lists overlap too little to say how many are missing.")
        }
        if close.count > 1, let lo = close.min(), let hi = close.max(), hi > lo * 1.25 {
            warnings.append(String(format: "Models that fit about as well give totals from %.0f to %.0f: the choice of model matters, and the interval takes it into account.", lo, hi))
        }
        if n < 30 {
            warnings.append("Fewer than 30 persons are on the lists; large-sample intervals may be too narrow.")
        }

        return MultipleSystemsEstimate(
            lists: table.lists.indices.map { .init(name: table.lists[$0], size: table.size(ofList: $0)) },
            observed: n, criterion: fixedModel == nil ? criterion.rawValue : "fixed",
            model: best.summary.model, interactions: best.summary.interactions,
            missing: missing, total: total, standardError: standardError, interval: interval,
            modelInterval: modelInterval,
            totalsOfCloseModels: .init(lowest: close.min() ?? total, highest: close.max() ?? total),
            cells: cells, models: candidates.map(\.summary), assumptions: assumptions, warnings: warnings)
    }

    /// Models within this much of the best criterion value enter the averaged
    /// interval; beyond it a model's weight is below 0.25 %.
    static let averagingWindow = 12.0

    /// The model-averaged profile-likelihood interval (Fletcher and Turek
    /// 2012): each model's signed root of its profile deviance gives a
    /// confidence distribution `Φ(r_m(N))`; their weighted average `C(N)` is
    /// cut at `(1 − level)/2` and `(1 + level)/2`. With one model it is that
    /// model's profile interval. It carries the uncertainty of choosing a
    /// model, which an interval of the chosen model alone leaves out.
    static func averagedInterval(_ profiles: [TotalProfile], weights: [Double], level: Double) -> (Double, Double?) {
        // C on the probit scale, Φ⁻¹(C(N)), is close to a straight line in N
        // (exactly the signed root for one model), so false position finds
        // the limits in a few steps.
        func probitC(_ total: Double) -> Double {
            let c = zip(profiles, weights).reduce(0) { $0 + $1.1 * 0.5 * erfc(-$1.0.signedRoot(total) / 2.0.squareRoot()) }
            return Distributions.normalQuantile(min(max(c, 1e-300), 1 - 1e-16))
        }
        // The weighted median of the models' estimates lies between the two limits.
        let center = zip(profiles, weights).map { ($0.maximum.total, $1) }.sorted { $0.0 < $1.0 }
            .reduce((0.0, profiles[0].maximum.total)) { acc, next in acc.0 < 0.5 ? (acc.0 + next.1, next.0) : acc }.1
        let z = Distributions.normalQuantile(0.5 + level / 2)
        return TotalProfile.interval(observed: profiles[0].observed, cap: profiles[0].cap, center: center,
                                     low: -z, high: z, probitC)
    }

    static func names(of model: LogLinearModel, _ table: ContingencyTable) -> [[String]] {
        model.interactions.map { [table.lists[$0.first], table.lists[$0.second]] }
    }
}
