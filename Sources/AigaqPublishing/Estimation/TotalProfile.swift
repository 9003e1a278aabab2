import Foundation

/// The multinomial profile log-likelihood of the total `N` under one
/// log-linear model (Cormack 1992). For a given `N` the unknown cell holds
/// `N − n`, the model is fitted to the complete table, and
/// `ℓ(N) = log N! − log (N − n)! + Σ_h y_h log(μ̂_h / N)` (constants dropped).
final class TotalProfile {
    let observed: Double
    /// Above this the total counts as unbounded.
    let cap: Double
    private let design: Design
    private var counts: [Double]
    private var warm: [Double]
    private var cache: [Double: Double] = [:]

    /// The maximum of the profile: the multinomial estimate of `N` and `ℓ` there.
    private(set) lazy var maximum: (total: Double, value: Double) = findMaximum()

    init(table: ContingencyTable, model: LogLinearModel, start: [Double], estimate: Double) {
        observed = Double(table.observed)
        cap = 1e4 * observed + 1e4
        design = model.design(includingUnknown: true)
        counts = table.counts.map(Double.init)
        warm = start
        poissonEstimate = estimate
    }

    private let poissonEstimate: Double

    func value(_ total: Double) -> Double {
        if let known = cache[total] { return known }
        // At N = n the unknown cell is empty and its fitted count tends to 0:
        // a whisker above keeps the fit finite and ℓ continuous.
        counts[0] = max(total - observed, 1e-6)
        // R's glm tolerance: ℓ moves by far less than the interval's rounding.
        var result = PoissonGLM.fit(design, counts: counts, start: warm, details: false, tolerance: 1e-8)
        if case .failure = result { result = PoissonGLM.fit(design, counts: counts, details: false, tolerance: 1e-8) }
        guard case .success(let fit) = result else { return -.infinity }
        if total - observed >= 1 { warm = fit.coefficients }  // never start from a fit near the boundary
        var l = lgamma(total + 1) - lgamma(total - observed + 1)
        for h in counts.indices where counts[h] > 0 { l += counts[h] * log(fit.fitted[h] / total) }
        cache[total] = l
        return l
    }

    /// `sign(N − N̂) √(2 [ℓ(N̂) − ℓ(N)])`: about standard normal at the true `N`.
    func signedRoot(_ total: Double) -> Double {
        let (top, best) = maximum
        let d = max(0, 2 * (best - value(total)))
        return total < top ? -d.squareRoot() : d.squareRoot()
    }

    /// The profile-likelihood interval of this model alone: every `N` whose
    /// `ℓ` is within `χ²₁(level)/2` of the maximum. `upper` is nil when the
    /// likelihood does not fall that far below `cap`.
    func interval(level: Double) -> (lower: Double, upper: Double?) {
        let z = Distributions.normalQuantile(0.5 + level / 2)
        let (lower, upper) = TotalProfile.interval(observed: observed, cap: cap, center: maximum.total,
                                                   low: -z, high: z) { self.signedRoot($0) }
        return (lower, upper)
    }

    /// Where the increasing `f` crosses `low` (nil: not above `observed`, so
    /// the bound is `observed`) and `high` (nil: not below `cap`), searched
    /// outwards from `center`, which lies between them.
    static func interval(observed: Double, cap: Double, center: Double, low: Double, high: Double,
                         _ f: (Double) -> Double) -> (Double, Double?) {
        let lower = root(lowest: observed, highest: max(center, observed), target: low, f) ?? observed
        var outside = center + max(center - observed, 10)
        while outside < cap && f(outside) < high { outside = min(cap, observed + (outside - observed) * 2) }
        guard f(min(outside, cap)) >= high else { return (lower, nil) }
        let upper = root(lowest: center, highest: min(outside, cap), target: high, f) ?? center
        return (lower, upper)
    }

    private func findMaximum() -> (Double, Double) {
        // A bracket around the Poisson estimate, widened until it holds the peak.
        let start = max(poissonEstimate, observed)
        var lo = max(observed, start - max(0.5 * (start - observed), 5))
        var hi = min(cap, start + max(start - observed, 10))
        while lo > observed && value(lo) > value(start) { lo = max(observed, observed + (lo - observed) / 4) }
        while hi < cap && value(hi) > value(start) { hi = min(cap, observed + (hi - observed) * 4) }
        let top = Self.brentMaximum(lo, start, hi) { self.value($0) }
        return (top, value(top))
    }

    /// Brent's method (parabolic steps, golden-section when they misbehave)
    /// for the maximum of `f` on `[a, b]`, starting at `x` (Brent 1973, ch. 5).
    static func brentMaximum(_ a0: Double, _ x0: Double, _ b0: Double, _ f: (Double) -> Double) -> Double {
        let golden = 0.3819660112501051
        var a = a0, b = b0
        var x = min(max(x0, a), b), w = x, v = x
        var fx = f(x), fw = fx, fv = fx
        var d = 0.0, e = 0.0
        for _ in 0..<100 {
            let m = (a + b) / 2
            let tol = 1e-7 * abs(x) + 1e-3
            if abs(x - m) <= 2 * tol - (b - a) / 2 { break }
            var parabolic = false
            if abs(e) > tol {
                // A parabola through x, w, v (maximising f).
                let r = (x - w) * (fx - fv)
                var q = (x - v) * (fx - fw)
                var p = (x - v) * q - (x - w) * r
                q = 2 * (q - r)
                if q > 0 { p = -p } else { q = -q }
                if abs(p) < abs(q * e / 2) && p > q * (a - x) && p < q * (b - x) {
                    e = d; d = p / q
                    if (x + d) - a < 2 * tol || b - (x + d) < 2 * tol { d = x < m ? tol : -tol }
                    parabolic = true
                }
            }
            if !parabolic {
                e = x < m ? b - x : a - x
                d = golden * e
            }
            let u = abs(d) >= tol ? x + d : x + (d > 0 ? tol : -tol)
            let fu = f(u)
            if fu >= fx {
                if u < x { b = x } else { a = x }
                v = w; fv = fw; w = x; fw = fx; x = u; fx = fu
            } else {
                if u < x { a = u } else { b = u }
                if fu >= fw || w == x { v = w; fv = fw; w = u; fw = fu }
                else if fu >= fv || v == x || v == w { v = u; fv = fu }
            }
        }
        return x
    }

    /// The `N` in `[lowest, highest]` where the increasing function `f`
    /// reaches `target`, or nil when `f(lowest)` is already there (or `f(highest)`
    /// never gets there): Illinois false position, then bisection if slow.
    static func root(lowest: Double, highest: Double, target: Double, _ f: (Double) -> Double) -> Double? {
        var a = lowest, b = highest
        var fa = f(a) - target, fb = f(b) - target
        if fa >= 0 || fb < 0 { return nil }
        var side = 0
        for iteration in 0..<200 {
            if b - a <= max(1e-7 * b, 1e-3) { break }
            // False position in the middle of the search, bisection when it stalls.
            let c = iteration % 4 == 3 || !(fa.isFinite && fb.isFinite) ? (a + b) / 2 : (a * fb - b * fa) / (fb - fa)
            let fc = f(c) - target
            // f is about a standard normal deviate: 1e-7 of one is far below a person.
            if abs(fc) < 1e-7 { return c }
            if fc < 0 {
                a = c; fa = fc
                if side == -1 { fb /= 2 }
                side = -1
            } else {
                b = c; fb = fc
                if side == 1 { fa /= 2 }
                side = 1
            }
        }
        return (a + b) / 2
    }
}
