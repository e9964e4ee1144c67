import Foundation

/// Issue "Calendars that stay right": `liushi publish DIR` for a 1,000-village township (every rule
/// form, a year back and two ahead: about 230,000 fixed days, 1,002 files, 170 MB). Budget ≤ 2 s.
/// Measured with the real binary: into an empty folder (every file written and flushed), and again
/// over its own output (every file compared, none written).
enum PublishBench {
    static func run() throws {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("liushi-bench-publish-\(getpid())")
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try ConfigBench.provinceYAML(1_000).write(to: dir.appendingPathComponent("liushi.yaml"), atomically: true, encoding: .utf8)
        let args = ["publish", out.path, "--today", "2026-12-04", "--config", dir.path]
        var fresh: [(wall: Double, cpu: Double)] = [], again: [(wall: Double, cpu: Double)] = []
        for _ in 0..<5 {
            try? FileManager.default.removeItem(at: out)
            fresh.append(try timed(args))
            again.append(try timed(args))
        }
        func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
        Measure.report("publish.township1000.fresh.wall", median(fresh.map(\.wall)) / 1e6, "ms")
        Measure.report("publish.township1000.fresh.cpu", median(fresh.map(\.cpu)) / 1e6, "ms")
        Measure.report("publish.township1000.unchanged.wall", median(again.map(\.wall)) / 1e6, "ms")
        Measure.report("publish.township1000.unchanged.cpu", median(again.map(\.cpu)) / 1e6, "ms")
    }

    /// Wall time and CPU time (user + system) of one run of the binary, in nanoseconds.
    static func timed(_ args: [String]) throws -> (wall: Double, cpu: Double) {
        let before = children()
        let wall = try ConfigBench.runOnce(args)
        return (wall, children() - before)
    }

    /// CPU time of the waited-for children so far, in nanoseconds.
    static func children() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        func ns(_ t: timeval) -> Double { Double(t.tv_sec) * 1e9 + Double(t.tv_usec) * 1e3 }
        return ns(usage.ru_utime) + ns(usage.ru_stime)
    }
}
