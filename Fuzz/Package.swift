// swift-tools-version:6.0
import PackageDescription

// Coverage-guided fuzzing of Liushi's readers of user input (libFuzzer). Not part of the main
// package: `swift build` there never sees the fuzzer flags. Sources/ links to the main package's
// modules; Scripts/fuzz.sh builds this package with `-sanitize=fuzzer,address` and runs a target.
let v5: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
    name: "LiushiFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .target(name: "LiushiCore", path: "Sources/LiushiCore", swiftSettings: v5),
        .target(name: "LiushiEmbedded", path: "Sources/LiushiEmbedded", swiftSettings: v5),
        .target(name: "LiushiConfig",
                dependencies: ["LiushiCore", "LiushiEmbedded", .product(name: "Yams", package: "Yams")],
                path: "Sources/LiushiConfig", swiftSettings: v5),
        .target(name: "CLibpq", path: "Sources/CLibpq", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "LiushiStore",
                dependencies: ["LiushiCore", "LiushiConfig", "CLibpq", .product(name: "GRDB", package: "GRDB.swift")],
                path: "Sources/LiushiStore", swiftSettings: v5),
        .executableTarget(name: "liushi-fuzz",
                          dependencies: ["LiushiCore", "LiushiConfig", "LiushiStore", .product(name: "Yams", package: "Yams")],
                          path: "Targets/LiushiFuzz",
                          swiftSettings: v5 + [.unsafeFlags(["-parse-as-library"])]),
    ]
)
