import Foundation
import Testing

/// `liushi publish DIR`, through the real binary: the files, their window, UIDs that survive
/// changes, atomic replacement while another process reads, and failures.
@Suite("liushi publish", .serialized)
struct PublishTests {
    struct Env {
        let dir: URL
        var db: String { dir.appendingPathComponent("liushi.sqlite").path }
        var out: URL { dir.appendingPathComponent("www") }
        func run(_ args: [String], today: String = "2026-12-04") throws -> LiushiBinary.Result {
            try LiushiBinary.run(args + ["--db", db, "--today", today, "--lang", "en"])
        }
        func publish(_ extra: [String] = [], today: String = "2026-12-04") throws {
            let r = try run(["publish", out.path] + extra, today: today)
            #expect(r.status == 0, "publish: \(r.stderr)")
        }
        func read(_ path: String) throws -> String {
            try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8)
        }
    }

    static func env() throws -> Env { Env(dir: try LiushiBinary.temporaryDirectory()) }

    /// UID → (DTSTART, SEQUENCE, STATUS) of every event.
    static func events(_ ics: String) -> [String: (start: String, sequence: Int, status: String)] {
        var out: [String: (String, Int, String)] = [:]
        var uid = "", start = "", sequence = -1, status = ""
        for line in ics.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n") {
            if line == "BEGIN:VEVENT" { uid = ""; start = ""; sequence = -1; status = "" }
            else if line.hasPrefix("UID:") { uid = String(line.dropFirst(4)) }
            else if line.hasPrefix("DTSTART") { start = String(line[line.index(after: line.firstIndex(of: ":")!)...]) }
            else if line.hasPrefix("SEQUENCE:") { sequence = Int(line.dropFirst(9)) ?? -1 }
            else if line.hasPrefix("STATUS:") { status = String(line.dropFirst(7)) }
            else if line == "END:VEVENT" { out[uid] = (start, sequence, status) }
        }
        return out
    }

    static let villages = ["anren", "luocun", "qiantan"]

    @Test("writes villages/<id>.ics for every village, townships/township.ics and all.ics, a year back and two ahead")
    func writesTheFiles() throws {
        let e = try Self.env()
        defer { try? FileManager.default.removeItem(at: e.dir) }
        let r = try e.run(["publish", e.out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("2025-12-04 to 2028-12-04"))
        let files = try FileManager.default.contentsOfDirectory(atPath: e.out.appendingPathComponent("villages").path).sorted()
        for v in Self.villages { #expect(files.contains(v + ".ics"), "\(files)") }
        #expect(files.allSatisfy { $0.hasSuffix(".ics") && !$0.hasPrefix(".") })   // no temporary files left
        #expect(try FileManager.default.contentsOfDirectory(atPath: e.out.appendingPathComponent("townships").path) == ["township.ics"])
        let all = Self.events(try e.read("all.ics"))
        #expect(try Self.events(e.read("townships/township.ics")).count == all.count)
        var total = 0
        for f in files {
            let ics = try e.read("villages/" + f)
            #expect(ics.hasPrefix("BEGIN:VCALENDAR\r\n") && ics.hasSuffix("END:VCALENDAR\r\n"))
            #expect(!ics.contains("METHOD:"))
            let evs = Self.events(ics)
            total += evs.count
            #expect(evs.keys.allSatisfy { $0.hasPrefix(String(f.dropLast(4)) + "-") && $0.hasSuffix("@liushi") })
        }
        #expect(total == all.count)
        let starts = all.values.map { String($0.start.prefix(8)) }.sorted()
        #expect(try #require(starts.first) >= "20251204" && starts.last! <= "20281204")
        #expect(starts.first! < "20260101" && starts.last! > "20281101")
        #expect(all["qiantan-week-2026W49@liushi"] != nil)
    }

    @Test("after a move, a second move, a cancel, its undo and held: the same UID, SEQUENCE rising each time")
    func republishUpdatesTheSameEvent() throws {
        let e = try Self.env()
        defer { try? FileManager.default.removeItem(at: e.dir) }
        let uid = "qiantan-week-2026W50@liushi"   // Monday 2026-12-07
        var seen: [(start: String, sequence: Int, status: String)] = []
        func step(_ args: [String]) throws {
            if !args.isEmpty {
                let r = try e.run(args)
                #expect(r.status == 0, "\(args): \(r.stderr)")
            }
            try e.publish()
            let ev = try #require(Self.events(e.read("villages/qiantan.ics"))[uid])
            #expect(try Self.events(e.read("all.ics"))[uid]?.sequence == ev.sequence)
            seen.append(ev)
        }
        try step([])
        try step(["day", "mark", "--village", "qiantan", "--date", "2026-12-07", "moved", "--to", "2026-12-08"])
        try step(["day", "mark", "--village", "qiantan", "--date", "2026-12-08", "moved", "--to", "2026-12-09"])
        try step(["day", "mark", "--village", "qiantan", "--date", "2026-12-09", "cancelled"])
        try step(["undo"])
        try step(["day", "mark", "--village", "qiantan", "--date", "2026-12-09", "held"])
        #expect(seen.map(\.start) == ["20261207T083000", "20261208T083000", "20261209T083000", "20261209T083000",
                                      "20261209T083000", "20261209T083000"])
        #expect(seen.map(\.status) == ["CONFIRMED", "CONFIRMED", "CONFIRMED", "CANCELLED", "CONFIRMED", "CONFIRMED"])
        let sequences = seen.map(\.sequence)
        #expect(zip(sequences, sequences.dropFirst()).allSatisfy { $0 < $1 }, "\(sequences)")
    }

    @Test("renaming the township and moving the weekly rule to Tuesday keep the UIDs of every week")
    func uidsSurviveConfigurationChanges() throws {
        let e = try Self.env()
        defer { try? FileManager.default.removeItem(at: e.dir) }
        let config = e.dir.appendingPathComponent("config")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        let yaml = try String(contentsOf: LiushiBinary.repositoryRoot.appendingPathComponent("Config/liushi.yaml"), encoding: .utf8)
        try yaml.write(to: config.appendingPathComponent("liushi.yaml"), atomically: true, encoding: .utf8)
        try e.publish(["--config", config.path])
        let before = Self.events(try e.read("all.ics"))
        let changed = yaml.replacingOccurrences(of: "  name: 乾潭镇", with: "  name: 建德市乾潭镇")
            .replacingOccurrences(of: "    day: mon\n", with: "    day: tue\n")
        #expect(changed != yaml)
        try changed.write(to: config.appendingPathComponent("liushi.yaml"), atomically: true, encoding: .utf8)
        try e.publish(["--config", config.path])
        let after = Self.events(try e.read("all.ics"))
        // The window ends on Monday 2028-12-04: that week's Tuesday is outside it.
        func weeks(_ evs: [String: (start: String, sequence: Int, status: String)]) -> Set<String> {
            Set(evs.keys.filter { $0.contains("-week-") && !$0.contains("-week-2028W49@") })
        }
        let weeksBefore = weeks(before), weeksAfter = weeks(after)
        #expect(weeksBefore.count > 100)
        #expect(weeksBefore == weeksAfter, "\(weeksBefore.symmetricDifference(weeksAfter).sorted())")
        let movedToTuesday = weeksBefore.filter { before[$0]?.start != after[$0]?.start }.count
        #expect(movedToTuesday * 2 > weeksBefore.count, "\(movedToTuesday) of \(weeksBefore.count)")   // villages with their own weekday stay
        #expect(try e.read("all.ics").contains("建德市乾潭镇"))
    }

    @Test("publishing twice while another process reads the files never shows a partial file")
    func replacementIsAtomic() throws {
        let e = try Self.env()
        defer { try? FileManager.default.removeItem(at: e.dir) }
        try e.publish()
        let path = e.out.appendingPathComponent("all.ics").path
        // A separate reader process, so that it cannot share anything with the writer but the files.
        let script = """
        import sys, time
        end = time.time() + 60
        reads = partial = 0
        while time.time() < end:
            try:
                open(sys.argv[2]).close()
                break
            except FileNotFoundError:
                pass
            with open(sys.argv[1], 'rb') as f:
                data = f.read()
            reads += 1
            if not (data.startswith(b'BEGIN:VCALENDAR\\r\\n') and data.endswith(b'END:VCALENDAR\\r\\n')):
                partial += 1
        print(reads, partial)
        """
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else {
            try Test.cancel("skipped: /usr/bin/python3 is missing")
        }
        let stop = e.dir.appendingPathComponent("stop").path
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        reader.arguments = ["-c", script, path, stop]
        let pipe = Pipe()
        reader.standardOutput = pipe
        try reader.run()
        for today in ["2026-12-05", "2026-12-06", "2026-12-07"] { try e.publish(today: today) }
        FileManager.default.createFile(atPath: stop, contents: nil)
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        reader.waitUntilExit()
        let numbers = output.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        try #require(numbers.count == 2, "reader said: \(output)")
        #expect(numbers[0] > 0)
        #expect(numbers[1] == 0, "\(numbers[1]) of \(numbers[0]) reads saw a partial file")
        #expect(try e.read("all.ics").contains("DTSTAMP:20261207T000000Z"))
    }

    @Test("a file that already holds the same calendar is left alone; all.ics and the township's file are one file")
    func unchangedFilesStay() throws {
        let e = try Self.env()
        defer { try? FileManager.default.removeItem(at: e.dir) }
        func inode(_ path: String) throws -> Int {
            try #require(FileManager.default.attributesOfItem(atPath: e.out.appendingPathComponent(path).path)[.systemFileNumber] as? Int)
        }
        try e.publish()
        let first = try inode("villages/qiantan.ics")
        #expect(try inode("all.ics") == inode("townships/township.ics"))
        try e.publish()
        #expect(try inode("villages/qiantan.ics") == first)
        try e.publish(today: "2026-12-05")   // a new DTSTAMP: every file is replaced
        #expect(try inode("villages/qiantan.ics") != first)
        #expect(try inode("all.ics") == inode("townships/township.ics"))
        #expect(try e.read("all.ics") == e.read("townships/township.ics"))
    }

    @Test("a folder that cannot be created: status 1 and the reason in plain words")
    func failures() throws {
        let e = try Self.env()
        defer { try? FileManager.default.removeItem(at: e.dir) }
        let file = e.dir.appendingPathComponent("a-file")
        FileManager.default.createFile(atPath: file.path, contents: Data("x".utf8))
        let r = try e.run(["publish", file.appendingPathComponent("www").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("cannot create the folder") && r.stderr.contains("not a folder"), "\(r.stderr)")
        let usage = try e.run(["publish"])
        #expect(usage.status == 2)
    }

    @Test("a file that cannot be replaced: status 1, the reason, the other files untouched and no temporary file left")
    func renameFailureLeavesNoTemporaryFiles() throws {
        let e = try Self.env()
        defer { try? FileManager.default.removeItem(at: e.dir) }
        try e.publish()
        let before = try e.read("townships/township.ics")
        // A folder where a village's file should be: its rename fails.
        let blocked = e.out.appendingPathComponent("villages/qiantan.ics")
        try FileManager.default.removeItem(at: blocked)
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("x"), withIntermediateDirectories: true)
        let r = try e.run(["publish", e.out.path], today: "2026-12-05")
        #expect(r.status == 1)
        #expect(r.stderr.contains("cannot write") && r.stderr.contains("qiantan.ics"), "\(r.stderr)")
        #expect(try e.read("townships/township.ics") == before)
        for folder in ["", "villages", "townships"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: e.out.appendingPathComponent(folder).path)
            #expect(!names.contains { $0.hasSuffix(".tmp") }, "\(folder): \(names)")
        }
    }
}
