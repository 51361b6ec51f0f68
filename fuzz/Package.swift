// swift-tools-version: 6.1
// libFuzzer targets for Runbook's parsers. Kept apart from the main package so that its build and CI are
// untouched; build with `scripts/fuzz.sh` (swift build -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld). Each target's main.swift
// hands its entry function to LLVMFuzzerRunDriver.
import PackageDescription

let settings: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "runbook-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "runbook", path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
    ],
    targets: [
        // libFuzzer's driver entry point, declared for Swift.
        .target(name: "CFuzzDriver"),
        .executableTarget(
            name: "FuzzRunbookLoader",
            dependencies: ["CFuzzDriver", .product(name: "RunbookCore", package: "runbook")],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "FuzzExpressions",
            dependencies: ["CFuzzDriver", .product(name: "RunbookCore", package: "runbook")],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "FuzzJournal",
            dependencies: ["CFuzzDriver", .product(name: "RunbookCore", package: "runbook")],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "FuzzRedactor",
            dependencies: ["CFuzzDriver", .product(name: "RunbookCore", package: "runbook")],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "FuzzBolt",
            dependencies: [
                "CFuzzDriver",
                .product(name: "BoltClient", package: "runbook"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "FuzzPostgresArray",
            dependencies: ["CFuzzDriver", .product(name: "RunbookCore", package: "runbook")],
            swiftSettings: settings
        ),
    ]
)
