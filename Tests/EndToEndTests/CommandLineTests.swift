import Foundation
import Testing

/// The `liushi` binary driven as a user would, on the shipped example township.
@Suite("Command line, end to end")
struct CommandLineTests {
    let noDB = ["LIUSHI_DB": "/nonexistent-liushi-dir/liushi.sqlite"]

    @Test("golden: upcoming over 2025–2026 as text and JSON")
    func upcomingGolden() throws {
        let text = try LiushiBinary.run(["upcoming", "--from", "2025-01-01", "--days", "730", "--today", "2025-01-01"], env: noDB)
        #expect(text.status == 0, "\(text.stderr)")
        try LiushiBinary.expectGolden(text.stdout, "upcoming-2025-2026.txt")
        let json = try LiushiBinary.run(["upcoming", "--from", "2025-01-01", "--days", "730", "--format", "json", "--today", "2025-01-01"], env: noDB)
        #expect(json.status == 0)
        try LiushiBinary.expectGolden(json.stdout, "upcoming-2025-2026.json")
        // The JSON is an array of objects with the contract's keys, in date then village order.
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(array.count > 1000)
        let keys = ["date", "village", "villageName", "rhythms", "matters", "time", "shiftedFrom", "reason", "provisional", "items"]
        #expect(array.allSatisfy { o in keys.allSatisfy { o[$0] != nil } })
        let order = array.map { ($0["date"] as? String ?? "") + " " + ($0["village"] as? String ?? "") }
        #expect(order == order.sorted())
    }

    @Test("golden: print of one village for 2025 and 2026 as text and JSON, in Chinese")
    func printGolden() throws {
        for year in ["2025", "2026"] {
            for village in ["luocun", "anren"] {
                let text = try LiushiBinary.run(["print", "--village", village, "--year", year, "--lang", "zh", "--today", "2025-01-01"], env: noDB)
                #expect(text.status == 0, "\(text.stderr)")
                try LiushiBinary.expectGolden(text.stdout, "print-\(village)-\(year).txt")
                let json = try LiushiBinary.run(["print", "--village", village, "--year", year, "--format", "json", "--today", "2025-01-01"], env: noDB)
                #expect(json.status == 0)
                try LiushiBinary.expectGolden(json.stdout, "print-\(village)-\(year).json")
            }
        }
    }

    @Test("October 2025: a shifted fixed day says where it came from and why")
    func shiftedDayInJSON() throws {
        let r = try LiushiBinary.run(["upcoming", "--from", "2025-10-01", "--days", "14", "--format", "json"], env: noDB)
        #expect(r.status == 0)
        #expect(r.stdout.contains(#""shiftedFrom":"2025-10-06""#))
        #expect(r.stdout.contains(#""reason":"国庆节、中秋节""#))
        #expect(!r.stdout.contains(#""date":"2025-10-06""#))
    }

    @Test("global options are accepted before and after the subcommand, and from the environment")
    func globalOptionsAnywhere() throws {
        let after = try LiushiBinary.run(["upcoming", "--days", "3", "--today", "2026-03-02", "--lang", "en"], env: noDB)
        let before = try LiushiBinary.run(["--today", "2026-03-02", "--lang", "en", "upcoming", "--days", "3"], env: noDB)
        #expect(after.status == 0 && before.status == 0)
        #expect(after.stdout == before.stdout)
        #expect(after.stdout.contains("2026-03-02"))
        let zh = try LiushiBinary.run(["upcoming", "--days", "3", "--today", "2026-03-02"], env: noDB.merging(["LANG": "zh_CN.UTF-8"]) { $1 })
        #expect(zh.stdout.contains("星期") || zh.stdout.contains("周一"))
    }

    @Test("usage and configuration errors exit 2 with plain words; --help and --version exit 0")
    func statuses() throws {
        let unknown = try LiushiBinary.run(["print", "--village", "nosuch"], env: noDB)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("qiantan"))
        let badDate = try LiushiBinary.run(["upcoming", "--today", "2026-02-30"], env: noDB)
        #expect(badDate.status == 2)
        let outOfRange = try LiushiBinary.run(["upcoming", "--from", "2099-12-20", "--days", "30"], env: noDB)
        #expect(outOfRange.status == 2)
        #expect(outOfRange.stderr.contains("2099-12-31"))
        let huge = try LiushiBinary.run(["upcoming", "--days", "3650000"], env: noDB)
        #expect(huge.status == 2)
        let help = try LiushiBinary.run(["print", "--help"], env: noDB)
        #expect(help.status == 0 && help.stdout.contains("Example"))
        let version = try LiushiBinary.run(["--version"], env: noDB)
        #expect(version.status == 0 && !version.stdout.isEmpty)
        let bare = try LiushiBinary.run(["--today", "2026-03-02"], env: noDB)
        #expect(bare.status == 0 && bare.stdout.contains("乾潭镇"))
    }

    @Test("a malformed configuration names FILE:LINE:COL, shows the line and a caret, and exits 2")
    func malformedConfiguration() throws {
        let dir = try LiushiBinary.temporaryDirectory()
        try "township:\n  name: 乾潭镇\nrhythms:\n  week:\n    day: 周八\nvillages:\n  - id: a\n    name: 甲村\n"
            .write(to: dir.appendingPathComponent("liushi.yaml"), atomically: true, encoding: .utf8)
        let r = try LiushiBinary.run(["upcoming", "--config", dir.path], env: noDB)
        #expect(r.status == 2)
        #expect(r.stderr.contains(dir.path + "/liushi.yaml:5:10:"))
        #expect(r.stderr.contains("day: 周八"))
        #expect(r.stderr.contains("^"))
        let missing = try LiushiBinary.run(["upcoming", "--config", dir.path + "/nope"], env: noDB)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nope/liushi.yaml:1:1:"))
        let viaEnv = try LiushiBinary.run(["upcoming"], env: noDB.merging(["LIUSHI_CONFIG": dir.path]) { $1 })
        #expect(viaEnv.status == 2)
    }

    @Test("check: 0 on the shipped township, 1 when one liaison leader is due in two villages at once")
    func check() throws {
        let clean = try LiushiBinary.run(["check", "--today", "2026-01-01"], env: noDB)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        let dir = try LiushiBinary.temporaryDirectory()
        try """
        township:
          name: 测试镇
        rhythms:
          week:
            day: tue
            time: "09:00"
            duration: 2h
            attendees: [liaison]
        villages:
          - id: a
            name: 甲村
            liaison: 王明
          - id: b
            name: 乙村
            liaison: 王明
            rhythms:
              week:
                time: "10:30"
          - id: c
            name: 丙村
            liaison: 王明
            rhythms:
              week:
                time: "14:00"
        """.write(to: dir.appendingPathComponent("liushi.yaml"), atomically: true, encoding: .utf8)
        let r = try LiushiBinary.run(["check", "--config", dir.path, "--today", "2026-03-02", "--days", "7"], env: noDB)
        #expect(r.status == 1)
        #expect(r.stdout.contains("王明"))
        #expect(r.stdout.contains("2026-03-03"))
        #expect(!r.stdout.contains("丙村"), "14:00 does not overlap 09:00–11:00 or 10:30–12:30")
        let provisional = try LiushiBinary.run(["check", "--today", "2026-12-01", "--days", "60"], env: noDB)
        #expect(provisional.stdout.contains("2027"))
    }

    @Test("holidays: csv header and rows, provisional years marked, json objects")
    func holidays() throws {
        let csv = try LiushiBinary.run(["holidays", "--year", "2026", "--format", "csv"], env: noDB)
        #expect(csv.status == 0)
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "date,kind,name,provisional")
        #expect(lines.contains("2026-02-14,workday,,false"))
        #expect(lines.contains("2026-10-01,holiday,国庆节,false"))
        #expect(lines.count == 1 + 33 + 6)
        let future = try LiushiBinary.run(["holidays", "--year", "2030", "--format", "json"], env: noDB)
        #expect(future.stdout.contains(#""provisional":true"#))
        let text = try LiushiBinary.run(["holidays", "--year", "2030"], env: noDB)
        #expect(text.stdout.contains("provisional"))
        let bad = try LiushiBinary.run(["holidays", "--year", "2100"], env: noDB)
        #expect(bad.status == 2)
    }

    @Test("print -o writes the file whole, or fails with status 1 leaving nothing behind")
    func printToFile() throws {
        let dir = try LiushiBinary.temporaryDirectory()
        let out = dir.appendingPathComponent("sandu.html").path
        let ok = try LiushiBinary.run(["print", "--village", "qiantan", "--year", "2026", "--format", "html", "-o", out], env: noDB)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(FileManager.default.fileExists(atPath: out))
        let bad = try LiushiBinary.run(["print", "--village", "qiantan", "--format", "csv", "-o", dir.path + "/no/such/dir/x.csv"], env: noDB)
        #expect(bad.status == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["sandu.html"])
    }

    @Test("items due show on their fixed day in upcoming (text and JSON) and print, and a moved day shows on its new date")
    func itemsAndMarksInSchedules() throws {
        let dir = try LiushiBinary.temporaryDirectory()
        let db = ["LIUSHI_DB": dir.appendingPathComponent("liushi.sqlite").path]
        let today = ["--today", "2026-09-28"]
        let add = try LiushiBinary.run(["item", "add", "--village", "qiantan", "--title", "村道路灯维修"] + today, env: db)
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        // qiantan's weekly fixed day (sort) on Monday 2026-09-28 carries the new item.
        let text = try LiushiBinary.run(["upcoming", "--days", "7", "--village", "qiantan"] + today, env: db)
        #expect(text.stdout.contains("#1 村道路灯维修 [sort]"))
        let json = try LiushiBinary.run(["upcoming", "--days", "7", "--village", "qiantan", "--format", "json"] + today, env: db)
        #expect(json.stdout.contains(#""items":[{"id":1,"title":"村道路灯维修","stage":"sort"}]"#))
        let printed = try LiushiBinary.run(["print", "--village", "qiantan", "--from", "2026-09-28", "--to", "2026-10-31", "--format", "json"] + today, env: db)
        #expect(printed.stdout.contains(#""title":"村道路灯维修""#))
        // Move the day: it shows on the new date, with where it came from.
        let mark = try LiushiBinary.run(["day", "mark", "--village", "qiantan", "--date", "2026-09-28", "moved", "--to", "2026-09-30", "--note", "暴雨"] + today, env: db)
        #expect(mark.status == 0, "\(mark.stderr)")
        let moved = try LiushiBinary.run(["upcoming", "--days", "7", "--village", "qiantan", "--format", "json"] + today, env: db)
        #expect(moved.stdout.contains(#""date":"2026-09-30""#))
        #expect(moved.stdout.contains(#""movedFrom":"2026-09-28""#))
        #expect(!moved.stdout.contains(#""date":"2026-09-28""#))
        let undo = try LiushiBinary.run(["undo"], env: db)
        #expect(undo.status == 0)
        let back = try LiushiBinary.run(["upcoming", "--days", "7", "--village", "qiantan", "--format", "json"] + today, env: db)
        #expect(back.stdout.contains(#""date":"2026-09-28""#))
    }

    @Test("a user's holiday file adds a year (no longer provisional); a malformed one names FILE:LINE:COL and exits 2")
    func userHolidayFiles() throws {
        let dir = try LiushiBinary.temporaryDirectory()
        let holidays = dir.appendingPathComponent("holidays")
        try FileManager.default.createDirectory(at: holidays, withIntermediateDirectories: true)
        let shipped = try String(contentsOf: LiushiBinary.repositoryRoot.appendingPathComponent("Config/liushi.yaml"), encoding: .utf8)
        try shipped.write(to: dir.appendingPathComponent("liushi.yaml"), atomically: true, encoding: .utf8)
        try """
        year: 2027
        source: test arrangement
        holidays:
          元旦: ["2027-01-01..2027-01-03"]
        workdays: ["2027-01-09"]
        """.write(to: holidays.appendingPathComponent("2027.yaml"), atomically: true, encoding: .utf8)
        let ok = try LiushiBinary.run(["holidays", "--year", "2027", "--format", "csv", "--config", dir.path], env: noDB)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("2027-01-09,workday,,false"))
        #expect(ok.stdout.split(separator: "\n").count == 1 + 3 + 1)
        try "year: 2028\nholidays:\n  元旦: [\"2028-02-30\"]\n".write(to: holidays.appendingPathComponent("2028.yaml"), atomically: true, encoding: .utf8)
        let bad = try LiushiBinary.run(["holidays", "--config", dir.path], env: noDB)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains(holidays.path + "/2028.yaml:3:"))
    }
}
