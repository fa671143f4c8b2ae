// swift-tools-version:6.0
import Foundation
import PackageDescription

/// Release builds of the store and the engine skip run-time exclusivity checks (about a tenth of
/// query time in profiles); debug builds, which the tests use, keep them.
let fast: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "cadre",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cadre", targets: ["cadre"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .target(name: "CLibEditShim", dependencies: ["CLibEdit"]),
        .target(name: "CadreGraph", swiftSettings: fast),
        .target(name: "CadreQuery", dependencies: ["CadreGraph"], swiftSettings: fast),
        .target(name: "CadreExport", dependencies: ["CadreGraph"]),
        .target(name: "CadreShell", dependencies: ["CadreGraph", "CadreQuery", "CadreExport", "CLibEdit", "CLibEditShim"]),
        .executableTarget(
            name: "cadre",
            dependencies: [
                "CadreGraph",
                "CadreQuery",
                "CadreExport",
                "CadreShell",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "CadreTCK", dependencies: ["CadreGraph", "CadreQuery"], path: "Tests/CadreTCK"),
        .executableTarget(name: "cadre-tck", dependencies: ["CadreTCK"], path: "Tests/cadre-tck"),
        .executableTarget(name: "cadre-generate", dependencies: ["CadreGraph", "CadreExport"], path: "benchmarks/Generator"),
        .executableTarget(name: "cadre-bench", dependencies: ["CadreGraph", "CadreQuery"], path: "benchmarks/Bench"),
        .testTarget(name: "CadreGraphTests", dependencies: ["CadreGraph"]),
        .testTarget(name: "CadreQueryTests", dependencies: ["CadreQuery", "CadreGraph", "CadreTCK"]),
        .testTarget(name: "CadreExportTests", dependencies: ["CadreExport", "CadreGraph"]),
        .testTarget(name: "CadreShellTests", dependencies: ["CadreShell", "CadreGraph", "CadreExport"]),
        .testTarget(name: "CadreCLITests", dependencies: ["cadre", "cadre-generate", "CadreGraph", "CadreQuery"]),
    ],
    swiftLanguageModes: [.v6]
)

// `make fuzz` only (CADRE_FUZZ=1): the libFuzzer target, whose `main` libFuzzer provides.
if ProcessInfo.processInfo.environment["CADRE_FUZZ"] != nil {
    package.targets.append(.executableTarget(name: "cadre-fuzz", dependencies: ["CadreGraph", "CadreQuery"], path: "fuzz",
                                             swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
}
