import Foundation
import Testing
import LiushiCore
import LiushiReports

@Suite("print --format text")
struct TextScheduleTests {
    static func documents() throws -> [(String, PrintDocument)] {
        [("one village zh", try PrintFixtures.oneVillageYear()), ("one village en", try PrintFixtures.oneVillageYear(.en)),
         ("three villages zh", try PrintFixtures.threeVillages()), ("three villages en", try PrintFixtures.threeVillages(.en))]
    }

    @Test("no line is wider than 80 display columns")
    func fitsEightyColumns() throws {
        for (name, doc) in try Self.documents() {
            let text = TextSchedule.render(doc)
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                #expect(DisplayWidth.of(line) <= 80, "\(name) line \(i + 1) is \(DisplayWidth.of(line)) columns: \(line)")
            }
        }
    }

    @Test("cells wrap inside their column: every column starts at a character boundary after a gap, so no wide character is split or straddles a column")
    func cellsStayInColumns() throws {
        for (name, doc) in try Self.documents() {
            let text = TextSchedule.render(doc).replacingOccurrences(of: TextSchedule.formFeed, with: "")
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var starts: [Int] = []   // display columns where the current table's columns start
            var inTable = false
            for line in lines {
                if line.hasPrefix("日期 ") || line.hasPrefix("Date ") {
                    starts = Self.columnStarts(header: line)
                    inTable = false
                    continue
                }
                if line.hasPrefix("-----") { inTable = true; continue }
                if line.isEmpty { inTable = false; continue }
                guard inTable else { continue }
                // The display column where each character starts.
                var offsets: [Int: Character] = [:]
                var column = 0
                for c in line { offsets[column] = c; column += DisplayWidth.of(c) }
                for s in starts.dropFirst() where s < column {
                    #expect(offsets[s] != nil, "\(name): a wide character straddles column \(s) in \(line)")
                    #expect(offsets[s - 1] == " " && offsets[s - 2] == " ", "\(name): a cell runs into the column at \(s): \(line)")
                }
            }
        }
    }

    /// Display columns where the header's cells start (cells are separated by two or more spaces).
    static func columnStarts(header: String) -> [Int] {
        var starts: [Int] = []
        var column = 0, spaces = 2
        for c in header {
            if c == " " { spaces += 1 } else {
                if spaces >= 2 { starts.append(column) }
                spaces = 0
            }
            column += DisplayWidth.of(c)
        }
        return starts
    }

    @Test("quarters are separated by form feeds, each page starting with the title and ending with the slogan")
    func formFeedsBetweenQuarters() throws {
        let doc = try PrintFixtures.oneVillageYear()
        let text = TextSchedule.render(doc)
        let pages = text.components(separatedBy: "\u{0C}")
        #expect(pages.count == 4)
        for (i, page) in pages.enumerated() {
            #expect(page.hasPrefix("三都村 六事一日安排\n"))
            #expect(page.contains("2025年第" + ["一", "二", "三", "四"][i] + "季度"))
            #expect(page.hasSuffix("日办周理、旬访月审、季决年评\n"))
        }
        let all = TextSchedule.render(try PrintFixtures.threeVillages())
        #expect(all.components(separatedBy: "\u{0C}").count == 2)   // 2025 Q4, 2026 Q1
    }

    /// The table rows of a rendered text, cells put back together from their wrapped lines
    /// (pieces joined without a space), per page.
    static func tableRows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var starts: [Int] = []
        var inTable = false
        for line in text.replacingOccurrences(of: TextSchedule.formFeed, with: "").split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("日期 ") || line.hasPrefix("Date ") { starts = columnStarts(header: String(line)); inTable = false; continue }
            if line.hasPrefix("-----") { inTable = true; continue }
            if line.isEmpty { inTable = false; continue }
            guard inTable else { continue }
            var cells = Array(repeating: "", count: starts.count)
            var column = 0
            for c in line {
                let k = (starts.lastIndex { $0 <= column }) ?? 0
                cells[k].append(c)
                column += DisplayWidth.of(c)
            }
            cells = cells.map { $0.trimmingCharacters(in: .whitespaces) }
            if !cells[0].isEmpty || rows.isEmpty { rows.append(cells) } else {
                for k in cells.indices where !cells[k].isEmpty { rows[rows.count - 1][k] += cells[k] }
            }
        }
        return rows
    }

    /// Without spaces: wrapping drops the spaces at a line break.
    static func squeezed(_ s: String) -> String { s.replacingOccurrences(of: " ", with: "") }

    @Test("the table reads back: one row per entry with its date, matters, note and items")
    func rowsReadBack() throws {
        for doc in [try PrintFixtures.oneVillageYear(), try PrintFixtures.threeVillages()] {
            let rows = Self.tableRows(TextSchedule.render(doc))
            #expect(rows.count == doc.entries.count)
            let note = doc.isAllVillages ? 8 : 7
            for (row, e) in zip(rows, doc.entries) {
                #expect(row[0] == Labels.shortDate(e.date))
                if doc.isAllVillages { #expect(row[3] == e.village.name) }
                #expect(row[doc.isAllVillages ? 5 : 4].replacingOccurrences(of: "、", with: "") == e.matters.map(\.chinese).joined())
                var expected = Labels.note(e, .zh)
                if !e.items.isEmpty { expected += "事项：" + Labels.items(e, .zh) }
                #expect(Self.squeezed(row[note]) == Self.squeezed(expected), "\(e.date.iso) \(e.village.id)")
            }
        }
    }

    @Test("skipped periods, shifted days, marks, items due and provisional years are shown")
    func notesAndItems() throws {
        let rows = Self.tableRows(TextSchedule.render(try PrintFixtures.oneVillageYear()))
        let notes = rows.map { Self.squeezed($0[7]) }
        #expect(notes.contains("本期不安排：清明节"))     // xun 04-05 under `skip`
        #expect(notes.contains("由02-03调整（春节）"))     // the week of 春节 moves to 02-05
        #expect(notes.contains("已取消；台风"))
        #expect(notes.contains { $0.hasSuffix("改期自06-16；与防汛检查冲突") })
        #expect(notes.contains("事项：#12村道路灯维修[理事]"))
        let all = TextSchedule.render(try PrintFixtures.threeVillages())
        #expect(all.contains("2026年尚无国务院公布的节假日安排"))
        let allRows = Self.tableRows(all)
        #expect(allRows.contains { $0[8].contains("节假日暂定") })
        #expect(Set(allRows.map { $0[3] }) == ["三都村", "下徐村", "里新村"])
    }

    @Test("a document without entries prints its title and says so")
    func empty() throws {
        let doc = try PrintFixtures.document(villages: [PrintFixtures.xiaxu], from: "2025-10-01", to: "2025-10-02")
        let text = TextSchedule.render(doc)
        #expect(text.contains("下徐村 六事一日安排"))
        #expect(text.contains("本期间没有固定日"))
        #expect(!text.contains("\u{0C}"))
    }

    @Test("tabs and other control characters in user texts print as spaces; line breaks stay inside the cell")
    func controlCharacters() throws {
        let v = Village(id: "tab", name: "三都\t村\u{1B}[31m", rules: [Rule(rhythm: .month, day: .nth(15), matters: [.discuss])])
        let marks = [DayMark(village: "tab", date: PrintFixtures.d("2025-01-15"), status: .held, note: "第一行\n第二行\t完")]
        let doc = try PrintFixtures.document(villages: [v], from: "2025-01-01", to: "2025-01-31",
                                             marks: marks)
        let text = TextSchedule.render(doc)
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(text.contains("三都 村 [31m 六事一日安排"))
        let rows = Self.tableRows(text)
        #expect(rows.count == 1 && Self.squeezed(rows[0][7]) == "已召开；第一行第二行完")
    }

    @Test("a very long village name and note still fit 80 columns")
    func longTexts() throws {
        let name = String(repeating: "很长的村名", count: 12)
        let v = Village(id: "long", name: name, rules: [Rule(rhythm: .month, day: .nth(15), matters: Matter.allCases,
                                                             attendees: Role.allCases)])
        var doc = try PrintFixtures.document(villages: [v, PrintFixtures.xiaxu], from: "2025-01-01", to: "2025-03-31")
        doc.entries = doc.entries.map { e in
            var e = e
            e.items = [DueItem(id: 1, title: String(repeating: "ExtraordinarilyLongWordWithoutSpaces", count: 3), stage: .matter(.sort))]
            return e
        }
        for line in TextSchedule.render(doc).split(separator: "\n") {
            #expect(DisplayWidth.of(line) <= 80, "\(line)")
        }
    }

    @Test("each rhythm's matters on its own line, next to it; names wrap between names, never inside one; ASCII time ranges")
    func rhythmsMattersAndNames() throws {
        let doc = try PrintFixtures.oneVillageYear()
        let text = TextSchedule.render(doc)
        let lines = text.components(separatedBy: "\n")
        // 2025-01-15: the xun and month fixed days merged.
        let i = try #require(lines.firstIndex { $0.hasPrefix("01-15") })
        #expect(lines[i].contains("旬访  督事"), "\(lines[i])")
        #expect(lines[i + 1].contains("月审  议事"), "\(lines[i + 1])")
        // A village whose weekly rule has two matters and whose xun rule has one, merged on one day.
        let v = Village(id: "m", name: "多事村", people: [.committees: "欧阳晓明", .liaison: "司马相如"], rules: [
            Rule(rhythm: .week, day: .weekday(3), matters: [.sort, .handle], time: 8 * 60, duration: 60,
                 attendees: [.committees, .liaison, .instructor, .supervisors]),
            Rule(rhythm: .xun, day: .nth(5), matters: [.supervise]),
        ])
        let merged = TextSchedule.render(try PrintFixtures.document(villages: [v], from: "2025-03-01", to: "2025-03-31", marks: []))
        let m = merged.components(separatedBy: "\n")
        let k = try #require(m.firstIndex { $0.hasPrefix("03-05") })
        #expect(m[k].contains("周理  理事、办事"), "\(m[k])")
        #expect(m[k + 1].contains("旬访  督事"), "\(m[k + 1])")
        for text in [text, merged] {
            #expect(!text.contains("\u{2013}"))   // en dash: ambiguous width
            for name in ["陈书记", "王明", "李强", "欧阳晓明", "司马相如"] where text.contains("（" + name.prefix(1)) {
                #expect(text.contains("（" + name + "）"), "\(name) is broken across lines")
            }
        }
        #expect(text.contains("08:30-10:00"))
    }

    @Test("a names cell wraps between names; a name wider than the column still wraps")
    func namesWrap() {
        #expect(TextTable.wrapNames("村两委干部（陈书记）、党员群众代表", width: 14) == ["村两委干部", "（陈书记）、", "党员群众代表"])
        #expect(TextTable.wrapNames("甲、乙、丙", width: 6) == ["甲、", "乙、丙"])
        #expect(TextTable.wrapNames("一二三四五六七八", width: 6) == ["一二三", "四五六", "七八"])
    }
}
