import Foundation
import Testing

/// The server restarted in the middle of a load (issue "Many townships, many offices"): offices
/// keep marking fixed days from the command line while the PostgreSQL server is stopped and
/// started again. Every command either succeeds or ends with status 1 and a plain reason, and
/// every mark a command reported as done is in the store afterwards.
///
/// The test starts a server of its own (Scripts/pg-test-server.sh, on the next free port from
/// 54500), so restarting it cannot disturb the other tests' server. It runs where the other
/// PostgreSQL tests do: when `LIUSHI_TEST_PG` is set (`.ci/run` sets it).
@Suite("A PostgreSQL server restarted under load")
struct PostgresRestartTests {
    static let script = LiushiBinary.repositoryRoot.appendingPathComponent("Scripts/pg-test-server.sh").path

    /// Runs the script; its status and output. Spawned and waited for by hand, its output to a
    /// file: the server it starts keeps every descriptor it inherits, and Foundation's `Process`
    /// waits for one of those to close before it reports the script's exit.
    static func server(_ verb: String, _ dir: String, port: String? = nil) -> (status: Int32, output: String) {
        let log = dir + "-" + verb + ".out"
        let words: [String] = ["/bin/bash", script, verb, dir] + (port.map { [$0] } ?? [])
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/bash", &actions, nil, argv, environ) == 0 else { return (-1, "cannot run \(script)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exit, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    /// The dates of a village's fixed days in December 2026 (from `print --format json`).
    static func fixedDays(_ village: String) throws -> [String] {
        let r = try LiushiBinary.run(["print", "--village", village, "--from", "2026-12-01", "--to", "2026-12-31",
                                      "--format", "json", "--db", "/nonexistent-liushi-test/none.sqlite"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        return rows.filter { ($0["skipped"] as? Bool) != true }.compactMap { $0["date"] as? String }
    }

    struct Outcome { var village: String; var date: String; var state: String; var status: Int32; var stderr: String; var finished: Date }

    /// Shared between the offices' threads (plain threads: `LiushiBinary.run` waits for Dispatch
    /// work, which a `concurrentPerform` holding every worker would starve).
    final class Log: @unchecked Sendable {
        let lock = NSLock()
        var outcomes: [Outcome] = []
        var restart: (from: Date, to: Date, status: Int32, output: String)?
        func add(_ o: Outcome) { lock.withLock { outcomes.append(o) } }
    }

    @Test("offices keep marking while the server restarts: each mark is done (and kept) or refused with status 1 and a plain reason",
          .enabled(if: ProcessInfo.processInfo.environment["LIUSHI_TEST_PG"] != nil, "LIUSHI_TEST_PG is unset"))
    func restartUnderLoad() throws {
        let dir = try LiushiBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        chmod(dir.path, 0o755)   // the server runs as the postgres user when the tests run as root
        let pg = dir.appendingPathComponent("pg").path
        let started = Self.server("start", pg, port: "54500")
        try #require(started.status == 0, "could not start a server: \(started.output)")
        defer { _ = Self.server("stop", pg) }
        let line = try #require(started.output.split(separator: "\n").first { $0.hasPrefix("export LIUSHI_TEST_PG=") })
        let uri = String(line.dropFirst("export LIUSHI_TEST_PG=".count))
        let today = ["--today", "2026-12-31", "--db", uri]
        var r = try LiushiBinary.run(["item", "add", "--village", "qiantan", "--title", "开始"] + today)
        try #require(r.status == 0, "\(r.stderr)")

        let villages = ["qiantan", "anren", "changlin", "hudian"]
        let days = try villages.map { try Self.fixedDays($0) }
        #expect(days.allSatisfy { $0.count >= 5 }, "\(days)")

        // Four offices mark their villages' days one command after another; the server is
        // restarted once they are under way.
        let log = Log()
        let done = DispatchGroup()
        for k in villages.indices {
            done.enter()
            Thread.detachNewThread {
                for round in 0..<4 {
                    for date in days[k] {
                        let state = round % 2 == 0 ? "held" : "cancelled"
                        let result = (try? LiushiBinary.run(["day", "mark", "--village", villages[k], "--date", date, state] + today))
                            ?? LiushiBinary.Result(status: -1, stdout: "", stderr: "could not run")
                        log.add(Outcome(village: villages[k], date: date, state: state, status: result.status,
                                        stderr: result.stderr, finished: Date()))
                    }
                }
                done.leave()
            }
        }
        usleep(800_000)
        let from = Date()
        let restarted = Self.server("restart", pg)
        log.restart = (from, Date(), restarted.status, restarted.output)
        #expect(done.wait(timeout: .now() + 240) == .success, "the offices did not finish")
        let restart = try #require(log.restart)
        try #require(restart.status == 0, "the restart failed: \(restart.output)")
        let all = log.lock.withLock { log.outcomes }
        for o in all where o.status != 0 {
            #expect(o.status == 1, "\(o.village) \(o.date): status \(o.status): \(o.stderr)")
            let reason = o.stderr.lowercased()
            #expect(reason.hasPrefix("liushi: ") && (reason.contains("connect") || reason.contains("server") || reason.contains("database")),
                    "a plain reason: \(o.stderr)")
            #expect(!o.stderr.contains("Fatal error") && !o.stderr.contains("Stack dump"), "\(o.stderr)")
        }
        #expect(all.contains { $0.status == 0 && $0.finished < restart.from }, "marks were made before the restart")
        #expect(all.contains { $0.status == 0 && $0.finished > restart.to }, "marks were made after the restart")

        // Every mark a command reported as done is there: a day's outcome is its last mark that
        // succeeded, or one a later attempt made before its connection was cut (a commit whose
        // answer was lost in the restart); each office marks its own days one after another.
        var expected: [String: Set<String>] = [:]
        for o in all {
            let key = o.village + " " + o.date
            if o.status == 0 { expected[key] = [o.state] } else if expected[key] != nil { expected[key]?.insert(o.state) }
        }
        #expect(!expected.isEmpty)
        for (key, states) in expected {
            let parts = key.split(separator: " ").map(String.init)
            r = try LiushiBinary.run(["day", "show", "--village", parts[0], "--date", parts[1], "--format", "json"] + today)
            #expect(states.contains { r.stdout.contains("\"status\":\"\($0)\"") }, "\(key) should be one of \(states): \(r.stdout) \(r.stderr)")
        }
        let refused = all.filter { $0.status != 0 }
        print("restart under load: \(all.count) marks, \(refused.count) refused with a plain reason, restart took "
              + String(format: "%.2f", restart.to.timeIntervalSince(restart.from)) + " s; e.g. " + (refused.first?.stderr ?? "-"))
    }
}
