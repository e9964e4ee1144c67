import Foundation
import LiushiCore

// glibc's pseudo-terminal calls (their declarations need feature macros Swift does not set).
@_silgen_name("posix_openpt") private func c_posix_openpt(_ flags: Int32) -> Int32
@_silgen_name("grantpt") private func c_grantpt(_ fd: Int32) -> Int32
@_silgen_name("unlockpt") private func c_unlockpt(_ fd: Int32) -> Int32
@_silgen_name("ptsname") private func c_ptsname(_ fd: Int32) -> UnsafeMutablePointer<CChar>?

/// Issue "The terminal UI": the real `liushi` binary on a pseudo-terminal (100×30), from start
/// to its first full screen — configuration parsed, store read, due dates computed, drawn.
enum TUIStartBench {
    /// The benchmark's villages as a configuration file (the same rules as `StoreBench.villages()`).
    static func configYAML(_ villages: [Village], township: String) -> String {
        var out = "township:\n  name: \(township)\nvillages:\n"
        for v in villages {
            out += "  - id: \(v.id)\n    name: \(v.name)\n    rhythms:\n"
            for r in v.rules {
                out += "      \(r.rhythm.key):\n        day: \"\(r.day.text)\"\n"
                if let m = r.month { out += "        month: \(m)\n" }
                out += "        matters: [\(r.matters.map(\.key).joined(separator: ", "))]\n"
                if let t = r.time { out += "        time: \"\(ClockTime.text(t))\"\n" }
            }
        }
        return out
    }

    /// Milliseconds from starting the binary until the screen holding `needle` has been written.
    static func firstScreen(arguments: [String], needle: String) throws -> Double {
        let master = c_posix_openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, c_grantpt(master) == 0, c_unlockpt(master) == 0, let name = c_ptsname(master) else {
            throw BenchError("no pseudo-terminal")
        }
        defer { close(master) }
        let slavePath = String(cString: name)
        var size = winsize(ws_row: 30, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var env = ProcessInfo.processInfo.environment
        env["TERM"] = "xterm-256color"
        env["LANG"] = "C.UTF-8"
        let binary = ConfigBench.binary
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        let t0 = Measure.now()
        guard posix_spawn(&pid, binary, &actions, nil, argv, envp) == 0 else { throw BenchError("cannot start \(binary)") }
        var seen: [UInt8] = []
        let want = Array(needle.utf8)
        var buffer = [UInt8](repeating: 0, count: 65536)
        var elapsed = 0.0
        while true {
            var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&fds, 1, 10_000) > 0 else { throw BenchError("no first screen within 10 s") }
            let n = read(master, &buffer, buffer.count)
            guard n > 0 else { throw BenchError("liushi ended before its first screen") }
            seen += buffer[0..<n]
            if seen.count >= want.count, (0...(seen.count - want.count)).contains(where: { seen[$0..<($0 + want.count)].elementsEqual(want) }) {
                elapsed = Double(Measure.now() - t0) / 1e6
                break
            }
        }
        _ = write(master, "q", 1)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return elapsed
    }

    /// Runs against an existing database; `villages` must be the ones the database was made for.
    static func run(databasePath: String, villages: [Village], today: Day) throws {
        guard FileManager.default.isExecutableFile(atPath: ConfigBench.binary) else {
            throw BenchError("build the liushi binary first: swift build -c release --product liushi")
        }
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("liushi-bench-tui-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let township = "基准测试镇"
        try configYAML(villages, township: township).write(to: dir.appendingPathComponent("liushi.yaml"), atomically: true, encoding: .utf8)
        let args = ["--today", today.iso, "--config", dir.path, "--db", databasePath]
        // For profiling by hand: LIUSHI_BENCH_KEEP=DIR keeps a copy of the database and configuration.
        if let keep = ProcessInfo.processInfo.environment["LIUSHI_BENCH_KEEP"], !keep.isEmpty {
            try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            for (from, to) in [(databasePath, keep + "/liushi.sqlite"), (dir.path + "/liushi.yaml", keep + "/liushi.yaml")] {
                try? FileManager.default.removeItem(atPath: to)
                try FileManager.default.copyItem(atPath: from, toPath: to)
            }
        }
        _ = try firstScreen(arguments: args, needle: township)
        var samples: [Double] = []
        for _ in 0..<7 { samples.append(try firstScreen(arguments: args, needle: township)) }
        samples.sort()
        Measure.report("ui.binary_first_full_screen.1000_villages_100000_items", samples[samples.count / 2], "ms")
        Measure.report("ui.binary_first_full_screen.range_low", samples.first ?? 0, "ms")
        Measure.report("ui.binary_first_full_screen.range_high", samples.last ?? 0, "ms")
    }
}
