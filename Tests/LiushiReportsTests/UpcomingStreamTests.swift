import Foundation
import LiushiActualSchedule
import LiushiConfig
import LiushiCore
@testable import LiushiReports
import Testing

@Suite("JSON written as bytes")
struct JSONBytesTests {
    @Test("a string is quoted and escaped exactly as JSONText.quote does it, for random text")
    func quoting() {
        var rng = StreamFixtures.Rng(state: 7)
        let alphabet: [String] = ["a", "Z", " ", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{1f}", "\u{7f}", "\u{80}",
                                  "\u{2028}", "\u{2029}", "\u{2027}", "\u{202a}", "村", "é", "🏮", "/", "\u{e2}"]
        for _ in 0..<2_000 {
            let s = (0..<rng.int(12)).map { _ in rng.pick(alphabet) }.joined()
            #expect(String(decoding: JSONBytes.quoted(s), as: UTF8.self) == JSONText.quote(s), "\(Array(s.unicodeScalars))")
        }
    }

    @Test("integers are written as String(_:) writes them")
    func integers() {
        for v: Int64 in [0, 1, 9, 10, 99, 100, -1, -10, 123_456_789, .max, .min, .max - 1, .min + 1] {
            var w = JSONBytes()
            w.int(v)
            #expect(String(decoding: w.bytes, as: UTF8.self) == String(v))
        }
    }

    @Test("fixed days of random townships, marks and items: the same bytes as the string-based writer, and the same values through JSONSerialization")
    func scheduleJSON() throws {
        var rng = StreamFixtures.Rng(state: 11)
        for round in 0..<12 {
            let loaded = try StreamFixtures.township(&rng, villages: 3 + rng.int(25))
            let from = Day(year: 2025 + rng.int(4), month: 1 + rng.int(12), day: 1 + rng.int(28))!
            let to = from + rng.int(200)
            let actual = try StreamFixtures.actual(loaded, &rng, around: from, to)
            let days = try actual.window(from: from, to: to).days
            let bytes = ScheduleJSON.render(days)
            let reference = ReferenceScheduleJSON.render(days)
            #expect(bytes == reference, "round \(round)")
            let a = try JSONSerialization.jsonObject(with: Data(bytes.utf8)) as? NSArray
            let b = try JSONSerialization.jsonObject(with: Data(reference.utf8)) as? NSArray
            #expect(a != nil && a == b)
            #expect(a?.count == days.count)
            for pieces in 1...3 {
                var joined: [UInt8] = []
                for part in ScheduleJSON.rows(days, first: true, pieces: pieces) { joined += part }
                #expect(String(decoding: joined, as: UTF8.self) == String(days.map(ReferenceScheduleJSON.object).joined(separator: ",\n")))
            }
        }
    }
}

@Suite("upcoming written a few days at a time")
struct UpcomingStreamTests {
    func streamed(_ s: UpcomingStream, json: Bool) throws -> String {
        var out = ""
        if json {
            var bytes: [UInt8] = []
            try s.json { bytes += $0 }
            out = String(decoding: bytes, as: UTF8.self)
        } else {
            try s.text(township: "随机镇", language: .zh) { out += $0 }
        }
        return out
    }

    /// The whole window at once: `ActualSchedule.window` over [from, to], rendered in one piece.
    func whole(_ actual: ActualSchedule, _ from: Day, _ to: Day, villages: [Int]?, person: String?, json: Bool) throws -> String {
        let w: ActualSchedule.Window
        if let p = person {
            w = try actual.window(from: from, to: to, person: p, villages: villages)
        } else {
            w = try actual.window(from: from, to: to, villages: villages)
        }
        if json { return ScheduleJSON.render(w.days) }
        let shown = UpcomingStream(actual: actual, from: from, to: to, villages: villages, person: person).shownVillages
        return UpcomingText.render(w.days, movedAway: w.movedAway, villages: shown.map { actual.schedule.villages[$0] },
                                   township: "随机镇", from: from, to: to, language: .zh)
    }

    @Test("random townships, marks and windows: every chunk size gives what the whole window rendered at once gives, text and JSON")
    func randomWindows() throws {
        var rng = StreamFixtures.Rng(state: 23)
        var movedAcross = 0
        for _ in 0..<10 {
            let loaded = try StreamFixtures.township(&rng, villages: 2 + rng.int(12))
            let from = Day(year: 2025 + rng.int(4), month: 1 + rng.int(12), day: 1 + rng.int(28))!
            let to = from + rng.int(120)
            let actual = try StreamFixtures.actual(loaded, &rng, around: from, to)
            let n = loaded.schedule.villages.count
            let villages: [Int]? = rng.int(3) == 0 ? [rng.int(n), rng.int(n)] : nil
            let person: String? = rng.int(4) == 0 ? "王明1" : nil
            movedAcross += actual.records.filter { r in r.movedTo.map { $0 != r.scheduled } ?? false }.count
            for json in [true, false] {
                let want = try whole(actual, from, to, villages: villages, person: person, json: json)
                for chunk in [1, 2, 3, 7, 30, 10_000] {
                    let s = UpcomingStream(actual: actual, from: from, to: to, villages: villages, person: person, chunkDays: chunk)
                    let got = try streamed(s, json: json)
                    #expect(got == want, "chunk \(chunk) json \(json) \(from.iso)…\(to.iso)")
                }
            }
        }
        #expect(movedAcross > 20)
    }

    @Test("a day moved across a chunk's edge, one moved in from outside the window and one moved out of it show once, where the whole window shows them")
    func movedAcrossEdges() throws {
        var yaml = "township:\n  name: 测试镇\nrhythms:\n  week: { day: mon, matters: [sort], time: \"08:30\" }\nvillages:\n"
        for v in 0..<3 { yaml += "  - { id: v\(v), name: 第\(v)村 }\n" }
        let loaded = try ConfigLoader.load(main: ("liushi.yaml", yaml), holidayFiles: []).get()
        let mon = Day(year: 2027, month: 3, day: 1)!   // a Monday
        let marks = [
            DayMark(village: "v0", date: mon, status: .moved(to: mon + 3)),            // within the first chunk of 2
            DayMark(village: "v1", date: mon, status: .moved(to: mon + 9)),            // across chunk edges
            DayMark(village: "v2", date: mon + 7, status: .moved(to: mon - 2)),        // out of the window
            DayMark(village: "v2", date: mon - 7, status: .moved(to: mon + 8)),        // in from before the window
            DayMark(village: "v0", date: mon + 7, status: .moved(to: mon + 14)),       // onto v0's own next fixed day
        ]
        let actual = ActualSchedule(schedule: loaded.schedule, marks: marks, today: mon)
        let from = mon, to = mon + 14
        for json in [true, false] {
            let want = try whole(actual, from, to, villages: nil, person: nil, json: json)
            for chunk in 1...8 {
                let got = try streamed(UpcomingStream(actual: actual, from: from, to: to, chunkDays: chunk), json: json)
                #expect(got == want, "chunk \(chunk) json \(json)")
            }
        }
        let json = try streamed(UpcomingStream(actual: actual, from: from, to: to, chunkDays: 2), json: true)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let days = array.map { "\($0["village"] ?? "") \($0["date"] ?? "") \($0["movedFrom"] ?? "-")" }
        #expect(days.contains("v1 2027-03-10 2027-03-01"))
        #expect(days.contains("v2 2027-03-09 2027-02-22"))
        #expect(!days.contains { $0.hasPrefix("v2 2027-03-08") })
        // Two days of v0 on one date: the one moved there first (by scheduled date), in every window.
        #expect(days.filter { $0.hasPrefix("v0 2027-03-15") } == ["v0 2027-03-15 2027-03-08", "v0 2027-03-15 -"])
        let text = try streamed(UpcomingStream(actual: actual, from: from, to: to, chunkDays: 2), json: false)
        #expect(text.contains("改到 2027-02-27"))   // v2's day of 03-08, moved out of the window
        #expect(!text.contains("改到 2027-03-10"))   // v1's day moved within the window shows at its new date only
    }

    @Test("an empty window says so, in both formats")
    func empty() throws {
        let yaml = "township:\n  name: 测试镇\nrhythms:\n  year: { month: 12, day: 31, matters: [evaluate] }\nvillages:\n  - { id: a, name: 甲村 }\n"
        let loaded = try ConfigLoader.load(main: ("liushi.yaml", yaml), holidayFiles: []).get()
        let actual = ActualSchedule(schedule: loaded.schedule, today: Day(year: 2027, month: 3, day: 1)!)
        let s = UpcomingStream(actual: actual, from: Day(year: 2027, month: 3, day: 1)!, to: Day(year: 2027, month: 3, day: 20)!, chunkDays: 3)
        #expect(try streamed(s, json: true) == "[]\n")
        #expect(try streamed(s, json: false) == "随机镇  2027-03-01 至 2027-03-20\n这段时间没有固定日。\n")
    }

    @Test("when the first two weeks have no fixed day, the columns come from the villages' names and rules, streamed or not")
    func widthsWithoutSample() throws {
        let yaml = "township:\n  name: 测试镇\nrhythms:\n  year: { month: 12, day: 31, matters: [evaluate, decide], time: \"08:30\", duration: 2h }\n"
            + "villages:\n  - { id: a, name: 甲村 }\n  - { id: b, name: 一个名字很长很长很长的村民委员会 }\n"
        let loaded = try ConfigLoader.load(main: ("liushi.yaml", yaml), holidayFiles: []).get()
        let from = Day(year: 2027, month: 12, day: 1)!, to = from + 59
        let actual = ActualSchedule(schedule: loaded.schedule, today: from)
        let want = try whole(actual, from, to, villages: nil, person: nil, json: false)
        for chunk in [1, 5, 60] {
            #expect(try streamed(UpcomingStream(actual: actual, from: from, to: to, chunkDays: chunk), json: false) == want)
        }
        let lines = UpcomingText.columns(villages: loaded.schedule.villages, language: .zh)
        // The long name's column gives way with the note's (both flexible) and the name wraps in it.
        #expect(lines.widths[2] >= 10 && lines.widths[2] < DisplayWidth.of("一个名字很长很长很长的村民委员会"))
        #expect(lines.widths[5] == "08:30-10:30".count)
        #expect(want.contains("2027-12-31  周五  一个名字很长很"))
        #expect(want.split(separator: "\n").allSatisfy { DisplayWidth.of($0) <= 80 })
    }

    @Test("the columns are decided from the villages alone and fit 80 columns")
    func columns() throws {
        var rng = StreamFixtures.Rng(state: 5)
        for _ in 0..<20 {
            let loaded = try StreamFixtures.township(&rng, villages: 1 + rng.int(30))
            for lang in [Language.zh, .en] {
                let lines = UpcomingText.columns(villages: loaded.schedule.villages, language: lang)
                #expect(lines.total <= 80)
                #expect(lines.widths[0] == 10)
            }
        }
    }
}
