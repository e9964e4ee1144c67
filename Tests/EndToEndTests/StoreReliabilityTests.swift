import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

// Crash safety and concurrency of the store, through the real `liushi` executable (docs/DESIGN.md §6:
// "killing the program at any moment loses nothing that it had shown as done").

/// Where the built `liushi` is: $LIUSHI_BINARY, else next to the test bundle (the build folder
/// `swift test` uses), else `.build/debug/liushi` under the package.
enum ReliabilityBinary {
    static let path: String? = {
        let fm = FileManager.default
        var candidates: [String] = []
        if let p = ProcessInfo.processInfo.environment["LIUSHI_BINARY"], !p.isEmpty { candidates.append(p) }
        if let exe = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("liushi").path)
        }
        if let exe = Bundle.main.executablePath {
            candidates.append(URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("liushi").path)
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("liushi").path)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/liushi").path)
        return candidates.first { fm.isExecutableFile(atPath: $0) }
    }()
}

/// A scratch folder with a database path and the environment the commands run in: the shipped
/// example township (no user configuration), English messages.
struct ReliabilityPlace {
    let folder: String
    let db: String
    let environment: [String: String]

    init() throws {
        folder = FileManager.default.temporaryDirectory.path + "/liushi-reliability-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        db = folder + "/liushi.sqlite"
        environment = ["PATH": "/usr/bin:/bin", "HOME": folder, "LANG": "C.UTF-8", "LIUSHI_DB": db, "USER": "tester"]
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }
}

/// One run of `liushi`.
struct ReliabilityRun {
    var status: Int32
    var killed: Bool
    var stdout: String
    var stderr: String
}

enum ReliabilityProcess {
    /// Starts `liushi arguments…`; kills it with SIGKILL after `killAfter` seconds when given.
    static func run(_ arguments: [String], in place: ReliabilityPlace, stdin: String? = nil,
                    killAfter: Double? = nil) throws -> ReliabilityRun {
        let p = try start(arguments, in: place)
        if let text = stdin {
            p.input.fileHandleForWriting.write(Data(text.utf8))
        }
        try? p.input.fileHandleForWriting.close()
        if let delay = killAfter {
            if delay > 0 { usleep(UInt32(delay * 1_000_000)) }
            kill(p.process.processIdentifier, SIGKILL)
        }
        return finish(p)
    }

    struct Started {
        var process: Process
        var input: Pipe
        var output: Pipe
        var errors: Pipe
    }

    static func start(_ arguments: [String], in place: ReliabilityPlace) throws -> Started {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ReliabilityBinary.path ?? "/nonexistent/liushi")
        process.arguments = arguments
        process.environment = place.environment
        process.currentDirectoryURL = URL(fileURLWithPath: place.folder)
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        return Started(process: process, input: input, output: output, errors: errors)
    }

    static func finish(_ p: Started) -> ReliabilityRun {
        // Read before waiting, so a full pipe never blocks the child.
        let out = p.output.fileHandleForReading.readDataToEndOfFile()
        let err = p.errors.fileHandleForReading.readDataToEndOfFile()
        p.process.waitUntilExit()
        return ReliabilityRun(status: p.process.terminationStatus,
                              killed: p.process.terminationReason == .uncaughtSignal,
                              stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }
}

/// Just enough SQLite to check the file from outside: the system library, loaded at run time
/// (this test target does not link GRDB).
final class ReliabilitySQLite {
    typealias OpenV2 = @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<OpaquePointer?>?, Int32, UnsafePointer<CChar>?) -> Int32
    typealias Close = @convention(c) (OpaquePointer?) -> Int32
    typealias Prepare = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32, UnsafeMutablePointer<OpaquePointer?>?,
                                        UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> Int32
    typealias Step = @convention(c) (OpaquePointer?) -> Int32
    typealias ColumnText = @convention(c) (OpaquePointer?, Int32) -> UnsafePointer<UInt8>?
    typealias ColumnCount = @convention(c) (OpaquePointer?) -> Int32

    struct Failure: Error, CustomStringConvertible { var description: String }

    private let openV2: OpenV2, close: Close, prepare: Prepare, step: Step, finalize: Step, columnText: ColumnText, columnCount: ColumnCount
    private var db: OpaquePointer?

    init(path: String) throws {
        guard let lib = dlopen("libsqlite3.so.0", RTLD_NOW) ?? dlopen("libsqlite3.so", RTLD_NOW) else {
            throw Failure(description: "cannot load libsqlite3")
        }
        func symbol<T>(_ name: String, _: T.Type) throws -> T {
            guard let s = dlsym(lib, name) else { throw Failure(description: "no \(name) in libsqlite3") }
            return unsafeBitCast(s, to: T.self)
        }
        openV2 = try symbol("sqlite3_open_v2", OpenV2.self)
        close = try symbol("sqlite3_close_v2", Close.self)
        prepare = try symbol("sqlite3_prepare_v2", Prepare.self)
        step = try symbol("sqlite3_step", Step.self)
        finalize = try symbol("sqlite3_finalize", Step.self)
        columnText = try symbol("sqlite3_column_text", ColumnText.self)
        columnCount = try symbol("sqlite3_column_count", ColumnCount.self)
        // Read-write, so a log left by a killed process is recovered like the program would.
        guard openV2(path, &db, 0x2, nil) == 0 else { throw Failure(description: "cannot open \(path)") }
    }

    /// Every row, every column as text ("" for NULL).
    func rows(_ sql: String) throws -> [[String]] {
        var statement: OpaquePointer?
        guard prepare(db, sql, -1, &statement, nil) == 0 else { throw Failure(description: "cannot prepare \(sql)") }
        defer { _ = finalize(statement) }
        var out: [[String]] = []
        while true {
            let rc = step(statement)
            if rc == 101 { break }  // SQLITE_DONE
            guard rc == 100 else { throw Failure(description: "step failed (\(rc)) in \(sql)") }  // SQLITE_ROW
            let n = columnCount(statement)
            out.append((0..<n).map { c in columnText(statement, c).map { String(cString: $0) } ?? "" })
        }
        return out
    }

    deinit { _ = close(db) }
}

@Suite("Store reliability through the real executable", .serialized,
       .enabled(if: ReliabilityBinary.path != nil,
                "the liushi executable was not found next to the test bundle nor in .build/debug; build it with `swift build`"))
struct StoreReliabilityTests {

    @Test("SIGKILL at random moments: the file stays sound and every change that exited 0 is kept")
    func killedAtRandom() throws {
        let place = try ReliabilityPlace()
        defer { place.remove() }
        let village = "qiantan"
        // Calibrate: how long a full change takes, and how long before it reaches the database.
        var adds: [(id: String, title: String)] = []
        var total = 0.0
        for i in 0..<4 {
            let t = Date()
            let r = try ReliabilityProcess.run(["item", "add", "--village", village, "--title", "calibrate \(i)"], in: place)
            total += Date().timeIntervalSince(t)
            try #require(r.status == 0, "item add failed: \(r.stderr)")
            adds.append((r.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "calibrate \(i)"))
        }
        var full = total / 4
        var beforeDB = 0.0
        for _ in 0..<3 {
            let t = Date()
            _ = try ReliabilityProcess.run(["item", "add", "--village", "no-such-village", "--title", "x"], in: place)
            beforeDB += Date().timeIntervalSince(t)
        }
        beforeDB /= 3

        var kills = 0, iterations = 0
        var advanced: [String: Int] = [:]
        var rng = SystemRandomNumberGenerator()
        let deadline = Date().addingTimeInterval(60)
        // The calibration may have run while the machine was busy with other tests: runs that end
        // before their kill pull the estimates towards what a run takes now.
        let share = min(1, beforeDB / max(full, 0.001))
        func completed(after t: Date) {
            full = 0.8 * full + 0.2 * Date().timeIntervalSince(t)
            beforeDB = share * full
        }
        while kills < 200 && iterations < 2000 && Date() < deadline {
            iterations += 1
            let started = Date()
            // Mostly in the window where the database is opened and written, sometimes anywhere.
            let delay = Double.random(in: 0...1, using: &rng) < 0.8
                ? Double.random(in: (beforeDB * 0.8)...max(beforeDB * 0.8, full), using: &rng)
                : Double.random(in: 0...full, using: &rng)
            if adds.isEmpty || Bool.random(using: &rng) {
                let title = "kill test \(iterations)"
                let r = try ReliabilityProcess.run(["item", "add", "--village", village, "--title", title], in: place, killAfter: delay)
                if r.killed { kills += 1 } else if r.status == 0 {
                    completed(after: started)
                    adds.append((r.stdout.trimmingCharacters(in: .whitespacesAndNewlines), title))
                } else {
                    Issue.record("item add exited \(r.status): \(r.stderr)")
                }
            } else {
                let target = adds[Int.random(in: 0..<adds.count, using: &rng)].id
                let r = try ReliabilityProcess.run(["item", "advance", target, "--note", "n\(iterations)"], in: place, killAfter: delay)
                if r.killed { kills += 1 } else if r.status == 0 {
                    completed(after: started)
                    advanced[target, default: 0] += 1
                } else {
                    // Refused (closed already) is a clean failure: it must say so, not crash.
                    #expect(r.status == 1 && r.stderr.contains("closed"), "item advance exited \(r.status): \(r.stderr)")
                }
            }
        }
        #expect(kills >= 200, "only \(kills) kills in \(iterations) runs")
        print("store reliability: \(iterations) runs, \(kills) killed, \(adds.count) adds and \(advanced.values.reduce(0, +)) advances exited 0; a full run takes \(Int(full * 1000)) ms, \(Int(beforeDB * 1000)) ms before the database")

        let sql = try ReliabilitySQLite(path: place.db)
        #expect(try sql.rows("PRAGMA integrity_check") == [["ok"]])
        #expect(try sql.rows("PRAGMA foreign_key_check").isEmpty)
        let titles = Dictionary(try sql.rows("SELECT id, title FROM items").map { ($0[0], $0[1]) }, uniquingKeysWith: { a, _ in a })
        for add in adds {
            #expect(titles[add.id] == add.title, "item \(add.id) '\(add.title)' was reported added but is missing")
        }
        let advances = Dictionary(try sql.rows("SELECT item_id, count(*) FROM events WHERE kind = 'advance' GROUP BY item_id")
            .map { ($0[0], Int($0[1]) ?? 0) }, uniquingKeysWith: { a, _ in a })
        for (id, n) in advanced {
            #expect((advances[id] ?? 0) >= n, "item \(id): \(n) advances exited 0, \(advances[id] ?? 0) recorded")
        }
        // Every item's stage agrees with its events: each advance moved it exactly one stage.
        let stages = ["sort", "discuss", "decide", "handle", "supervise", "evaluate", "closed"]
        for row in try sql.rows("SELECT id, stage FROM items") {
            #expect(stages.firstIndex(of: row[1]) == min(advances[row[0]] ?? 0, 6), "item \(row[0]) at \(row[1])")
        }
        #expect(try sql.rows("SELECT count(*) FROM items WHERE id NOT IN (SELECT item_id FROM events WHERE kind = 'add')") == [["0"]])
        // And the program still opens it.
        let list = try ReliabilityProcess.run(["item", "list", "--format", "json"], in: place)
        #expect(list.status == 0, "\(list.stderr)")
    }

    @Test("two processes making 500 changes each at the same time: all 1,000 kept, none refused as locked")
    func concurrentWriters() throws {
        let place = try ReliabilityPlace()
        defer { place.remove() }
        let first = try ReliabilityProcess.run(["item", "add", "--village", "qiantan", "--title", "setup"], in: place)
        try #require(first.status == 0, "item add failed: \(first.stderr)")
        // Two long-running writers, one transaction per line.
        let a = try ReliabilityProcess.start(["item", "add", "--village", "qiantan", "--titles-from", "-"], in: place)
        let b = try ReliabilityProcess.start(["item", "add", "--village", "anren", "--titles-from", "-"], in: place)
        let feed = { (p: ReliabilityProcess.Started, name: String) in
            Thread.detachNewThread {
                let text = (0..<500).map { "\(name) \($0)" }.joined(separator: "\n") + "\n"
                p.input.fileHandleForWriting.write(Data(text.utf8))
                try? p.input.fileHandleForWriting.close()
            }
        }
        feed(a, "A")
        feed(b, "B")
        let ra = ReliabilityProcess.finish(a), rb = ReliabilityProcess.finish(b)
        for r in [ra, rb] {
            #expect(r.status == 0, "writer failed: \(r.stderr)")
            #expect(!r.stderr.contains("locked"), "\(r.stderr)")
            #expect(r.stdout.split(separator: "\n").count == 500)
        }
        let ids = Set((ra.stdout + rb.stdout).split(separator: "\n").map(String.init))
        #expect(ids.count == 1000)

        // Many short processes at once: opening, writing and closing while others do the same.
        let group = DispatchGroup()
        let lock = NSLock()
        var failures: [String] = []
        for worker in 0..<2 {
            group.enter()
            Thread.detachNewThread {
                for i in 0..<12 {
                    let r = (try? ReliabilityProcess.run(["item", "add", "--village", "qiantan", "--title", "short \(worker) \(i)"], in: place))
                    if r?.status != 0 {
                        lock.lock(); failures.append(r?.stderr ?? "could not start"); lock.unlock()
                    }
                }
                group.leave()
            }
        }
        group.wait()
        #expect(failures.isEmpty, "\(failures)")

        let sql = try ReliabilitySQLite(path: place.db)
        #expect(try sql.rows("PRAGMA integrity_check") == [["ok"]])
        #expect(try sql.rows("SELECT count(*) FROM events WHERE kind = 'add'") == [["1025"]])
        #expect(try sql.rows("SELECT count(*) FROM items WHERE title LIKE 'A %' OR title LIKE 'B %'") == [["1000"]])
    }
}
