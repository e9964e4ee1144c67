import Foundation
import Testing
import LiushiCore
import LiushiReports

@Suite("print --format ics")
struct ICSScheduleTests {
    /// Physical lines (without their CRLF); fails when any line break is not CRLF.
    static func physicalLines(_ ics: String, sourceLocation: SourceLocation = #_sourceLocation) -> [[UInt8]] {
        let bytes = Array(ics.utf8)
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0D {
                if i + 1 < bytes.count, bytes[i + 1] == 0x0A { lines.append(current); current = []; i += 2; continue }
                Issue.record("a CR without LF at byte \(i)", sourceLocation: sourceLocation)
            } else if b == 0x0A {
                Issue.record("a LF without CR at byte \(i)", sourceLocation: sourceLocation)
            }
            current.append(b)
            i += 1
        }
        if !current.isEmpty { Issue.record("the file does not end with CRLF", sourceLocation: sourceLocation) }
        return lines
    }

    /// Content lines, unfolded.
    static func contentLines(_ ics: String) -> [String] {
        ics.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    /// The VEVENTs as property lists (name with parameters → raw value).
    static func events(_ ics: String) -> [[(String, String)]] {
        var out: [[(String, String)]] = []
        var current: [(String, String)]? = nil
        for line in contentLines(ics) {
            if line == "BEGIN:VEVENT" { current = []; continue }
            if line == "END:VEVENT" { if let c = current { out.append(c) }; current = nil; continue }
            guard current != nil, let colon = line.firstIndex(of: ":") else { continue }
            current?.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
        }
        return out
    }

    static func value(_ event: [(String, String)], _ name: String) -> String? {
        event.first { $0.0 == name || $0.0.hasPrefix(name + ";") }?.1
    }

    static func documents() throws -> [PrintDocument] {
        [try PrintFixtures.oneVillageYear(), try PrintFixtures.threeVillages(), try PrintFixtures.threeVillages(.en)]
    }

    @Test("CRLF everywhere; every physical line at most 75 octets and valid UTF-8 on its own (folding never splits a character)")
    func folding() throws {
        for doc in try Self.documents() {
            let ics = ICSSchedule.render(doc)
            let lines = Self.physicalLines(ics)
            #expect(lines.count > 20)
            var folded = 0
            for (i, line) in lines.enumerated() {
                #expect(line.count <= 75, "line \(i + 1) has \(line.count) octets")
                #expect(String(validating: line, as: UTF8.self) != nil, "line \(i + 1) is not valid UTF-8 on its own")
                if line.first == 0x20 { folded += 1 }
            }
            #expect(folded > 0)   // the fixtures have long Chinese descriptions
        }
        // A long line of 3-byte (and 4-byte) characters: breaks fall between characters, continuation lines count their space.
        let long = Village(id: "long", name: String(repeating: "乾", count: 100) + String(repeating: "𠀋", count: 30), rules: [])
        let out = ICSSchedule.render(PrintDocument(townshipName: "乾潭镇", villages: [long], from: PrintFixtures.d("2025-01-01"),
                                                   to: PrintFixtures.d("2025-01-01"), entries: [], language: .zh,
                                                   provisionalYears: [], generatedOn: PrintFixtures.d("2025-01-01")))
        #expect(Self.contentLines(out).contains("X-WR-CALNAME:" + long.name + " 六事一日安排"))
        for line in Self.physicalLines(out) {
            #expect(line.count <= 75)
            #expect(String(validating: line, as: UTF8.self) != nil)
        }
    }

    @Test("VCALENDAR header: VERSION 2.0, PRODID, CALSCALE, X-WR-CALNAME; one VEVENT per fixed day, none for skipped periods")
    func calendarAndEvents() throws {
        let doc = try PrintFixtures.oneVillageYear()
        let ics = ICSSchedule.render(doc)
        let lines = Self.contentLines(ics)
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.last == "END:VCALENDAR")
        for p in ["VERSION:2.0", "CALSCALE:GREGORIAN", "X-WR-CALNAME:三都村 六事一日安排"] { #expect(lines.contains(p)) }
        #expect(lines.contains { $0.hasPrefix("PRODID:") })
        let events = Self.events(ics)
        let fixed = doc.entries.filter { !$0.skipped }
        #expect(doc.entries.count > fixed.count)   // the fixture has skipped periods
        #expect(events.count == fixed.count)
        for (ev, e) in zip(events, fixed) {
            #expect(Self.value(ev, "DTSTART")?.hasPrefix(e.date.iso.replacingOccurrences(of: "-", with: "")) == true)
            #expect(Self.value(ev, "SUMMARY")?.hasPrefix("三都村：") == true)
            #expect(Self.value(ev, "DTSTAMP") == "20241220T000000Z")
        }
    }

    @Test("UIDs are unique per event, the same in two renders, and keep the scheduled period for a moved day")
    func stableUIDs() throws {
        for doc in try Self.documents() {
            let a = Self.events(ICSSchedule.render(doc)).compactMap { Self.value($0, "UID") }
            let b = Self.events(ICSSchedule.render(doc)).compactMap { Self.value($0, "UID") }
            #expect(a == b)
            #expect(Set(a).count == a.count)
        }
        // The same day rendered from a fresh schedule (another run of the program) has the same UID.
        let first = Self.events(ICSSchedule.render(try PrintFixtures.oneVillageYear()))
        let again = Self.events(ICSSchedule.render(try PrintFixtures.oneVillageYear(.en)))
        #expect(first.map { Self.value($0, "UID") } == again.map { Self.value($0, "UID") })
        // Moved 06-16 → 06-18: the event is on the new date, keeps the UID of 06-16, says so, SEQUENCE 1 (one mark).
        let moved = try #require(first.first { Self.value($0, "UID") == "sandu-week-2025W25@liushi" })
        #expect(Self.value(moved, "DTSTART") == "20250618T083000")
        #expect(Self.value(moved, "DESCRIPTION")?.contains("改期自2025-06-16") == true)
        #expect(Self.value(moved, "SEQUENCE") == "1")
        let cancelled = try #require(first.first { Self.value($0, "UID") == "sandu-xun-2025-07-2@liushi" })
        #expect(Self.value(cancelled, "STATUS") == "CANCELLED")
        // SEQUENCE counts the changes recorded for the day (marks and undos of them): one mark each here.
        #expect(Self.value(cancelled, "SEQUENCE") == "1")
        let plain = try #require(first.first { Self.value($0, "UID") == "sandu-week-2025W02@liushi" })
        #expect(Self.value(plain, "STATUS") == "CONFIRMED" && Self.value(plain, "SEQUENCE") == "1")   // marked held
        let unmarked = try #require(first.first { Self.value($0, "UID") == "sandu-week-2025W03@liushi" })
        #expect(Self.value(unmarked, "STATUS") == "CONFIRMED" && Self.value(unmarked, "SEQUENCE") == "0")
        // A cancel then undone: confirmed again, and SEQUENCE never goes back (mark + undo = 2); a
        // later move makes it 3.
        let day = PrintFixtures.d("2025-01-13")
        var undone = DayMark(village: "sandu", date: day, status: .cancelled, note: "雪")
        undone.undone = true
        for (marks, status, sequence) in [([undone], "CONFIRMED", "2"),
                                          ([undone, DayMark(village: "sandu", date: day, status: .moved(to: day + 1))], "CONFIRMED", "3"),
                                          ([undone, DayMark(village: "sandu", date: day, status: .cancelled)], "CANCELLED", "3")] {
            let doc = try PrintFixtures.document(villages: [PrintFixtures.sandu], from: "2025-01-01", to: "2025-01-31", marks: marks)
            let ev = try #require(Self.events(ICSSchedule.render(doc)).first { Self.value($0, "UID") == "sandu-week-2025W03@liushi" })
            #expect(Self.value(ev, "STATUS") == status)
            #expect(Self.value(ev, "SEQUENCE") == sequence)
        }
        // The township's display name is not part of the UID.
        let renamed = try PrintFixtures.document(villages: [PrintFixtures.sandu], from: "2025-01-01", to: "2025-01-31", township: "建德市乾潭镇")
        let renamedUID = try #require(Self.events(ICSSchedule.render(renamed)).first.flatMap { Self.value($0, "UID") })
        #expect(renamedUID == Self.value(plain, "UID"))
    }

    @Test("a period is named by the rhythm's calendar: ISO week, xun 1-3, month, quarter, year; lunar ones start with L")
    func periodNames() {
        let d = PrintFixtures.d
        #expect(ICSSchedule.period(.week, lunar: false, of: d("2027-02-01")) == "2027W05")
        #expect(ICSSchedule.period(.week, lunar: false, of: d("2026-12-31")) == "2026W53")
        #expect(ICSSchedule.period(.week, lunar: false, of: d("2027-01-01")) == "2026W53")   // ISO week-year
        #expect(ICSSchedule.period(.xun, lunar: false, of: d("2027-01-10")) == "2027-01-1")
        #expect(ICSSchedule.period(.xun, lunar: false, of: d("2027-01-11")) == "2027-01-2")
        #expect(ICSSchedule.period(.xun, lunar: false, of: d("2027-01-31")) == "2027-01-3")
        #expect(ICSSchedule.period(.month, lunar: false, of: d("2027-01-31")) == "2027-01")
        #expect(ICSSchedule.period(.quarter, lunar: false, of: d("2027-03-31")) == "2027Q1")
        #expect(ICSSchedule.period(.year, lunar: false, of: d("2027-12-31")) == "2027")
        // 2027-02-06 is 正月初一 of lunar 2027; 2027-02-05 is still lunar 2026 (腊月廿九).
        #expect(ICSSchedule.period(.month, lunar: true, of: d("2027-02-06")) == "L2027-01")
        #expect(ICSSchedule.period(.year, lunar: true, of: d("2027-02-05")) == "L2026")
        #expect(ICSSchedule.period(.xun, lunar: true, of: d("2027-02-05")) == "L2026-12-3")
        #expect(ICSSchedule.period(.xun, lunar: true, of: d("2027-02-16")) == "L2027-01-2")   // 正月十一
        // 2025 has a leap sixth month (闰六月, from 2025-07-25).
        #expect(ICSSchedule.period(.month, lunar: true, of: d("2025-07-25")) == "L2025-06leap")
        #expect(ICSSchedule.period(.month, lunar: true, of: d("2025-07-24")) == "L2025-06")
    }

    @Test("renaming the township and moving the weekly rule from Monday to Tuesday keep every week's UID")
    func uidsSurviveRuleChanges() throws {
        var tuesday = PrintFixtures.sandu
        tuesday.rules[0].day = .weekday(2)
        let monday = try PrintFixtures.document(villages: [PrintFixtures.sandu], from: "2025-01-01", to: "2025-12-31", marks: [])
        let moved = try PrintFixtures.document(villages: [tuesday], from: "2025-01-01", to: "2025-12-31", township: "建德市乾潭镇", marks: [])
        func weekUIDs(_ doc: PrintDocument) -> [String: String] {
            var out: [String: String] = [:]
            for ev in Self.events(ICSSchedule.render(doc)) {
                if let uid = Self.value(ev, "UID"), uid.contains("-week-") { out[uid] = Self.value(ev, "DTSTART") }
            }
            return out
        }
        let a = weekUIDs(monday), b = weekUIDs(moved)
        #expect(a.count >= 45)
        #expect(Set(a.keys) == Set(b.keys))
        let changedDates = a.keys.filter { a[$0] != b[$0] }.count
        #expect(changedDates >= 45)   // the same events, on other dates
    }

    @Test("move, move again, cancel, undo, held: the same UID and a strictly rising SEQUENCE at each step")
    func sequenceRises() throws {
        let day = PrintFixtures.d("2025-01-13")
        let steps: [DayMark] = [
            DayMark(village: "sandu", date: day, status: .moved(to: day + 1)),
            DayMark(village: "sandu", date: day, status: .moved(to: day + 2)),
            DayMark(village: "sandu", date: day, status: .cancelled),
        ]
        var marks: [[DayMark]] = [[]]
        for i in steps.indices { marks.append(Array(steps[...i])) }
        var undone = steps
        undone[2].undone = true   // the cancel undone
        marks.append(undone)
        marks.append(undone + [DayMark(village: "sandu", date: day, status: .held)])
        var uids: Set<String> = [], sequences: [Int] = [], statuses: [String] = []
        for m in marks {
            let doc = try PrintFixtures.document(villages: [PrintFixtures.sandu], from: "2025-01-01", to: "2025-01-31", marks: m)
            let ev = try #require(Self.events(ICSSchedule.render(doc)).first { Self.value($0, "UID") == "sandu-week-2025W03@liushi" })
            uids.insert(Self.value(ev, "UID") ?? "")
            sequences.append(Int(Self.value(ev, "SEQUENCE") ?? "") ?? -1)
            statuses.append(Self.value(ev, "STATUS") ?? "")
        }
        #expect(uids.count == 1)
        #expect(sequences == [0, 1, 2, 3, 4, 5])
        #expect(zip(sequences, sequences.dropFirst()).allSatisfy { $0 < $1 })
        #expect(statuses == ["CONFIRMED", "CONFIRMED", "CONFIRMED", "CANCELLED", "CONFIRMED", "CONFIRMED"])
    }

    @Test("libical parses every file and its restriction check passes (no METHOD, so no ORGANIZER is required)")
    func libicalRestrictions() throws {
        guard let gcc = PrintFixtures.which("gcc"), let pkgConfig = PrintFixtures.which("pkg-config") else {
            try Test.cancel("skipped: gcc or pkg-config is not on PATH (CI installs libical-dev)")
        }
        let flags = try PrintFixtures.run(pkgConfig, ["--cflags", "--libs", "libical"])
        if flags.status != 0 {
            try Test.cancel("skipped: libical is not installed (apt-get install libical-dev): \(flags.stderr)")
        }
        let dir = try PrintFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let helper = dir.appendingPathComponent("check_libical").path
        let source = PrintFixtures.testsDirectory.deletingLastPathComponent().appendingPathComponent("Helpers/check_libical.c").path
        let args = ["-o", helper, source] + flags.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        let build = try PrintFixtures.run(gcc, args)
        try #require(build.status == 0, "gcc failed: \(build.stderr)")
        var docs = try Self.documents()
        // Every state a day can be in, and a meeting past midnight.
        let late = Village(id: "late", name: "夜村", rules: [Rule(rhythm: .month, day: .nth(15), matters: [.discuss],
                                                                time: 23 * 60, duration: 120)])
        docs.append(try PrintFixtures.document(villages: [late, PrintFixtures.lixin], from: "2025-01-01", to: "2025-12-31"))
        for (i, doc) in docs.enumerated() {
            let file = dir.appendingPathComponent("\(i).ics")
            try Data(ICSSchedule.render(doc).utf8).write(to: file)
            let result = try PrintFixtures.run(helper, [file.path])
            #expect(result.status == 0, "libical: \(result.stdout) \(result.stderr)")
            #expect(result.stdout.contains("restriction ok problems 0"))
        }
    }

    @Test("TEXT values escape backslash, semicolon, comma and line breaks")
    func escaping() throws {
        #expect(ICSSchedule.text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf")
        let ics = ICSSchedule.render(try PrintFixtures.oneVillageYear())
        let ev = try #require(Self.events(ics).first { Self.value($0, "UID") == "sandu-xun-2025-04-2@liushi" })
        let description = try #require(Self.value(ev, "DESCRIPTION"))
        #expect(description.contains("#7 修路\\, \"加宽\"\\; 排水\\\\沟 [议事]"))
        #expect(description.contains("\\n参加人员："))
        #expect(!description.contains("\n"))
    }

    @Test("all-day events without a time; timed events in Asia/Shanghai with DTEND from the duration (1 hour by default) and a VTIMEZONE")
    func allDayAndTimed() throws {
        let ics = ICSSchedule.render(try PrintFixtures.oneVillageYear())
        let events = Self.events(ics)
        let allDay = try #require(events.first { Self.value($0, "UID") == "sandu-quarter-2025Q1@liushi" })   // quarter, no time
        #expect(allDay.contains { $0 == ("DTSTART;VALUE=DATE", "20250110") })
        #expect(allDay.contains { $0 == ("DTEND;VALUE=DATE", "20250111") })
        let week = try #require(events.first { Self.value($0, "UID") == "sandu-week-2025W03@liushi" })
        #expect(week.contains { $0 == ("DTSTART;TZID=Asia/Shanghai", "20250113T083000") })
        #expect(week.contains { $0 == ("DTEND;TZID=Asia/Shanghai", "20250113T100000") })   // 90 minutes
        let month = try #require(events.first { Self.value($0, "UID") == "sandu-xun-2025-04-2@liushi" })
        #expect(month.contains { $0 == ("DTEND;TZID=Asia/Shanghai", "20250415T150000") })   // default 1 hour
        let lines = Self.contentLines(ics)
        let tz = try #require(lines.firstIndex(of: "BEGIN:VTIMEZONE"))
        #expect(Array(lines[tz..<(tz + 9)]) == ["BEGIN:VTIMEZONE", "TZID:Asia/Shanghai", "BEGIN:STANDARD", "DTSTART:19700101T000000",
                                                "TZOFFSETFROM:+0800", "TZOFFSETTO:+0800", "TZNAME:CST", "END:STANDARD", "END:VTIMEZONE"])
        // Without any time: no VTIMEZONE.
        let v = Village(id: "q", name: "全天村", rules: [Rule(rhythm: .quarter, day: .nth(10), matters: [.decide])])
        let noTime = ICSSchedule.render(try PrintFixtures.document(villages: [v], from: "2025-01-01", to: "2025-12-31"))
        #expect(!noTime.contains("VTIMEZONE") && !noTime.contains("TZID="))
        #expect(Self.events(noTime).count == 4)
        // A meeting running past midnight ends on the next day.
        let late = Village(id: "late", name: "夜村", rules: [Rule(rhythm: .month, day: .nth(15), matters: [.discuss],
                                                                time: 23 * 60, duration: 120)])
        let lateICS = ICSSchedule.render(try PrintFixtures.document(villages: [late], from: "2025-01-01", to: "2025-01-31"))
        #expect(lateICS.contains("DTEND;TZID=Asia/Shanghai:20250116T010000\r\n"))
    }

    @Test("an independent parser (python icalendar, check_ics.py) reads every event with the entry's date and village")
    func pythonICalendar() throws {
        guard let python = PrintFixtures.which("python3") else {
            try Test.cancel("skipped: python3 is not on PATH (CI installs it with `pip install icalendar`)")
        }
        let script = PrintFixtures.testsDirectory.appendingPathComponent("check_ics.py").path
        let probe = try PrintFixtures.run(python, ["-c", "import icalendar"])
        if probe.status != 0 {
            try Test.cancel("skipped: the python module icalendar is missing (pip install icalendar): \(probe.stderr)")
        }
        for doc in try Self.documents() {
            let dir = try PrintFixtures.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let file = dir.appendingPathComponent("schedule.ics")
            let ics = ICSSchedule.render(doc)
            try Data(ics.utf8).write(to: file)
            let result = try PrintFixtures.run(python, [script, file.path])
            #expect(result.status == 0, "check_ics.py failed: \(result.stderr)")
            guard result.status == 0 else { continue }
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let events = try #require(json["events"] as? [[String: Any]])
            let fixed = doc.entries.filter { !$0.skipped }
            #expect(events.count == fixed.count)
            #expect(json["calname"] as? String == doc.title)
            let ownUIDs = Self.events(ics).compactMap { Self.value($0, "UID") }
            for (i, (ev, e)) in zip(events, fixed).enumerated() {
                let start = ev["dtstart"] as? String ?? ""
                #expect(start.hasPrefix(e.date.iso), "event \(i): \(start) for \(e.date.iso)")
                #expect((ev["summary"] as? String ?? "").contains(e.village.name))
                #expect(ev["uid"] as? String == ownUIDs[i])
                #expect((ev["status"] as? String) == (e.isCancelled ? "CANCELLED" : "CONFIRMED"))
                if let t = e.time {
                    #expect(start == e.date.iso + "T" + ClockTime.text(t) + ":00")
                    #expect(ev["dtstartTZID"] as? String == "Asia/Shanghai")
                } else {
                    #expect(start == e.date.iso)
                    #expect(ev["dtend"] as? String == (e.date + 1).iso)
                }
            }
            if fixed.contains(where: { $0.time != nil }) {
                #expect(json["timezones"] as? [String] == ["Asia/Shanghai"])
            }
            // Escaped text comes back as written.
            if let ev = events.first(where: { ($0["uid"] as? String) == "sandu-xun-2025-04-2@liushi" }) {
                #expect((ev["description"] as? String ?? "").contains("#7 修路, \"加宽\"; 排水\\沟"))
            }
        }
    }
}
