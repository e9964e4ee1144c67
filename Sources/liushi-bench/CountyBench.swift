import Foundation
import LiushiConfig
import LiushiCore

/// Issue 15: a county of 1,300 township files holding 20,000 villages. Times loading the folder
/// in process (the fast reader and the libyaml-based composer alone, in parallel pieces and in
/// one) and `liushi upcoming --days 14` end to end over it.
enum CountyBench {
    static let villages = 20_000
    static let townships = 1_300

    /// One township file: township `k`'s share of the villages, each overriding two rules.
    static func townshipYAML(_ k: Int) -> String {
        ConfigBench.townshipYAML(name: "测试\(k)镇", weekday: ["mon", "tue", "wed", "thu", "fri"][k % 5],
                                 villages: (villages * k / townships)..<(villages * (k + 1) / townships))
    }

    /// The folder's files in memory, as `liushi` reads them.
    static func files() -> CountyFiles {
        CountyFiles(townships: (0..<townships).map { k in
            ConfigText(path: "townships/" + id(k) + ".yaml", text: townshipYAML(k))
        }, county: ConfigText(path: "county.yaml", text: "name: 测试市\n"), folder: "townships")
    }

    /// Writes the county as a configuration folder: `townships/*.yaml` and `county.yaml`.
    static func writeFolder(_ county: CountyFiles, to dir: URL) throws {
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("townships"), withIntermediateDirectories: true)
        for f in county.townships {
            try f.text.write(to: dir.appendingPathComponent(f.path), atomically: false, encoding: .utf8)
        }
        try "name: 测试市\n".write(to: dir.appendingPathComponent("county.yaml"), atomically: false, encoding: .utf8)
    }

    static func id(_ k: Int) -> String { "t" + String(10_000 + k) }

    static func median(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
        var samples: [Double] = []
        for _ in 0..<runs {
            let t0 = Measure.now()
            try body()
            samples.append(Double(Measure.now() - t0))
        }
        return samples.sorted()[runs / 2]
    }

    static func run() throws {
        let county = files()
        let bytes = county.townships.reduce(0) { $0 + $1.text.utf8.count }
        Measure.report("county.files", Double(county.townships.count), "files")
        Measure.report("county.size", Double(bytes) / 1_048_576, "MB")
        guard case .success(let loaded) = ConfigLoader.load(county: county, holidayFiles: []) else {
            throw BenchError("the generated county did not load")
        }
        if loaded.schedule.villages.count != villages { throw BenchError("the county has \(loaded.schedule.villages.count) villages") }
        // In process: parsing only (the files are already in memory).
        let fast = try median(5) {
            guard case .success = ConfigLoader.load(county: county, holidayFiles: []) else { throw BenchError("load failed") }
        }
        Measure.report("county.load_fast_reader", fast / 1e6, "ms")
        let composer = try median(5) {
            let r = YAMLReading.$fastReader.withValue(false) { ConfigLoader.load(county: county, holidayFiles: []) }
            guard case .success(let other) = r, other.townships == loaded.townships else {
                throw BenchError("the composer's reading differs from the fast reader's")
            }
        }
        Measure.report("county.load_composer_only", composer / 1e6, "ms")
        let onePiece = try median(3) {
            guard case .success = ConfigLoader.load(county: county, holidayFiles: [], pieces: 1) else { throw BenchError("load failed") }
        }
        Measure.report("county.load_fast_reader_one_piece", onePiece / 1e6, "ms")
        let composerOnePiece = try median(3) {
            let r = YAMLReading.$fastReader.withValue(false) { ConfigLoader.load(county: county, holidayFiles: [], pieces: 1) }
            guard case .success = r else { throw BenchError("load failed") }
        }
        Measure.report("county.load_composer_only_one_piece", composerOnePiece / 1e6, "ms")
        // A part of loading: the villages' schedule (built once per load).
        let schedule = median(5) { _ = Schedule(villages: loaded.township.villages, calendar: loaded.calendar) }
        Measure.report("county.schedule_20000_villages", schedule / 1e6, "ms")

        // End to end: the binary reads the folder (1,300 files) and prints 14 days.
        guard FileManager.default.isExecutableFile(atPath: ConfigBench.binary) else {
            throw BenchError("build the liushi binary first: swift build -c release --product liushi")
        }
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("liushi-bench-county-\(getpid())")
        try writeFolder(county, to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let upcoming = ["upcoming", "--days", "14", "--today", "2027-03-01", "--config", dir.path]
        Measure.report("cli.upcoming14.county_1300_files_no_cache",
                       try median(5) { _ = try ConfigBench.runOnce(upcoming, env: ConfigBench.noCache) } / 1e6, "ms")
        _ = try ConfigBench.runOnce(upcoming)
        Measure.report("cli.upcoming14.county_1300_files", try median(7) { _ = try ConfigBench.runOnce(upcoming) } / 1e6, "ms")
        let one = upcoming + ["--township", id(650)]
        Measure.report("cli.upcoming14.county_one_township", try median(7) { _ = try ConfigBench.runOnce(one) } / 1e6, "ms")
    }
}
