import Testing
import LiushiCore
import LiushiReports

@Suite("print --format csv")
struct CSVScheduleTests {
    /// A strict RFC 4180 reader: records end with CRLF; quoted fields may hold anything.
    static func parse(_ text: String) -> [[String]]? {
        var records: [[String]] = []
        var fields: [String] = []
        var field = ""
        var scalars = Array(text.unicodeScalars)[...]
        var quoted = false, wasQuoted = false
        while let c = scalars.popFirst() {
            if quoted {
                if c == "\"" {
                    if scalars.first == "\"" { scalars.removeFirst(); field.unicodeScalars.append(c) } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
                continue
            }
            switch c {
            case "\"":
                guard field.isEmpty, !wasQuoted else { return nil }
                quoted = true; wasQuoted = true
            case ",":
                fields.append(field); field = ""; wasQuoted = false
            case "\r":
                guard scalars.popFirst() == "\n" else { return nil }
                fields.append(field); records.append(fields); fields = []; field = ""; wasQuoted = false
            case "\n":
                return nil   // a bare LF outside quotes
            default:
                guard !wasQuoted else { return nil }
                field.unicodeScalars.append(c)
            }
        }
        guard !quoted, field.isEmpty, fields.isEmpty else { return nil }
        return records
    }

    @Test("UTF-8 BOM first, CRLF line ends, a header row and one record of 18 fields per entry; a skipped period is marked and has no time")
    func structure() throws {
        let doc = try PrintFixtures.oneVillageYear()
        let csv = CSVSchedule.render(doc)
        #expect(Array(csv.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(csv.hasSuffix("\r\n"))
        let body = String(csv.dropFirst())
        let records = try #require(Self.parse(body))
        #expect(records.count == doc.entries.count + 1)
        #expect(records[0].first == "日期" && records[0].count == 18)
        #expect(records.allSatisfy { $0.count == 18 })
        for (r, e) in zip(records.dropFirst(), doc.entries) {
            #expect(r[0] == e.date.iso)
            #expect(r[3] == e.village.id && r[4] == e.village.name)
            #expect(r[14] == (e.skipped ? "是" : "否"))
            if e.skipped {
                #expect(r[15] == "本期不安排")
                #expect(r[6].isEmpty && r[7].isEmpty && r[8].isEmpty && r[9].isEmpty && r[10].isEmpty, "\(r)")
            }
        }
        let en = try #require(Self.parse(String(CSVSchedule.render(try PrintFixtures.oneVillageYear(.en)).dropFirst())))
        #expect(en[0] == ["date", "weekday", "lunar", "village id", "village name", "rhythms", "matters", "time", "duration", "end",
                          "attendees", "shifted from", "reason", "provisional", "skipped", "status", "items", "note"])
    }

    @Test("fields with commas, quotes and line breaks are quoted, quotes doubled")
    func quoting() throws {
        let csv = CSVSchedule.render(try PrintFixtures.oneVillageYear())
        #expect(csv.contains(",\"#7 修路, \"\"加宽\"\"; 排水\\沟 [议事]（顺延2次）；#9 文化礼堂排练安排 [议事]\","))
        #expect(CSVSchedule.field("a\nb") == "\"a\nb\"")
        #expect(CSVSchedule.field("a\r\nb") == "\"a\r\nb\"")
        #expect(CSVSchedule.field("plain 文字") == "plain 文字")
        let records = try #require(Self.parse(String(csv.dropFirst())))
        #expect(records.contains { $0[16] == "#7 修路, \"加宽\"; 排水\\沟 [议事]（顺延2次）；#9 文化礼堂排练安排 [议事]" })
    }

    @Test("a cell starting with = + - @ tab or CR is made inert with a leading quote")
    func formulaInjection() throws {
        for (name, inert) in [("=1+1", "'=1+1"), ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
                              ("\tx", "'\tx"), ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")] {
            #expect(CSVSchedule.field(name) == inert)
        }
        #expect(CSVSchedule.field("\rx") == "\"'\rx\"")
        let v = Village(id: "f", name: "=1+1", rules: [Rule(rhythm: .month, day: .nth(15), matters: [.discuss])])
        let csv = CSVSchedule.render(try PrintFixtures.document(villages: [v], from: "2025-01-01", to: "2025-01-31"))
        let records = try #require(Self.parse(String(csv.dropFirst())))
        #expect(records[1][4] == "'=1+1")
        #expect(csv.contains(",f,'=1+1,"))
    }

    @Test("a meeting past midnight: start, duration and an end marked +1, as in text")
    func pastMidnight() throws {
        let late = Village(id: "late", name: "夜村", rules: [Rule(rhythm: .month, day: .nth(15), matters: [.discuss],
                                                                time: 23 * 60 + 30, duration: 120)])
        let doc = try PrintFixtures.document(villages: [late], from: "2025-01-01", to: "2025-01-31")
        let records = try #require(Self.parse(String(CSVSchedule.render(doc).dropFirst())))
        #expect(records.count == 2)
        #expect(Array(records[1][7...9]) == ["23:30", "2h", "01:30+1"])
        #expect(TextSchedule.render(doc).contains("23:30-01:30+1"))
        #expect(HTMLSchedule.render(doc).contains(">23:30-01:30+1<"))
        let ics = ICSSchedule.render(doc)
        #expect(ics.contains("DTSTART;TZID=Asia/Shanghai:20250115T233000\r\nDTEND;TZID=Asia/Shanghai:20250116T013000\r\n"))
        #expect(ics.contains("23:30-01:30+1"))
    }

    @Test("--all: every village's rows, ordered by date then village id")
    func allVillages() throws {
        let doc = try PrintFixtures.threeVillages()
        let records = try #require(Self.parse(String(CSVSchedule.render(doc).dropFirst())))
        #expect(Set(records.dropFirst().map { $0[3] }) == ["sandu", "xiaxu", "lixin"])
        let keys = records.dropFirst().map { $0[0] + " " + $0[3] }
        #expect(keys == keys.sorted())
    }
}
