import Foundation
import Testing
import LiushiCore

/// `liushi report` (年评) through the real binary, on the shipped example township: a year of
/// marks, moves, undos and items whose figures are worked out here by hand (and, where the
/// shipped rules decide a count, from `print --format json` of the same database).
@Suite("report (年评), end to end", .serialized)
struct ReportTests {
    struct Env {
        let dir: URL
        var db: String { dir.appendingPathComponent("liushi.sqlite").path }
        @discardableResult
        func run(_ args: [String], today: String, lang: String = "en") throws -> LiushiBinary.Result {
            let r = try LiushiBinary.run(args + ["--db", db, "--today", today, "--lang", lang])
            return r
        }
        func ok(_ args: [String], today: String) throws -> String {
            let r = try run(args, today: today)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// The year 2026 in 乾潭村 (qiantan) and 子胥村 (zixu):
    /// - item A: added 01-05, to discuss 01-15, closed 03-02 (56 days);
    /// - item B: added 02-01, closed 02-11 (10 days);
    /// - item C: added 03-01, advanced 03-10 and the advance undone: open at sort since 03-01;
    /// - item D: added 05-01, the add undone: never counts;
    /// - item E: added 2025-12-01, closed 2026-04-01 (121 days): closed in 2026, added in 2025;
    /// - item F (zixu): added 12-20, closed only on 2027-01-05: open at sort at the year's end;
    /// - days: 01-05 held (committees, instructor); 01-12 cancelled; 01-19 moved to 01-20 and held
    ///   there (committees); 02-02 held and the mark undone; 12-28 moved to 2027-01-04 (out of 2026).
    static func year2026() throws -> Env {
        let env = Env(dir: try LiushiBinary.temporaryDirectory())
        let a = try env.ok(["item", "add", "--village", "qiantan", "--title", "村道路灯维修"], today: "2026-01-05")
        try env.ok(["item", "advance", a], today: "2026-01-15")
        try env.ok(["item", "advance", a, "--to", "closed"], today: "2026-03-02")
        let b = try env.ok(["item", "add", "--village", "qiantan", "--title", "<b>修路</b> & \"排水\""], today: "2026-02-01")
        try env.ok(["item", "advance", b, "--to", "closed"], today: "2026-02-11")
        let c = try env.ok(["item", "add", "--village", "qiantan", "--title", "C"], today: "2026-03-01")
        try env.ok(["item", "advance", c], today: "2026-03-10")
        try env.ok(["undo"], today: "2026-03-10")
        try env.ok(["item", "add", "--village", "qiantan", "--title", "D"], today: "2026-05-01")
        try env.ok(["undo"], today: "2026-05-01")
        let e = try env.ok(["item", "add", "--village", "qiantan", "--title", "E"], today: "2025-12-01")
        try env.ok(["item", "advance", e, "--to", "closed"], today: "2026-04-01")
        let f = try env.ok(["item", "add", "--village", "zixu", "--title", "F"], today: "2026-12-20")
        try env.ok(["item", "advance", f, "--to", "closed"], today: "2027-01-05")
        try env.ok(["day", "mark", "--village", "qiantan", "--date", "2026-01-05", "held", "--attended", "committees", "instructor"],
                   today: "2026-01-05")
        try env.ok(["day", "mark", "--village", "qiantan", "--date", "2026-01-12", "cancelled"], today: "2026-01-12")
        try env.ok(["day", "mark", "--village", "qiantan", "--date", "2026-01-19", "moved", "--to", "2026-01-20"], today: "2026-01-12")
        try env.ok(["day", "mark", "--village", "qiantan", "--date", "2026-01-20", "held", "--attended", "committees"], today: "2026-01-20")
        try env.ok(["day", "mark", "--village", "qiantan", "--date", "2026-02-02", "held"], today: "2026-02-02")
        try env.ok(["undo"], today: "2026-02-02")
        try env.ok(["day", "mark", "--village", "qiantan", "--date", "2026-12-28", "moved", "--to", "2027-01-04"], today: "2026-12-20")
        return env
    }

    /// The village's fixed days of 2026 as `print` lists them (actual dates), not skipped.
    static func printed(_ env: Env, _ village: String) throws -> [[String: Any]] {
        let r = try env.run(["print", "--village", village, "--year", "2026", "--format", "json"], today: "2027-01-10")
        let list = (try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]) ?? []
        return list.filter { ($0["skipped"] as? Bool) != true }
    }

    /// Fixed days carrying `matter` in [from, to], not cancelled.
    static func meetings(_ days: [[String: Any]], _ matter: String, from: String, to: String) -> Int {
        days.filter { day in
            let date = day["date"] as? String ?? ""
            return date >= from && date <= to && ((day["matters"] as? [String]) ?? []).contains(matter)
                && (day["status"] as? String) != "cancelled"
        }.count
    }

    @Test("json: figures of a hand-worked year; the sums hold; undone changes never count")
    func handWorkedYear() throws {
        let env = try Self.year2026()
        defer { try? FileManager.default.removeItem(at: env.dir) }
        let r = try env.run(["report", "--year", "2026", "--village", "zixu", "--village", "qiantan", "--format", "json"],
                            today: "2027-01-10")
        #expect(r.status == 0, "\(r.stderr)")
        let top = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(top["year"] as? Int == 2026)
        let villages = top["villages"] as? [[String: Any]] ?? []
        #expect(villages.compactMap { $0["village"] as? String } == ["qiantan", "zixu"])
        let q = try #require(villages.first), z = try #require(villages.last)

        let qDays = try Self.printed(env, "qiantan"), zDays = try Self.printed(env, "zixu")
        let fixed = q["fixedDays"] as? [String: Int] ?? [:]
        #expect(fixed["scheduled"] == qDays.count)    // 12-28 moved into 2027 is not among them
        #expect(fixed["held"] == 2)
        #expect(fixed["cancelled"] == 1)
        #expect(fixed["moved"] == 1)
        #expect(fixed["upcoming"] == 0)
        #expect(fixed["unmarked"] == qDays.count - 3)   // 02-02's held mark was undone
        let attendance = q["attendance"] as? [String: Double] ?? [:]
        #expect(attendance["committees"] == 1)
        #expect(attendance["instructor"] == 0.5)

        let items = q["items"] as? [String: Int] ?? [:]
        #expect(items == ["added": 3, "closed": 3, "withdrawn": 0, "overdue": 1])   // A, B, C; A, B, E; C
        #expect(q["medianDaysToClose"] as? Int == 56)                              // 10, 56, 121
        #expect(q["carryOvers"] as? Int == Self.meetings(qDays, "sort", from: "2026-03-01", to: "2026-12-31"))

        #expect(z["items"] as? [String: Int] == ["added": 1, "closed": 0, "withdrawn": 0, "overdue": 1])
        #expect(z["medianDaysToClose"] is NSNull)
        let zCarry = Self.meetings(zDays, "sort", from: "2026-12-20", to: "2026-12-31")
        #expect(zCarry >= 1)
        #expect(z["carryOvers"] as? Int == zCarry)
        #expect((z["fixedDays"] as? [String: Int])?["scheduled"] == zDays.count)

        let total = top["total"] as? [String: Any] ?? [:]
        let t = total["fixedDays"] as? [String: Int] ?? [:]
        #expect(t["scheduled"] == qDays.count + zDays.count)
        #expect(t["held"]! + t["cancelled"]! + t["unmarked"]! + t["upcoming"]! == t["scheduled"])
        #expect((total["items"] as? [String: Int])?["added"] == 4)
        #expect(total["carryOvers"] as? Int == (q["carryOvers"] as? Int ?? 0) + zCarry)

        // The day moved from 2026-12-28 is 2027's.
        let next = try env.run(["report", "--year", "2027", "--village", "qiantan", "--format", "json"], today: "2027-01-10")
        #expect(next.stdout.contains(#""moved":1"#), "\(next.stdout.prefix(300))")
    }

    @Test("text fits 80 columns; html goes to -o FILE with its charts and the village's name")
    func textAndHTML() throws {
        let env = try Self.year2026()
        defer { try? FileManager.default.removeItem(at: env.dir) }
        for lang in ["zh", "en"] {
            let r = try env.run(["report", "--year", "2026"], today: "2027-01-10", lang: lang)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("乾潭村"))
            for line in r.stdout.split(separator: "\n") {
                #expect(DisplayWidth.of(line) <= 80, "\(lang): \(line)")
            }
        }
        let out = env.dir.appendingPathComponent("年评.html").path
        let r = try env.run(["report", "--year", "2026", "--format", "html", "-o", out], today: "2027-01-10")
        #expect(r.status == 0 && r.stdout.isEmpty, "\(r.stderr)")
        let html = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("乾潭村"))
        #expect(html.components(separatedBy: "<svg ").count - 1 == 3)
        #expect(!html.contains("<script"))
    }

    @Test("bad input is a usage error (status 2); without a database the report reads nothing and creates nothing")
    func validation() throws {
        let env = Env(dir: try LiushiBinary.temporaryDirectory())
        defer { try? FileManager.default.removeItem(at: env.dir) }
        let unknown = try env.run(["report", "--year", "2026", "--village", "nosuch"], today: "2026-12-04")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no village 'nosuch'"))
        let year = try env.run(["report", "--year", "1800"], today: "2026-12-04")
        #expect(year.status == 2)
        #expect(year.stderr.contains("--year must be between 1901 and 2099"))
        let format = try env.run(["report", "--format", "csv"], today: "2026-12-04")
        #expect(format.status == 2)

        let r = try env.run(["report", "--format", "json"], today: "2026-12-04")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix(#"{"year":2026,"#))
        #expect(r.stdout.contains(#""items":{"added":0,"closed":0,"withdrawn":0,"overdue":0}"#))
        #expect(!FileManager.default.fileExists(atPath: env.db))

        let unwritable = try env.run(["report", "-o", env.dir.appendingPathComponent("no/such/dir/r.txt").path], today: "2026-12-04")
        #expect(unwritable.status == 1, "\(unwritable.stderr)")
    }
}
