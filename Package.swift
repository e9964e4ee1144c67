// swift-tools-version:6.0
import PackageDescription

// Layers, imports one way only (each target imports only targets below it, and only those it uses):
//
//   liushi (executable: clock, environment, files)
//     ├── LiushiTerminal (ncurses backend) → LiushiUI (model, update, views into a cell buffer)
//     ├── LiushiReports (text, html, csv, ics, json)            ─┐
//     ├── LiushiStore (SQLite through GRDB, or PostgreSQL through libpq: items, events, marks) │
//     └── LiushiActualSchedule (the schedule as it is: plan + marks + items due) ← LiushiUI, LiushiReports
//           └── LiushiConfig (YAML → rules, holiday years) → LiushiEmbedded (Config/ as source)
//                 └── LiushiCore (dates, periods, lunar, working days, rules, expansion, items as values)
//
//   LiushiStore imports only LiushiCore: it reads and writes values; LiushiActualSchedule computes.
//   See docs/ARCHITECTURE.md.
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
        .target(name: "LiushiCore"),
        .target(name: "LiushiEmbedded", swiftSettings: v5),
        .target(name: "LiushiConfig",
                dependencies: ["LiushiCore", "LiushiEmbedded", .product(name: "Yams", package: "Yams")],
                swiftSettings: v5),
        .target(name: "LiushiActualSchedule", dependencies: ["LiushiCore", "LiushiConfig"], swiftSettings: v5),
        // libpq, looked up at run time (dlopen "libpq.so.5") only when a PostgreSQL store is used:
        // no build-time dependency, and the binary runs where libpq is not installed.
        .target(name: "CLibpq", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "LiushiStore",
                dependencies: ["LiushiCore", "CLibpq", .product(name: "GRDB", package: "GRDB.swift")],
                swiftSettings: v5),
        .target(name: "LiushiReports", dependencies: ["LiushiCore", "LiushiConfig", "LiushiActualSchedule"], swiftSettings: v5),
        .target(name: "LiushiUI", dependencies: ["LiushiCore", "LiushiConfig", "LiushiActualSchedule", "LiushiReports"]),
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncursesw5-dev"])]),
        .target(name: "LiushiTerminal", dependencies: ["CNcursesw", "LiushiUI"], swiftSettings: v5),
        .executableTarget(name: "liushi",
                          dependencies: ["LiushiCore", "LiushiConfig", "LiushiActualSchedule", "LiushiStore", "LiushiReports",
                                         "LiushiUI", "LiushiTerminal",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          swiftSettings: v5),
        .executableTarget(name: "liushi-bench",
                          dependencies: ["LiushiCore", "LiushiConfig", "LiushiActualSchedule", "LiushiStore", "LiushiReports",
                                         "LiushiUI", .product(name: "GRDB", package: "GRDB.swift")],
                          swiftSettings: v5),
        .testTarget(name: "LiushiCoreTests", dependencies: ["LiushiCore"], exclude: ["Fixtures"], swiftSettings: v5),
        .testTarget(name: "LiushiConfigTests", dependencies: ["LiushiConfig", "LiushiEmbedded"], exclude: ["Fixtures"], swiftSettings: v5),
        .testTarget(name: "LiushiStoreTests", dependencies: ["LiushiStore"], swiftSettings: v5),
        .testTarget(name: "LiushiActualScheduleTests", dependencies: ["LiushiActualSchedule", "LiushiReports", "LiushiUI"],
                    swiftSettings: v5),
        .testTarget(name: "LiushiReportsTests", dependencies: ["LiushiReports"], exclude: ["Golden", "check_ics.py"],
                    swiftSettings: v5),
        .testTarget(name: "LiushiUITests", dependencies: ["LiushiUI"], exclude: ["Golden"], swiftSettings: v5),
        // Depends on the executable so that `swift test` builds the binary these tests run.
        .testTarget(name: "EndToEndTests", dependencies: ["LiushiCore", "liushi"], exclude: ["Golden"], swiftSettings: v5),
    ]
)
