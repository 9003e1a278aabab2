import Foundation

/// A design matrix: one row per cell of a contingency table, one column per
/// parameter of the model. Row-major.
struct Design: Sendable {
    let rows: Int
    let columns: Int
    var values: [Double]

    init(rows: Int, columns: Int, values: [Double]) {
        precondition(values.count == rows * columns)
        self.rows = rows; self.columns = columns; self.values = values
    }

    subscript(row: Int, column: Int) -> Double { values[row * columns + column] }
}

/// A Poisson log-linear model fitted by maximum likelihood.
struct PoissonFit: Sendable {
    var coefficients: [Double]
    var fitted: [Double]
    /// `2 Σ [y log(y/μ) − (y − μ)]`.
    var deviance: Double
    /// The full Poisson log-likelihood, `Σ [y log μ − μ − log y!]`.
    var logLikelihood: Double
    /// `(Xᵀ W X)⁻¹` at the estimate, row-major: the coefficients' covariance.
    var covariance: [Double]
    var iterations: Int
}

/// Why a model could not be fitted.
enum FitFailure: Error, Equatable, Sendable {
    /// The design's columns are not independent on the cells with weight.
    case singular
    /// The likelihood has no finite maximum: some parameter runs off to
    /// infinity, as happens when a margin the model needs has no one in it.
    case diverged
}

/// Iteratively reweighted least squares for the Poisson GLM with log link,
/// as in McCullagh and Nelder (1989, §2.5): the working response
/// `z = η + (y − μ)/μ` is regressed on `X` with weights `μ` until the
/// deviance stops changing. Written here rather than borrowed because the
/// systems are tiny and the package has no numerical dependency. The inner
/// loops use buffer pointers: an interval needs hundreds of fits, and the
/// tests run unoptimised builds.
enum PoissonGLM {
    /// - Parameter details: false to skip the covariance and log-likelihood
    ///   (a profile needs only the fitted values).
    static func fit(_ x: Design, counts y: [Double], start: [Double]? = nil, details: Bool = true,
                    maxIterations: Int = 100, tolerance: Double = 1e-10) -> Result<PoissonFit, FitFailure> {
        precondition(y.count == x.rows)
        let p = x.columns, rows = x.rows
        var beta = start.flatMap { $0.count == p ? $0 : nil } ?? [Double](repeating: 0, count: p)
        var eta = [Double](repeating: 0, count: rows)
        var mu = [Double](repeating: 0, count: rows)
        var xtwx = [Double](repeating: 0, count: p * p)
        var xtwz = [Double](repeating: 0, count: p)
        var next = [Double](repeating: 0, count: p)

        x.values.withUnsafeBufferPointer { xv in
            y.withUnsafeBufferPointer { yv in
                if start != nil && beta.count == p {
                    predict(xv, beta, rows, p, &eta)
                } else {
                    for r in 0..<rows { eta[r] = log(yv[r] + 0.1) }  // R's glm starts Poisson fits at y + 0.1
                }
            }
        }
        for r in 0..<rows { mu[r] = exp(eta[r]) }
        var deviance = Self.deviance(y, mu)

        for iteration in 1...maxIterations {
            guard mu.allSatisfy({ $0 > 0 && $0.isFinite }) else { return .failure(.diverged) }
            // Weighted normal equations Xᵀ W X β = Xᵀ W z with W = μ.
            x.values.withUnsafeBufferPointer { xv in
                xtwx.withUnsafeMutableBufferPointer { a in
                    xtwz.withUnsafeMutableBufferPointer { b in
                        for i in 0..<(p * p) { a[i] = 0 }
                        for i in 0..<p { b[i] = 0 }
                        for r in 0..<rows {
                            let w = mu[r]
                            let wz = w * eta[r] + (y[r] - mu[r])
                            let base = r * p
                            for i in 0..<p {
                                let xi = xv[base + i]
                                if xi == 0 { continue }
                                b[i] += xi * wz
                                let wxi = w * xi
                                for j in 0...i { a[i * p + j] += wxi * xv[base + j] }
                            }
                        }
                        for i in 0..<p { for j in 0..<i { a[j * p + i] = a[i * p + j] } }
                    }
                }
            }
            guard let chol = Cholesky(xtwx, n: p) else { return .failure(.singular) }
            chol.solve(xtwz, into: &next)
            var nextDeviance = devianceAt(x, y, next, &eta, &mu)
            // Step halving when a step overshoots into overflow.
            var halvings = 0
            while !nextDeviance.isFinite && halvings < 30 {
                for i in 0..<p { next[i] = (beta[i] + next[i]) / 2 }
                nextDeviance = devianceAt(x, y, next, &eta, &mu)
                halvings += 1
            }
            guard nextDeviance.isFinite else { return .failure(.diverged) }
            let converged = abs(nextDeviance - deviance) / (abs(nextDeviance) + 0.1) < tolerance
            beta = next; deviance = nextDeviance
            if converged {
                // A parameter this large means the maximum is at infinity:
                // the fit crept towards a boundary rather than converging.
                guard beta.dropFirst().allSatisfy({ abs($0) < 25 }) else { return .failure(.diverged) }
                guard details else {
                    return .success(PoissonFit(coefficients: beta, fitted: mu, deviance: deviance, logLikelihood: .nan,
                                               covariance: [], iterations: iteration))
                }
                var information = [Double](repeating: 0, count: p * p)
                for r in 0..<rows {
                    let base = r * p
                    for i in 0..<p where x.values[base + i] != 0 {
                        for j in 0..<p { information[i * p + j] += x.values[base + i] * mu[r] * x.values[base + j] }
                    }
                }
                guard let finalChol = Cholesky(information, n: p) else { return .failure(.diverged) }
                var logLikelihood = 0.0
                for r in 0..<rows {
                    logLikelihood += (y[r] > 0 ? y[r] * log(mu[r]) : 0) - mu[r] - lgamma(y[r] + 1)
                }
                return .success(PoissonFit(coefficients: beta, fitted: mu, deviance: deviance,
                                           logLikelihood: logLikelihood, covariance: finalChol.inverse(),
                                           iterations: iteration))
            }
        }
        return .failure(.diverged)
    }

    private static func predict(_ xv: UnsafeBufferPointer<Double>, _ beta: [Double], _ rows: Int, _ p: Int,
                                _ eta: inout [Double]) {
        beta.withUnsafeBufferPointer { b in
            for r in 0..<rows {
                var s = 0.0
                for c in 0..<p { s += xv[r * p + c] * b[c] }
                eta[r] = s
            }
        }
    }

    /// Sets `eta` and `mu` for `beta` and returns the deviance there.
    private static func devianceAt(_ x: Design, _ y: [Double], _ beta: [Double], _ eta: inout [Double],
                                   _ mu: inout [Double]) -> Double {
        x.values.withUnsafeBufferPointer { xv in predict(xv, beta, x.rows, x.columns, &eta) }
        for r in 0..<x.rows { mu[r] = exp(eta[r]) }
        return deviance(y, mu)
    }

    static func deviance(_ y: [Double], _ mu: [Double]) -> Double {
        var d = 0.0
        for i in y.indices {
            d += (y[i] > 0 ? y[i] * log(y[i] / mu[i]) : 0) - (y[i] - mu[i])
        }
        return 2 * d
    }
}
