// swift-tools-version:6.0
import PackageDescription

// Layers, imports one way only (left may import right):
//   liushi (executable) → LiushiTerminal → LiushiUI → LiushiReports → LiushiStore → LiushiConfig → LiushiCore
//   LiushiEmbedded holds the files of Config/ as Swift source (generated, see Scripts/embed-config.py).
let v5: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
    name: "Liushi",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "liushi", targets: ["liushi"]),
        .executable(name: "liushi-bench", targets: ["liushi-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Pure core: dates, periods, lunar calendar, working days, rules, expansion, display width. Stdlib only.
        .target(name: "LiushiCore", swiftSettings: v5),
        .target(name: "LiushiEmbedded", swiftSettings: v5),
        .target(name: "LiushiConfig",
                dependencies: ["LiushiCore", "LiushiEmbedded", .product(name: "Yams", package: "Yams")],
                swiftSettings: v5),
        .target(name: "LiushiStore",
                dependencies: ["LiushiCore", "LiushiConfig", .product(name: "GRDB", package: "GRDB.swift")],
                swiftSettings: v5),
        .target(name: "LiushiReports", dependencies: ["LiushiCore", "LiushiConfig"], swiftSettings: v5),
        .target(name: "LiushiUI", dependencies: ["LiushiCore", "LiushiConfig", "LiushiReports"], swiftSettings: v5),
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncursesw5-dev"])]),
        .target(name: "LiushiTerminal", dependencies: ["CNcursesw", "LiushiUI"], swiftSettings: v5),
        .executableTarget(name: "liushi",
                          dependencies: ["LiushiCore", "LiushiConfig", "LiushiStore", "LiushiReports", "LiushiUI",
                                         "LiushiTerminal",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          swiftSettings: v5),
        .executableTarget(name: "liushi-bench",
                          dependencies: ["LiushiCore", "LiushiConfig", "LiushiStore", "LiushiReports", "LiushiUI"],
                          swiftSettings: v5),
        .testTarget(name: "LiushiCoreTests", dependencies: ["LiushiCore"], exclude: ["Fixtures"], swiftSettings: v5),
        .testTarget(name: "LiushiConfigTests", dependencies: ["LiushiConfig", "LiushiEmbedded"], swiftSettings: v5),
        .testTarget(name: "LiushiStoreTests", dependencies: ["LiushiStore"], swiftSettings: v5),
        .testTarget(name: "LiushiReportsTests", dependencies: ["LiushiReports"], exclude: ["Golden", "check_ics.py"],
                    swiftSettings: v5),
        .testTarget(name: "LiushiUITests", dependencies: ["LiushiUI"], exclude: ["Golden"], swiftSettings: v5),
        // Depends on the executable so that `swift test` builds the binary these tests run.
        .testTarget(name: "EndToEndTests", dependencies: ["LiushiCore", "liushi"], exclude: ["Golden"], swiftSettings: v5),
    ]
)
