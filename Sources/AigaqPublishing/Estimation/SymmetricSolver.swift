/// Cholesky factorisation of small symmetric positive-definite matrices, the
/// only linear algebra that fitting a log-linear model needs (a few dozen
/// unknowns at most). Matrices are row-major `[Double]` of `n × n`.
struct Cholesky {
    let n: Int
    /// The lower triangle `L` with `A = L Lᵀ`, row-major.
    private let l: [Double]

    /// Factorises `a`; nil when `a` is not positive definite to working
    /// precision (a pivot below `1e-12` of the largest diagonal element),
    /// which for a design matrix means its columns are not independent.
    init?(_ a: [Double], n: Int) {
        precondition(a.count == n * n)
        self.n = n
        var l = [Double](repeating: 0, count: n * n)
        let ok = a.withUnsafeBufferPointer { a in
            l.withUnsafeMutableBufferPointer { l in
                var largest = 0.0
                for i in 0..<n { largest = max(largest, abs(a[i * n + i])) }
                let floor = max(largest, 1e-300) * 1e-12
                for j in 0..<n {
                    var d = a[j * n + j]
                    for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
                    guard d > floor, d.isFinite else { return false }
                    let pivot = d.squareRoot()
                    l[j * n + j] = pivot
                    for i in (j + 1)..<n {
                        var s = a[i * n + j]
                        for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                        l[i * n + j] = s / pivot
                    }
                }
                return true
            }
        }
        guard ok else { return nil }
        self.l = l
    }

    /// Solves `A x = b`.
    func solve(_ b: [Double]) -> [Double] {
        var x = [Double](repeating: 0, count: n)
        solve(b, into: &x)
        return x
    }

    /// Solves `A x = b` into `x` (of `n` elements).
    func solve(_ b: [Double], into x: inout [Double]) {
        precondition(b.count == n && x.count == n)
        l.withUnsafeBufferPointer { l in
            x.withUnsafeMutableBufferPointer { y in
                for i in 0..<n {
                    var s = b[i]
                    for k in 0..<i { s -= l[i * n + k] * y[k] }
                    y[i] = s / l[i * n + i]
                }
                for i in stride(from: n - 1, through: 0, by: -1) {
                    var s = y[i]
                    for k in (i + 1)..<n { s -= l[k * n + i] * y[k] }
                    y[i] = s / l[i * n + i]
                }
            }
        }
    }

    /// `A⁻¹`, row-major: the covariance of the coefficients when `A` is the
    /// Fisher information.
    func inverse() -> [Double] {
        var inv = [Double](repeating: 0, count: n * n)
        var e = [Double](repeating: 0, count: n)
        var column = [Double](repeating: 0, count: n)
        for j in 0..<n {
            for i in 0..<n { e[i] = i == j ? 1 : 0 }
            solve(e, into: &column)
            for i in 0..<n { inv[i * n + j] = column[i] }
        }
        return inv
    }
}
