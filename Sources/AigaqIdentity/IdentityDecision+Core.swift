import AigaqCore

extension IdentityDecision {
    /// The identity decision a stored ``AigaqCore/Decision`` holds, or nil for
    /// review decisions (accept, reject, merge) and revoked ones: a revoked
    /// decision no longer applies, which is how a merge is undone.
    public init?(_ decision: Decision) {
        guard decision.isActive, let other = decision.object else { return nil }
        let verdict: IdentityVerdict
        switch decision.verdict {
        case .same: verdict = .same
        case .notSame: verdict = .notSame
        case .unsure: verdict = .unsure
        case .accept, .reject, .merge: return nil
        }
        self.init(a: decision.subject, b: other, verdict: verdict, who: decision.actor, when: decision.at,
                  why: decision.reason ?? "")
    }
}
