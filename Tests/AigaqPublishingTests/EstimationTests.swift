@testable import AigaqPublishing
import Foundation
import Testing

/// The Pittsburgh dog-bite data: three sources of 790 reported bites in 1993
/// (animal control, hospitals, police), in the order of the columns of
/// `examples/capture-history/pittsburgh-dog-bites.csv`.
/// Published: 1388 bites reported to no source (Am J Public Health 1997;
/// 87(10):1703–5, doi:10.2105/ajph.87.10.1703); the cell counts are those of
/// the University of Pittsburgh's capture–recapture tutorial that re-analyses it.
let dogBites: ContingencyTable = {
    var counts = [Int](repeating: 0, count: 8)
    // bit 0 animal control, bit 1 hospital, bit 2 police
    counts[0b111] = 1; counts[0b110] = 7; counts[0b101] = 15; counts[0b100] = 326
    counts[0b011] = 27; counts[0b010] = 323; counts[0b001] = 91
    return ContingencyTable(lists: ["A", "H", "P"], counts: counts)
}()

/// Every model's numbers from an independent computation: `scripts/mse-reference`
/// (Python, numpy and scipy: a trust-region Newton method on the Poisson
/// likelihood, not IRLS, and the profile interval by Brent's method) on the same table.
/// (interactions, deviance, AIC, BIC, missing, total, profile lower, profile upper)
let dogBitesReference: [(String, Double, Double, Double, Double, Double, Double, Double)] = [
    ("", 49.2201, 94.3165, 113.0046, 3439.841, 4229.841, 3335.567, 5502.844),
    ("A×H", 20.1881, 67.2845, 90.6447, 6250.696, 7040.696, 4920.371, 10666.233),
    ("A×P", 46.3431, 93.4395, 116.7997, 3986.743, 4776.743, 3593.215, 6594.220),
    ("H×P", 3.8174, 50.9138, 74.2740, 1388.279, 2178.279, 1742.360, 2810.702),
    ("A×H + A×P", 2.9572, 52.0536, 80.0858, 15042.571, 15832.571, 8383.134, 36099.478),
    ("A×H + H×P", 0.2141, 49.3105, 77.3427, 1977.733, 2767.733, 1940.683, 4338.877),
    ("A×P + H×P", 0.8209, 49.9173, 77.9495, 1088.630, 1878.630, 1486.055, 2501.068),
    ("A×H + A×P + H×P", 0.0000, 51.0964, 83.8006, 3379.936, 4169.936, 829.099, 22011.734),
]

func close(_ a: Double?, _ b: Double, relative: Double = 1e-5, absolute: Double = 2e-3) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= max(absolute, relative * abs(b))
}

@Suite struct EstimationTests {
    @Test func bicChoosesThePublishedModelAndItsEstimate() throws {
        // When the dog-bite table is estimated with BIC, as the published analysis chose
        let result = try MultipleSystemsEstimation.estimate(dogBites, criterion: .bic)
        // Then the chosen model is hospital × police, as published, with 1388 bites on no list
        #expect(result.model == "A + H + P + H×P")
        #expect(result.observed == 790)
        #expect(Int(result.missing.rounded()) == 1388)
        #expect(Int(result.total.rounded()) == 2178)
        // and its profile interval agrees with the independent computation
        #expect(close(result.modelInterval.lower, 1742.360))
        #expect(close(result.modelInterval.upper, 2810.702))
        #expect(result.modelInterval.level == 0.95)
        // The interval to quote averages over the models close behind (A×H + H×P, A×P + H×P, ...), so it is wider.
        #expect(result.interval.method.contains("model-averaged"))
        #expect(result.interval.lower < result.total && result.total < (result.interval.upper ?? .infinity))
        #expect(result.interval.upper! > result.modelInterval.upper!)
        #expect(result.lists.map(\.size) == [134, 358, 349])
    }

    @Test func everyModelAgreesWithTheIndependentComputation() throws {
        let result = try MultipleSystemsEstimation.estimate(dogBites, criterion: .bic)
        #expect(result.models.count == 8)
        for (interactions, deviance, aic, bic, missing, total, lower, upper) in dogBitesReference {
            let name = interactions.isEmpty ? "A + H + P" : "A + H + P + " + interactions
            let model = try #require(result.models.first { $0.model == name }, "\(name)")
            #expect(close(model.deviance, deviance, absolute: 2e-4), "\(name) deviance")
            #expect(close(model.aic, aic, absolute: 2e-4), "\(name) AIC")
            #expect(close(model.bic, bic, absolute: 2e-4), "\(name) BIC")
            #expect(close(model.missing, missing), "\(name) missing")
            #expect(close(model.total, total), "\(name) total")
            // The interval of each model, fitted on its own.
            let pairs: [LogLinearModel.Pair] = interactions.isEmpty ? [] : interactions.components(separatedBy: " + ").map { pair in
                let ends = pair.components(separatedBy: "×").map { ["A", "H", "P"].firstIndex(of: $0)! }
                return LogLinearModel.Pair(ends[0], ends[1])
            }
            let fixed = try MultipleSystemsEstimation.estimate(dogBites, fixedModel: LogLinearModel(lists: 3, interactions: pairs))
            #expect(close(fixed.interval.lower, lower, absolute: 0.01), "\(name) lower")
            #expect(close(fixed.interval.upper, upper, absolute: 0.01), "\(name) upper")
            #expect(fixed.interval.method == fixed.modelInterval.method)
        }
    }

    @Test func aicTheDefaultChoosesTheModelWithTheLowestAIC() throws {
        let result = try MultipleSystemsEstimation.estimate(dogBites)
        #expect(result.model == "A + H + P + A×H + H×P")
        #expect(close(result.total, 2767.733))
        #expect(result.criterion == "aic")
        // Models within 2 of the best AIC span a wide range, and the output says so.
        #expect(result.warnings.contains { $0.contains("choice of model matters") })
    }

    @Test func fewerThanThreeListsIsRefusedWithTheCount() {
        let two = ContingencyTable(lists: ["A", "B"], counts: [0, 10, 12, 5])
        #expect(throws: EstimationError.tooFewLists(found: ["A", "B"], needed: 3)) {
            try MultipleSystemsEstimation.estimate(two)
        }
        #expect(EstimationError.tooFewLists(found: ["A"], needed: 3).message.contains("found 1 list"))
    }

    @Test func listsThatNeverOverlapGiveNoEstimate() {
        // Nobody is on two lists: nothing says how many are on none.
        let disjoint = ContingencyTable(lists: ["A", "B", "C"], counts: [0, 20, 15, 0, 30, 0, 0, 0])
        #expect(throws: EstimationError.self) { try MultipleSystemsEstimation.estimate(disjoint) }
    }

    @Test func anEmptyListIsNamed() {
        let table = ContingencyTable(lists: ["A", "B", "C"], counts: [0, 20, 15, 5, 0, 0, 0, 0])
        #expect(throws: EstimationError.emptyList("C")) { try MultipleSystemsEstimation.estimate(table) }
    }

    @Test func distributionFunctionsMatchKnownValues() {
        #expect(abs(Distributions.chiSquaredOneQuantile(0.95) - 3.841458820694124) < 1e-8)
        #expect(abs(Distributions.chiSquaredOneQuantile(0.99) - 6.634896601021214) < 1e-8)
        // χ² with 2 degrees of freedom is exponential: P(X > x) = exp(−x/2).
        #expect(abs(Distributions.chiSquaredSurvival(3.8174, df: 2) - exp(-3.8174 / 2)) < 1e-12)
        #expect(abs(Distributions.chiSquaredSurvival(3.841458820694124, df: 1) - 0.05) < 1e-9)
        #expect(abs(Distributions.chiSquaredSurvival(30, df: 10) - 0.000856641210775301) < 1e-12)
    }

    @Test func restrictingATableToSomeListsMergesTheRest() {
        let ah = dogBites.restricted(to: [0, 1])
        #expect(ah.lists == ["A", "H"])
        #expect(ah.counts == [0, 91 + 15, 323 + 7, 27 + 1])  // the police-only 326 fall into the unknown cell
    }
}

// MARK: - Simulation

/// SplitMix64: a small seeded generator, so every run draws the same trials.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
}

@Suite struct EstimationSimulationTests {
    /// Three lists of a population of 400, where being on list A makes being
    /// on list B more likely (0.45 against 0.25): the independence model would
    /// be wrong, and the estimator has to find the interaction itself.
    static func drawTable(total: Int, using rng: inout SeededGenerator) -> ContingencyTable {
        var counts = [Int](repeating: 0, count: 8)
        for _ in 0..<total {
            let a = rng.chance(0.30)
            let b = rng.chance(a ? 0.45 : 0.25)
            let c = rng.chance(0.30)
            counts[(a ? 1 : 0) | (b ? 2 : 0) | (c ? 4 : 0)] += 1
        }
        counts[0] = 0
        return ContingencyTable(lists: ["A", "B", "C"], counts: counts)
    }

    @Test(arguments: MultipleSystemsEstimation.Criterion.allCases)
    func theIntervalHoldsTheTrueTotalInAtLeast90PercentOfTrials(_ criterion: MultipleSystemsEstimation.Criterion) throws {
        var rng = SeededGenerator(seed: 20250228)
        let trials = 200, truth = 400.0
        var covered = 0, estimable = 0, coveredByModel = 0
        var totals: [Double] = []
        for _ in 0..<trials {
            let table = Self.drawTable(total: Int(truth), using: &rng)
            guard let result = try? MultipleSystemsEstimation.estimate(table, criterion: criterion) else { continue }
            estimable += 1
            totals.append(result.total)
            if result.interval.lower <= truth && truth <= (result.interval.upper ?? .infinity) { covered += 1 }
            if result.modelInterval.lower <= truth && truth <= (result.modelInterval.upper ?? .infinity) { coveredByModel += 1 }
        }
        let rate = Double(covered) / Double(trials)
        print("simulation (\(criterion)): \(covered)/\(trials) model-averaged intervals hold N = 400, \(coveredByModel)/\(trials) of the chosen model's own; \(estimable) estimable; mean estimate \(totals.reduce(0, +) / Double(max(totals.count, 1)))")
        #expect(estimable == trials)
        #expect(rate >= 0.90)
    }

    @Test func withTheTrueModelFixedCoverageIsNearNominal() throws {
        var rng = SeededGenerator(seed: 7)
        let model = LogLinearModel(lists: 3, interactions: [.init(0, 1)])
        var covered = 0
        for _ in 0..<200 {
            let result = try MultipleSystemsEstimation.estimate(Self.drawTable(total: 400, using: &rng), fixedModel: model)
            if result.interval.lower <= 400 && 400 <= (result.interval.upper ?? .infinity) { covered += 1 }
        }
        print("simulation, true model fixed: \(covered)/200 intervals hold N = 400")
        #expect(covered >= 180)
    }
}
