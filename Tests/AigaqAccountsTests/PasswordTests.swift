@testable import AigaqAccounts
import Foundation
import Testing

@Suite struct PasswordTests {
    let hasher = PasswordHasher.forTesting(cost: 4)

    @Test func aHashVerifiesItsPasswordAndNoOther() {
        let stored = hasher.hash("tulip under the snow 1986")
        #expect(stored.hasPrefix("bcrypt-sha256:$2b$04$"))
        #expect(hasher.verify("tulip under the snow 1986", against: stored))
        #expect(!hasher.verify("tulip under the snow 1987", against: stored))
        #expect(!hasher.verify("", against: stored))
    }

    @Test func theSamePasswordHashesDifferentlyEachTime() {
        #expect(hasher.hash("same password here") != hasher.hash("same password here"))
    }

    @Test func passwordsLongerThanBcryptsLimitStillCountEveryCharacter() {
        // bcrypt alone reads 72 bytes: 36 Cyrillic letters. These differ only after that.
        let long = String(repeating: "Жыланбаев", count: 10)
        let stored = hasher.hash(long + "А")
        #expect(hasher.verify(long + "А", against: stored))
        #expect(!hasher.verify(long + "Б", against: stored))
    }

    @Test func composedAndDecomposedAccentsAreOnePassword() {
        let composed = "caf\u{E9} au lait 2024"
        let decomposed = "cafe\u{301} au lait 2024"
        #expect(Array(composed.utf8) != Array(decomposed.utf8))
        #expect(hasher.verify(decomposed, against: hasher.hash(composed)))
    }

    @Test(arguments: ["", "plain", "bcrypt-sha256:", "bcrypt-sha256:$2b$04$short", "$2b$04$abcdefghijklmnopqrstuuKc3O1hYl4bWm2zGQ1L6YI0yY8lG1bD6"])
    func malformedStoredHashesNeverVerify(_ stored: String) {
        #expect(!hasher.verify("anything at all", against: stored))
    }

    @Test func theProductionCostIs12AndLowerCostsAreRehashed() {
        #expect(PasswordHasher.standard.cost == 12)
        let cheap = hasher.hash("some long password")
        #expect(PasswordHasher.standard.needsRehash(cheap))
        #expect(!hasher.needsRehash(cheap))
        #expect(PasswordHasher.forTesting(cost: 1).cost == 4)
    }

    @Test func theDecoyHashHasTheProductionCost() {
        #expect(PasswordHasher.cost(of: DecoyHash.production) == 12)
        #expect(DecoyHash.shared.hash(for: .standard) == DecoyHash.production)
    }

    @Test(arguments: [
        ("short", "alice", "at least 12"),
        ("alice-secret-words", "alice", "username"),
        ("aaaaaaaaaaaaaaaa", "bob", "different"),
    ])
    func thePolicyRefusesWeakPasswords(_ password: String, _ user: String, _ reason: String) {
        #expect(throws: AccountError.self) { try PasswordPolicy.check(password, username: user) }
        do { try PasswordPolicy.check(password, username: user) } catch {
            #expect(error.message.contains(reason))
        }
    }

    @Test func generatedPasswordsAreLongRandomAndPassThePolicy() throws {
        let a = PasswordPolicy.generate(), b = PasswordPolicy.generate()
        #expect(a != b)
        #expect(a.count == 29)
        #expect(a.split(separator: "-").count == 6)
        #expect(a.allSatisfy { "abcdefghijkmnpqrstuvwxyz23456789-".contains($0) })
        try PasswordPolicy.check(a, username: "alice")
    }
}
