// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "runbook",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "runbook", targets: ["runbook"]),
        .library(name: "RunbookCore", targets: ["RunbookCore"]),
        .library(name: "BoltClient", targets: ["BoltClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
    ],
    targets: [
        // SHA-256 for RunbookCore (journal hash chain, runbook digests): the system's libcrypto, pure computation.
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(
            name: "RunbookCore",
            dependencies: ["CLibCrypto", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RunbookEngine",
            dependencies: ["RunbookCore", "CZlib"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "runbook",
            dependencies: [
                "RunbookCore",
                "RunbookEngine",
                "ShellConnector",
                "PostgresConnector",
                "CypherConnector",
                "PostgresStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ShellConnector",
            dependencies: [
                "RunbookCore",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "shell-bench",
            dependencies: ["ShellConnector"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ShellConnectorTests",
            dependencies: ["ShellConnector", "RunbookCore"],
            swiftSettings: swiftSettings
        ),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // The one libpq connection type and the threads its blocking calls run on, shared by the SQL connector and the
        // PostgreSQL run store.
        .target(
            name: "PostgresLibPQ",
            dependencies: ["CLibPQ", .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "PostgresConnector",
            dependencies: ["RunbookCore", "PostgresLibPQ", .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "pg-bench",
            dependencies: ["PostgresConnector", "RunbookCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PostgresConnectorTests",
            dependencies: ["RunbookTestSupport", "PostgresConnector", "RunbookCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RunbookCoreTests",
            dependencies: ["RunbookTestSupport", "RunbookCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RunbookEngineTests",
            dependencies: ["RunbookTestSupport", "RunbookCore", "RunbookEngine", "ShellConnector"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RunbookCLITests",
            dependencies: ["RunbookTestSupport", "RunbookCore", "runbook"],
            exclude: ["Snapshots"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        // MARK: Bolt client (BoltClient, CypherConnector, bolt-bench)
        .target(
            name: "BoltClient",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CypherConnector",
            dependencies: ["RunbookCore", "BoltClient"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BoltClientTests",
            dependencies: [
                "BoltClient",
                "CypherConnector",
                "RunbookCore",
                "RunbookTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CypherConnectorTests",
            dependencies: ["CypherConnector", "BoltClient", "RunbookCore", "RunbookTestSupport"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "bolt-bench",
            dependencies: ["BoltClient"],
            swiftSettings: swiftSettings
        ),
        // MARK: Team mode: the PostgreSQL run store (PostgresStore)
        .target(
            name: "PostgresStore",
            dependencies: ["RunbookEngine", "RunbookCore", "PostgresLibPQ"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "state-store-bench",
            dependencies: ["PostgresStore", "RunbookEngine", "RunbookCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PostgresStoreTests",
            dependencies: ["RunbookTestSupport", "PostgresStore", "RunbookEngine", "RunbookCore"],
            swiftSettings: swiftSettings
        ),
        // The floor of benchmarks/backfill.sh: the same UNWIND batches from rows already in memory.
        .executableTarget(
            name: "backfill-floor",
            dependencies: ["BoltClient", "PostgresConnector", "RunbookCore"],
            swiftSettings: swiftSettings
        ),
        // Helpers shared by the test targets (waiting for child processes).
        .target(
            name: "RunbookTestSupport",
            dependencies: ["RunbookCore"],
            path: "Tests/RunbookTestSupport",
            swiftSettings: swiftSettings
        ),
    ]
)
