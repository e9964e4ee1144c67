import Foundation
import LiushiCore
import LiushiStore

/// `county`: many offices marking fixed days at once on one store. PostgreSQL: 16 clients (each
/// its own connection, on its own thread) × 500 marks on the server `LIUSHI_BENCH_PG` names (a
/// throwaway schema is made there with psql and dropped after); SQLite: 4 processes × 500 marks
/// on one file. Reports marks lost (committed without error but not in the store), refused
/// (an error), and the latency of one committed mark (median, p99).
enum CountyStoreBench {
    static let marksPerClient = 500

    /// Worker mode: `liushi-bench --county-worker PATH CLIENT N` marks N days on the SQLite file
    /// and prints one latency in microseconds per line ("refused" for an error).
    static func worker(_ args: [String]) -> Int32 {
        guard args.count == 3, let client = Int(args[1]), let n = Int(args[2]) else { return 2 }
        do {
            let store = try Store.open(path: args[0])
            defer { store.close() }
            var out = ""
            for k in 0..<n {
                let t0 = Measure.now()
                do {
                    try store.markDay(mark(client: client, k: k), user: "office\(client)", time: "2027-03-15T10:00:00Z")
                    out += "\((Measure.now() - t0) / 1000)\n"
                } catch {
                    out += "refused \(error)\n"
                }
            }
            print(out, terminator: "")
            return 0
        } catch {
            print("refused \(error)")
            return 1
        }
    }

    static func mark(client: Int, k: Int) -> DayMark {
        DayMark(village: "v\(client)", date: Day(iso: "2027-01-01")! + k, status: .held, note: "", attended: [.committees])
    }

    static func run() throws {
        try sqlite()
        if let uri = ProcessInfo.processInfo.environment["LIUSHI_BENCH_PG"], !uri.isEmpty {
            try postgres(uri)
            try ProvinceBench.run(uri)
        } else {
            FileHandle.standardError.write(Data("liushi-bench: county on PostgreSQL skipped: set LIUSHI_BENCH_PG=postgresql://… (a server where the bench may create a schema; psql needed)\n".utf8))
        }
    }

    static func report(_ prefix: String, clients: Int, latenciesMicro: [Double], refused: Int, stored: Int, wall: Double) {
        let sorted = latenciesMicro.sorted()
        func pct(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        let expected = clients * marksPerClient
        Measure.report("\(prefix).clients", Double(clients), "clients")
        Measure.report("\(prefix).marks", Double(expected), "marks")
        Measure.report("\(prefix).lost", Double(latenciesMicro.count - stored), "marks")
        Measure.report("\(prefix).refused", Double(refused), "marks")
        Measure.report("\(prefix).mark_median", pct(0.5) / 1000, "ms")
        Measure.report("\(prefix).mark_p99", pct(0.99) / 1000, "ms")
        Measure.report("\(prefix).throughput", Double(expected - refused) / wall, "marks/s")
    }

    static func sqlite() throws {
        let clients = 4
        let path = FileManager.default.temporaryDirectory.path + "/liushi-county-\(getpid()).sqlite"
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        try Store.open(path: path).close()
        let exe = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        var processes: [(Process, Pipe)] = []
        let t0 = Measure.now()
        for c in 0..<clients {
            let p = Process(), pipe = Pipe()
            p.executableURL = URL(fileURLWithPath: exe)
            p.arguments = ["--county-worker", path, String(c), String(marksPerClient)]
            p.standardOutput = pipe
            try p.run()
            processes.append((p, pipe))
        }
        var latencies: [Double] = [], refused = 0
        for (p, pipe) in processes {
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                if let v = Double(line) { latencies.append(v) } else { refused += 1 }
            }
        }
        let wall = Double(Measure.now() - t0) / 1e9
        let store = try Store.open(path: path)
        defer { store.close() }
        report("county.sqlite", clients: clients, latenciesMicro: latencies, refused: refused, stored: try store.dayMarks().count, wall: wall)
    }

    static func psql(_ uri: String, _ sql: String) throws {
        let bins = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).sorted().reversed()
            .map { "/usr/lib/postgresql/\($0)/bin/psql" } + ["/usr/bin/psql"]
        guard let bin = bins.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw StoreBench.Failure(description: "psql not found")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: bin)
        p.arguments = ["-q", "-v", "ON_ERROR_STOP=1", uri, "-c", sql]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw StoreBench.Failure(description: "psql failed: \(sql)") }
    }

    static func postgres(_ base: String) throws {
        let clients = 16
        let schema = "liushi_bench_\(getpid())"
        try psql(base, "CREATE SCHEMA \(schema)")
        defer { try? psql(base, "SET client_min_messages = warning; DROP SCHEMA \(schema) CASCADE") }
        let uri = base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
        try Store.open(.postgres(uri: uri)).close()
        let stores = try (0..<clients).map { _ in try Store.open(.postgres(uri: uri)) }
        let lock = NSLock()
        var latencies: [Double] = [], refused = 0
        let t0 = Measure.now()
        DispatchQueue.concurrentPerform(iterations: clients) { c in
            var mine: [Double] = [], bad = 0
            for k in 0..<marksPerClient {
                let s = Measure.now()
                do {
                    try stores[c].markDay(mark(client: c, k: k), user: "office\(c)", time: "2027-03-15T10:00:00Z")
                    mine.append(Double((Measure.now() - s) / 1000))
                } catch {
                    bad += 1
                }
            }
            lock.lock()
            latencies += mine
            refused += bad
            lock.unlock()
        }
        let wall = Double(Measure.now() - t0) / 1e9
        for s in stores { s.close() }
        let store = try Store.open(.postgres(uri: uri))
        defer { store.close() }
        report("county.postgres", clients: clients, latenciesMicro: latencies, refused: refused, stored: try store.dayMarks().count, wall: wall)
    }
}
