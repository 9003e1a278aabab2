// swift-tools-version: 6.1
import PackageDescription

// Strict settings for our own sources (see docs/ARCHITECTURE.md).
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "aigaq",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "aigaq", targets: ["aigaq"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/pointfreeco/swift-tagged", from: "0.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        .target(
            name: "AigaqCore",
            dependencies: [
                .product(name: "Tagged", package: "swift-tagged"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Resources/vocabulary")],
            swiftSettings: strict
        ),
        .target(
            name: "AigaqExtraction",
            dependencies: [
                "AigaqCore",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strict
        ),
        .target(name: "AigaqIdentity", dependencies: ["AigaqCore"], swiftSettings: strict),
        .target(
            name: "AigaqStore",
            // Crypto: sealed fields (AES-GCM) are sealed the same way by every store.
            dependencies: ["AigaqCore", .product(name: "Tagged", package: "swift-tagged"), .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(
            name: "AigaqSQLite",
            dependencies: ["AigaqStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .target(
            name: "AigaqPostgres",
            dependencies: [
                "AigaqStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "AigaqReview",
            dependencies: ["AigaqCore", "AigaqStore", "AigaqIdentity", .product(name: "Tagged", package: "swift-tagged")],
            swiftSettings: strict
        ),
        .target(
            name: "AigaqAccounts",
            dependencies: [
                "AigaqCore", "AigaqStore",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "AigaqPublishing",
            dependencies: ["AigaqCore", "AigaqStore", .product(name: "Tagged", package: "swift-tagged")],
            swiftSettings: strict
        ),
        .target(
            name: "AigaqWeb",
            dependencies: [
                "AigaqCore", "AigaqStore", "AigaqPublishing", "AigaqReview", "AigaqIdentity", "AigaqExtraction", "AigaqAccounts",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Resources/strings"), .copy("Resources/static")],
            swiftSettings: strict
        ),
        .target(
            name: "AigaqCommands",
            dependencies: [
                "AigaqCore", "AigaqStore", "AigaqSQLite", "AigaqPostgres", "AigaqExtraction", "AigaqIdentity", "AigaqPublishing", "AigaqReview", "AigaqAccounts", "AigaqWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Resources/sample"), .copy("Resources/dataset"), .copy("Resources/demo")],
            swiftSettings: strict
        ),
        .executableTarget(name: "aigaq", dependencies: ["AigaqCommands"], swiftSettings: strict),
        .executableTarget(
            name: "aigaq-bench",
            dependencies: ["AigaqCore", "AigaqStore", "AigaqSQLite", "AigaqPostgres", "AigaqExtraction", "AigaqIdentity", "AigaqPublishing"],
            path: "Benchmarks/aigaq-bench",
            swiftSettings: strict
        ),

        // Random knowledge bases with secret markers, and the leak check every
        // public output's test uses (a library so that any test target can).
        .target(
            name: "AigaqTestSupport",
            dependencies: ["AigaqCore", "AigaqStore", "AigaqPublishing"],
            swiftSettings: strict
        ),

        .testTarget(name: "AigaqCoreTests", dependencies: ["AigaqCore"]),
        .testTarget(
            name: "AigaqExtractionTests",
            dependencies: ["AigaqExtraction"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "AigaqIdentityTests", dependencies: ["AigaqIdentity"]),
        .testTarget(name: "AigaqReviewTests", dependencies: ["AigaqReview", "AigaqSQLite"]),
        .testTarget(name: "AigaqSQLiteTests", dependencies: ["AigaqSQLite", "AigaqStore", "AigaqTestSupport"]),
        .testTarget(
            name: "AigaqWebTests",
            dependencies: ["AigaqWeb", "AigaqSQLite", "AigaqPostgres", "AigaqAccounts", "AigaqExtraction", "AigaqTestSupport",
                           .product(name: "HummingbirdTesting", package: "hummingbird"),
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // One behaviour suite over every backend (SQLite and PostgreSQL).
        .testTarget(name: "AigaqStoreTests", dependencies: ["AigaqStore", "AigaqSQLite", "AigaqPostgres", "AigaqTestSupport", "AigaqAccounts"]),
        .testTarget(name: "AigaqAccountsTests", dependencies: ["AigaqAccounts", "AigaqSQLite", "AigaqCommands"]),
        .testTarget(name: "AigaqCommandsTests", dependencies: ["AigaqCommands", "AigaqSQLite", "AigaqPostgres", "AigaqPublishing", "AigaqTestSupport"]),
        .testTarget(name: "AigaqPublishingTests", dependencies: ["AigaqPublishing", "AigaqSQLite", "AigaqStore", "AigaqTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

// The libFuzzer harness exists only when asked for (scripts/fuzz sets
// AIGAQ_FUZZ=1 and builds with -sanitize=fuzzer,address into .build-fuzz):
// without libFuzzer it could not link.
if Context.environment["AIGAQ_FUZZ"] != nil {
    package.targets.append(.executableTarget(
        name: "aigaq-fuzz",
        dependencies: ["AigaqCommands", "AigaqCore", "AigaqExtraction", "AigaqSQLite", "AigaqStore"],
        path: "Fuzz/aigaq-fuzz"
    ))
}
