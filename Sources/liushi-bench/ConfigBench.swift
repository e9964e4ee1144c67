import Foundation

/// Issue "Configuration and the command line": `liushi upcoming --days 14` end to end, over a
/// generated 20,000-village configuration and over the shipped township.
enum ConfigBench {
    /// A township of `count` villages with varied overrides (every village overrides two rules).
    static func provinceYAML(_ count: Int) -> String {
        townshipYAML(name: "大省测试镇", weekday: "mon", villages: 0..<count)
    }

    /// One township file: its five rules (the week's on `weekday`) and villages `villages`, each
    /// with two people and its own week day, time and xun day. The county bench's files too.
    static func townshipYAML(name: String, weekday: String, villages: Range<Int>) -> String {
        var out = """
        township:
          name: \(name)
        rhythms:
          week: { day: \(weekday), matters: [sort], time: "08:30", attendees: [committees, instructor] }
          xun: { day: 5, matters: [supervise] }
          month: { day: last fri, matters: [discuss], holiday: later }
          quarter: { month: 2, day: 10, matters: [decide], holiday: earlier }
          year: { month: 12, day: last workday, matters: [evaluate] }
        villages:

        """
        let weekdays = ["mon", "tue", "wed", "thu", "fri"]
        for i in villages {
            out += """
              - id: v\(100_000 + i)
                name: 第\(i)村
                liaison: 联系领导\(i / 4)
                instructor: 指导员\(i / 2)
                rhythms:
                  week: { day: \(weekdays[i % 5]), time: "\(8 + i % 8):\(i % 2 == 0 ? "00" : "30")" }
                  xun: { day: \(i % 10 + 1) }

            """
        }
        return out
    }

    /// The `liushi` binary built next to this benchmark.
    static var binary: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("liushi").path
    }

    /// Wall time of one run of the binary (spawned directly, output to /dev/null), in nanoseconds,
    /// and its peak resident memory in kB.
    static func runOnce(_ args: [String], env extra: [String: String] = [:]) throws -> Double { try runMeasured(args, env: extra).ns }

    /// The configuration cache of the runs (`$XDG_CACHE_HOME/liushi`): the bench's own, removed at exit.
    static let cacheHome = NSTemporaryDirectory() + "liushi-bench-cache-\(getpid())"
    /// A run that parses every configuration file, as the first run after a change does.
    static let noCache = ["LIUSHI_CACHE": "off"]

    /// The peak is read through `/usr/bin/time` when there is one (0 otherwise): a child spawned
    /// straight from this process reports this process's peak in its own (`ru_maxrss` keeps the
    /// larger of the memory it started with and its own).
    static func runMeasured(_ args: [String], env extra: [String: String] = [:]) throws -> (ns: Double, peakKB: Int) {
        var env = ProcessInfo.processInfo.environment
        env["LIUSHI_DB"] = "/nonexistent-liushi-bench/liushi.sqlite"
        env["XDG_CACHE_HOME"] = cacheHome
        for (k, v) in extra { env[k] = v }
        let time = "/usr/bin/time"
        let peakFile = NSTemporaryDirectory() + "liushi-bench-peak-\(getpid())"
        let withTime = FileManager.default.isExecutableFile(atPath: time)
        let command = withTime ? [time, "-f", "%M", "-o", peakFile, binary] : [binary]
        defer { if withTime { unlink(peakFile) } }
        let argv = (command + args).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        let t0 = Measure.now()
        guard posix_spawn(&pid, command[0], &actions, nil, argv, envp) == 0 else { throw BenchError("cannot start \(command[0])") }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let t = Double(Measure.now() - t0)
        if status != 0 { throw BenchError("liushi \(args.joined(separator: " ")) failed (wait status \(status))") }
        let peak = withTime ? (try? String(contentsOfFile: peakFile, encoding: .utf8)).flatMap {
            Int($0.split(separator: "\n").last.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? "")
        } ?? 0 : 0
        return (t, peak)
    }

    /// Median wall time (ms) and the largest peak memory (MB) of `runs` runs after one warm-up.
    static func median(_ args: [String], runs: Int, env: [String: String] = [:]) throws -> (ms: Double, peakMB: Double) {
        _ = try runMeasured(args, env: env)
        var samples: [Double] = [], peak = 0
        for _ in 0..<runs {
            let r = try runMeasured(args, env: env)
            samples.append(r.ns)
            peak = max(peak, r.peakKB)
        }
        samples.sort()
        return (samples[samples.count / 2] / 1e6, Double(peak) / 1024)
    }

    static func run() throws {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchError("build the liushi binary first: swift build -c release --product liushi")
        }
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("liushi-bench-config-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let yaml = provinceYAML(20_000)
        try yaml.write(to: dir.appendingPathComponent("liushi.yaml"), atomically: true, encoding: .utf8)
        if let keep = ProcessInfo.processInfo.environment["LIUSHI_BENCH_KEEP"], !keep.isEmpty {
            // The 20,000-village file, to compare two binaries' output by hand (`cmp`).
            try FileManager.default.createDirectory(atPath: keep + "/province", withIntermediateDirectories: true)
            try yaml.write(toFile: keep + "/province/liushi.yaml", atomically: true, encoding: .utf8)
        }
        Measure.report("config.province.file_size", Double(yaml.utf8.count) / 1_048_576, "MB")
        // `upcoming` over the province: 14 days as text and JSON, a year in JSON and text (with
        // peak memory: the output is written a few days at a time, so it does not grow with the
        // window); LIUSHI_BENCH_LONG=1 adds ten years in JSON.
        let window = { (days: Int, json: Bool) -> [String] in
            ["upcoming", "--days", String(days), "--today", "2027-03-01", "--config", dir.path] + (json ? ["--format", "json"] : [])
        }
        defer { try? FileManager.default.removeItem(atPath: cacheHome) }
        // Without the cache (every file parsed: the first run after the file changed), then the
        // first run with an empty cache (parses and writes it), then with the cache.
        var r = try median(window(14, false), runs: 5, env: noCache)
        Measure.report("cli.upcoming14.province_20000_villages_no_cache", r.ms, "ms")
        r = try median(window(14, true), runs: 5, env: noCache)
        Measure.report("cli.upcoming14_json.province_20000_villages_no_cache", r.ms, "ms")
        try? FileManager.default.removeItem(atPath: cacheHome)
        Measure.report("cli.upcoming14.province_first_run_writing_cache", try runOnce(window(14, false)) / 1e6, "ms")
        r = try median(window(14, false), runs: 5)
        Measure.report("cli.upcoming14.province_20000_villages", r.ms, "ms")
        Measure.report("cli.upcoming14.province_peak", r.peakMB, "MB")
        r = try median(window(14, true), runs: 5)
        Measure.report("cli.upcoming14_json.province_20000_villages", r.ms, "ms")
        Measure.report("cli.upcoming14_json.province_peak", r.peakMB, "MB")
        r = try median(window(365, true), runs: 3)
        Measure.report("cli.upcoming365_json.province_20000_villages", r.ms, "ms")
        Measure.report("cli.upcoming365_json.province_peak", r.peakMB, "MB")
        r = try median(window(365, false), runs: 3)
        Measure.report("cli.upcoming365.province_20000_villages", r.ms, "ms")
        Measure.report("cli.upcoming365.province_peak", r.peakMB, "MB")
        if ProcessInfo.processInfo.environment["LIUSHI_BENCH_LONG"] == "1" {
            let m = try runMeasured(window(3_652, true))
            Measure.report("cli.upcoming3652_json.province_20000_villages", m.ns / 1e6, "ms")
            Measure.report("cli.upcoming3652_json.province_peak", Double(m.peakKB) / 1024, "MB")
        }
        var samples: [Double] = []
        let small = ["upcoming", "--days", "14", "--today", "2027-03-01"]
        _ = try runOnce(small)
        for _ in 0..<11 { samples.append(try runOnce(small)) }
        samples.sort()
        Measure.report("cli.upcoming14.shipped_township", samples[samples.count / 2] / 1e6, "ms")
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

import LiushiActualSchedule
import LiushiConfig
import LiushiCore
import LiushiReports

extension ConfigBench {
    /// Where the end-to-end time goes, in process: parse, expand, resolve, render.
    static func phases() throws {
        let yaml = provinceYAML(20_000)
        var t0 = Measure.now()
        guard case .success(let loaded) = ConfigLoader.load(main: ("liushi.yaml", yaml), holidayFiles: []) else {
            throw BenchError("the generated configuration did not load")
        }
        Measure.report("config.province.load", Double(Measure.now() - t0) / 1e6, "ms")
        // The same file through the libyaml-based composer alone (the fast reader off).
        var composerOnly: [Double] = []
        for _ in 0..<3 {
            let c0 = Measure.now()
            let r = YAMLReading.$fastReader.withValue(false) { ConfigLoader.load(main: ("liushi.yaml", yaml), holidayFiles: []) }
            composerOnly.append(Double(Measure.now() - c0))
            guard case .success(let other) = r, other.township == loaded.township else {
                throw BenchError("the composer's reading differs from the fast reader's")
            }
        }
        var fast: [Double] = []
        for _ in 0..<3 {
            let c0 = Measure.now()
            _ = ConfigLoader.load(main: ("liushi.yaml", yaml), holidayFiles: [])
            fast.append(Double(Measure.now() - c0))
        }
        Measure.report("config.province.load_fast_reader", fast.sorted()[1] / 1e6, "ms")
        Measure.report("config.province.load_composer_only", composerOnly.sorted()[1] / 1e6, "ms")
        // The townships kept between runs (docs/PERFORMANCE.md (l)): written once, then read back.
        let file = ConfigText(path: "liushi.yaml", text: yaml)
        guard let kept = ConfigLoader.cacheEntries(loaded, files: [file]) else { throw BenchError("no cache entries") }
        t0 = Measure.now()
        let cacheBytes = ConfigCache.encode(kept, salt: 1)
        Measure.report("config.province.cache_encode", Double(Measure.now() - t0) / 1e6, "ms")
        Measure.report("config.province.cache_size", Double(cacheBytes.count) / 1_048_576, "MB")
        var fromCache: [Double] = []
        for _ in 0..<5 {
            let c0 = Measure.now()
            let r = ConfigLoader.load(main: ("liushi.yaml", yaml), holidayFiles: [], cache: ConfigCache(bytes: cacheBytes, salt: 1))
            fromCache.append(Double(Measure.now() - c0))
            guard case .success(let again) = r, again.filesParsed == 0, again.township == loaded.township else {
                throw BenchError("the cache's township differs from the file's")
            }
        }
        Measure.report("config.province.load_from_cache", fromCache.sorted()[2] / 1e6, "ms")
        let a = Day(year: 2027, month: 3, day: 1)!
        t0 = Measure.now()
        let fixed = try loaded.schedule.expand(from: a, to: a + 13)
        Measure.report("config.province.expand14", Double(Measure.now() - t0) / 1e6, "ms")
        t0 = Measure.now()
        let entries = ActualSchedule(schedule: loaded.schedule, today: a).resolve(fixed)
        Measure.report("config.province.resolve14", Double(Measure.now() - t0) / 1e6, "ms")
        t0 = Measure.now()
        let onePiece = ActualSchedule(schedule: loaded.schedule, today: a).resolve(fixed, pieces: 1)
        Measure.report("config.province.resolve14_one_piece", Double(Measure.now() - t0) / 1e6, "ms")
        Measure.report("config.parallel.cores", Double(Parallel.cores), "pieces")
        if onePiece.count != entries.count { throw BenchError("one piece resolved a different schedule") }
        t0 = Measure.now()
        let text = UpcomingText.render(entries, township: loaded.township.townshipName, from: a, to: a + 13, language: .en)
        Measure.report("config.province.render14", Double(Measure.now() - t0) / 1e6, "ms")
        Measure.report("config.province.output", Double(text.utf8.count) / 1_048_576, "MB")
        // What `upcoming` does after reading: the window streamed (expand, resolve, render), output dropped.
        let stream = UpcomingStream(actual: ActualSchedule(schedule: loaded.schedule, today: a), from: a, to: a + 13)
        var size = 0
        let streamText = try Measure.median(runs: 5) {
            size = 0
            try stream.text(township: loaded.township.townshipName, language: .en) { size += $0.utf8.count }
        }
        if size != text.utf8.count { throw BenchError("the streamed text differs in length from the rendered one") }
        Measure.report("config.province.stream14_text", streamText / 1e6, "ms")
        let streamJSON = try Measure.median(runs: 5) { try stream.json { size += $0.count } }
        Measure.report("config.province.stream14_json", streamJSON / 1e6, "ms")
        // JSON: the byte writer (in pieces, and on one core) against the string-based writer it replaced.
        var bytes: [UInt8] = []
        let jsonBytes = Measure.median(runs: 5) { bytes = ScheduleJSON.bytes(entries) }
        Measure.report("config.province.render14_json", jsonBytes / 1e6, "ms")
        let oneCore = Measure.median(runs: 5) { _ = ScheduleJSON.rows(entries, first: true, pieces: 1) }
        Measure.report("config.province.render14_json_one_core", oneCore / 1e6, "ms")
        var strings = ""
        let jsonStrings = Measure.median(runs: 3) { strings = StringScheduleJSON.render(entries) }
        Measure.report("config.province.render14_json_strings", jsonStrings / 1e6, "ms")
        Measure.report("config.province.output_json", Double(bytes.count) / 1_048_576, "MB")
        if Array(strings.utf8) != bytes { throw BenchError("the byte writer's JSON differs from the string writer's") }
        t0 = Measure.now()
        _ = ConfigLoader.load(main: nil, holidayFiles: [])
        Measure.report("config.shipped.load", Double(Measure.now() - t0) / 1e6, "ms")
    }
}
