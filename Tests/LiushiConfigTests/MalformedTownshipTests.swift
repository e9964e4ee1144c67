import LiushiConfig
import LiushiCore
import Testing

@Suite("Malformed liushi.yaml: every error names file:line:col and says what was expected")
struct MalformedTownshipTests {
    // MARK: YAML syntax and the shape of the file

    @Test("bad YAML syntax is reported at Yams' line and column")
    func badIndentation() {
        expectTownshipError("township:\n  name: 乾潭镇\n villages:\n", at: "3:2", "YAML syntax error")
    }

    @Test("an unclosed quote is reported where it opened")
    func unclosedQuote() {
        expectTownshipError("township:\n  name: 乾潭镇\nvillages:\n  - id: a\n    name: \"甲村\n", at: "5:11", "YAML syntax error")
    }

    @Test("a tab used for indentation is a syntax error")
    func tabIndentation() {
        expectTownshipError("township:\n\tname: 乾潭镇\n", at: "2:1", "cannot start any token")
    }

    @Test("aliases that repeat values a million times are refused, not expanded")
    func aliasBomb() {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for (name, previous) in [("b", "a"), ("c", "b"), ("d", "c"), ("e", "d")] {
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        yaml += "f: [" + Array(repeating: "*e", count: 10).joined(separator: ", ") + "]\n"
        expectTownshipError(yaml, at: "1:1", "aliases")
    }

    @Test("a control character is reported at its position")
    func controlCharacter() {
        expectTownshipError("township:\n  name: 乾潭镇\nvillages:\n  - id: a\n    name: 甲\u{1}村\n", at: "5:12", "control characters")
    }

    @Test("an empty file is an error")
    func emptyFile() {
        expectError(townshipError(""), "liushi.yaml:1:1", "the file is empty")
        expectError(townshipError("# nothing but a comment\n"), "liushi.yaml:1:1", "the file is empty")
    }

    @Test("a top level that is a list is an error")
    func topLevelList() {
        expectTownshipError("- township\n- villages\n", at: "1:1", "the top level must be a mapping")
    }

    @Test("a missing township is an error")
    func missingTownship() {
        expectTownshipError("villages:\n  - id: a\n    name: 甲村\n", at: "1:1", "missing `township`")
    }

    @Test("a missing villages list is an error")
    func missingVillages() {
        expectTownshipError("township:\n  name: 乾潭镇\n", at: "1:1", "missing `villages`")
    }

    @Test("an empty villages list is an error")
    func emptyVillages() {
        expectTownshipError("township:\n  name: 乾潭镇\nvillages: []\n", at: "3:11", "`villages` is empty")
    }

    // MARK: Wrong types

    @Test("rhythms written as a list names the mapping it expects")
    func rhythmsAsList() {
        expectTownshipError("township:\n  name: 乾潭镇\nrhythms: [week]\nvillages:\n  - id: a\n    name: 甲村\n",
                            at: "3:10", "`rhythms` must be a mapping")
    }

    @Test("villages written as a mapping names the list it expects")
    func villagesAsMapping() {
        expectTownshipError("township:\n  name: 乾潭镇\nvillages:\n  id: a\n  name: 甲村\n", at: "4:3", "`villages` must be a list")
    }

    @Test("a rule written as a single value names the mapping it expects")
    func ruleAsScalar() {
        expectTownshipError("township:\n  name: 乾潭镇\nrhythms:\n  week: mon\nvillages:\n  - id: a\n    name: 甲村\n",
                            at: "4:9", "`rhythms.week` must be a mapping")
    }

    @Test("matters written as a mapping names the list it expects")
    func mattersAsMapping() {
        expectTownshipError(oneRule("week", day: "mon", extra: ["matters: {sort: 1}"]), at: "6:14", "must be a list of matters")
    }

    @Test("a township name that is a list is an error")
    func townshipNameAsList() {
        expectTownshipError("township:\n  name: [乾潭镇]\nvillages:\n  - id: a\n    name: 甲村\n", at: "2:9", "`township.name` must be")
    }

    // MARK: Unknown keys

    @Test("an unknown top-level key is named with the allowed keys")
    func unknownTopKey() {
        expectTownshipError("township:\n  name: 乾潭镇\nvilages:\n  - id: a\n    name: 甲村\n",
                            at: "3:1", "unknown key `vilages` in `top level`; allowed keys: township, rhythms, villages (did you mean `villages`?)")
    }

    @Test("an unknown key in township is an error")
    func unknownTownshipKey() {
        expectTownshipError("township:\n  nmae: 乾潭镇\nvillages:\n  - id: a\n    name: 甲村\n", at: "2:3", "unknown key `nmae` in `township`")
    }

    @Test("an unknown key in a village is an error")
    func unknownVillageKey() {
        expectTownshipError("township:\n  name: 乾潭镇\nvillages:\n  - id: a\n    name: 甲村\n    leader: 王明\n",
                            at: "6:5", "unknown key `leader`")
    }

    @Test("an unknown key in a rule is an error, with a suggestion")
    func unknownRuleKey() {
        expectTownshipError(oneRule("week", day: "mon", extra: ["dya: 5"]), at: "6:5", "unknown key `dya` in `rhythms.week`")
        expectTownshipError(oneRule("week", day: "mon", extra: ["dya: 5"]), at: "6:5", "did you mean `day`?")
    }

    @Test("an unknown rhythm is an error")
    func unknownRhythm() {
        expectTownshipError("township:\n  name: 乾潭镇\nrhythms:\n  weekly:\n    day: mon\nvillages:\n  - id: a\n    name: 甲村\n",
                            at: "4:3", "unknown key `weekly` in `rhythms`")
    }

    @Test("the daily rhythm takes no day")
    func dailyTakesNoDay() {
        expectTownshipError("township:\n  name: 乾潭镇\nrhythms:\n  day:\n    day: 5\nvillages:\n  - id: a\n    name: 甲村\n",
                            at: "5:5", "unknown key `day` in `rhythms.day`; allowed keys: matters, time, duration, attendees")
    }

    // MARK: Values

    @Test("an unknown matter is reported at its item")
    func unknownMatter() {
        expectTownshipError(oneRule("week", day: "mon", extra: ["matters: [sort, vote]"]), at: "6:21", "unknown matter `vote`")
    }

    @Test("a day that is no accepted form lists the forms")
    func unknownDayForm() {
        expectTownshipError(oneRule("month", day: "someday"), at: "5:10", "cannot be `someday`; expected a number N")
    }

    @Test("day 8 is out of range for a week")
    func weekDay8() { expectTownshipError(oneRule("week", day: "8"), at: "5:10", "day 8 is out of range") }

    @Test("day 12 is out of range for a xun")
    func xunDay12() { expectTownshipError(oneRule("xun", day: "12"), at: "5:10", "day 12 is out of range") }

    @Test("day 32 is out of range for a month")
    func monthDay32() { expectTownshipError(oneRule("month", day: "32"), at: "5:10", "day 32 is out of range") }

    @Test("day 93 is out of range for a quarter")
    func quarterDay93() { expectTownshipError(oneRule("quarter", day: "93"), at: "5:10", "day 93 is out of range") }

    @Test("day 367 is out of range for a year")
    func yearDay367() { expectTownshipError(oneRule("year", day: "367"), at: "5:10", "day 367 is out of range") }

    @Test("day 11 is out of range for a lunar xun")
    func lunarXunDay11() {
        expectTownshipError(oneRule("xun", day: "11", extra: ["calendar: lunar"]), at: "5:10", "day 11 is out of range")
    }

    @Test("day -32 is out of range for a month")
    func monthDayMinus32() { expectTownshipError(oneRule("month", day: "-32"), at: "5:10", "day -32 is out of range") }

    @Test("day 0 is an error")
    func dayZero() { expectTownshipError(oneRule("month", day: "0"), at: "5:10", "day cannot be 0") }

    @Test("calendar lunar on a week rule is an error at calendar")
    func lunarWeek() {
        expectTownshipError(oneRule("week", day: "mon", extra: ["calendar: lunar"]), at: "6:15", "`calendar: lunar` is only allowed")
    }

    @Test("calendar lunar on a quarter rule is an error at calendar")
    func lunarQuarter() {
        expectTownshipError(oneRule("quarter", day: "10", extra: ["calendar: 农历"]), at: "6:15", "not for quarter")
    }

    @Test("an unknown calendar is an error")
    func unknownCalendar() {
        expectTownshipError(oneRule("month", day: "1", extra: ["calendar: julian"]), at: "6:15", "unknown calendar `julian`")
    }

    @Test("month 4 on a quarter rule is an error at month")
    func quarterMonth4() {
        expectTownshipError(oneRule("quarter", day: "10", extra: ["month: 4"]), at: "6:12", "month must be 1–3, not 4")
    }

    @Test("month 13 on a year rule is an error at month")
    func yearMonth13() {
        expectTownshipError(oneRule("year", day: "10", extra: ["month: 13"]), at: "6:12", "month must be 1–12, not 13")
    }

    @Test("month on a month rule is an error")
    func monthOnMonth() {
        expectTownshipError(oneRule("month", day: "10", extra: ["month: 1"]), at: "6:12", "`month` is only allowed for quarter")
    }

    @Test("month that is not a number is an error")
    func monthNotNumber() {
        expectTownshipError(oneRule("year", day: "10", extra: ["month: first"]), at: "6:12", "must be a whole number")
    }

    @Test("a bare weekday on a month rule is an error")
    func bareWeekdayOnMonth() {
        expectTownshipError(oneRule("month", day: "mon"), at: "5:10", "a bare weekday is only for week")
    }

    @Test("time 25:00 is an error")
    func badTime() {
        expectTownshipError(oneRule("week", day: "mon", extra: ["time: \"25:00\""]), at: "6:11", "cannot be `25:00`; expected a time of day")
    }

    @Test("a duration in words is an error")
    func badDuration() {
        expectTownshipError(oneRule("week", day: "mon", extra: ["duration: 2 hours"]), at: "6:15", "expected a duration such as 2h")
    }

    @Test("an unknown attendee role is an error at its item")
    func unknownRole() {
        expectTownshipError(oneRule("week", day: "mon", extra: ["attendees: [committees, mayor]"]), at: "6:29", "unknown role `mayor`")
    }

    @Test("an unknown holiday policy is an error")
    func unknownPolicy() {
        expectTownshipError(oneRule("week", day: "mon", extra: ["holiday: postpone"]), at: "6:14", "unknown holiday policy `postpone`")
    }

    @Test("empty matters are an error")
    func emptyMatters() {
        expectTownshipError(oneRule("week", day: "mon", extra: ["matters: []"]), at: "6:14", "matters must not be empty")
    }

    // MARK: Villages

    @Test("a duplicate village id is an error at the second id")
    func duplicateVillageID() {
        expectTownshipError("township:\n  name: 乾潭镇\nvillages:\n  - id: a\n    name: 甲村\n  - id: a\n    name: 乙村\n",
                            at: "6:9", "duplicate village id `a` (first at line 4)")
    }

    @Test("a village without id is an error")
    func missingID() {
        expectTownshipError("township:\n  name: 乾潭镇\nvillages:\n  - id: a\n    name: 甲村\n  - name: 乙村\n",
                            at: "6:5", "this village has no `id`")
    }

    @Test("a village without name is an error")
    func missingName() {
        expectTownshipError("township:\n  name: 乾潭镇\nvillages:\n  - id: a\n    liaison: 王明\n", at: "4:5", "village `a` has no `name`")
    }

    @Test("a village id outside [a-z0-9_-] is an error")
    func badID() {
        expectTownshipError("township:\n  name: 乾潭镇\nvillages:\n  - id: San Du\n    name: 甲村\n", at: "4:9", "village id `San Du` is not allowed")
    }

    @Test("a person given as a mapping is an error")
    func personAsMapping() {
        expectTownshipError("township:\n  name: 乾潭镇\nvillages:\n  - id: a\n    name: 甲村\n    liaison: {name: 王明}\n",
                            at: "6:14", "`liaison` must be a person's name or a list of names")
    }

    @Test("a village written as a single value is an error")
    func villageAsScalar() {
        expectTownshipError("township:\n  name: 乾潭镇\nvillages:\n  - 甲村\n", at: "4:5", "`villages[1]` must be a mapping with the keys id, name")
    }

    @Test("an unknown key in a village's rule names the village's path")
    func unknownVillageRuleKey() {
        let yaml = "township:\n  name: 乾潭镇\nvillages:\n  - id: a\n    name: 甲村\n  - id: b\n    name: 乙村\n    rhythms:\n      week:\n        day: mon\n        tme: \"08:30\"\n"
        expectTownshipError(yaml, at: "11:9", "unknown key `tme` in `villages[2].rhythms.week`")
        expectTownshipError(yaml, at: "11:9", "(did you mean `time`?)")
    }

    @Test("two YAML documents in one file are an error")
    func twoDocuments() {
        expectTownshipError("township:\n  name: 乾潭镇\n---\nvillages: []\n", at: "3:1", "a second YAML document starts here")
    }

    // MARK: Duplicate keys

    @Test("a duplicate key is an error at its second occurrence")
    func duplicateKey() {
        expectTownshipError("township:\n  name: 乾潭镇\n  name: 三都镇\nvillages:\n  - id: a\n    name: 甲村\n",
                            at: "3:3", "duplicate key `name` (first at line 2)")
    }

    @Test("keys that differ only in quoting are duplicates")
    func duplicateKeyQuoted() {
        expectTownshipError(oneRule("week", day: "mon", extra: ["\"day\": tue"]), at: "6:5", "duplicate key `day` (first at line 5)")
    }

    @Test("values that differ only in quoting make duplicate keys too")
    func duplicateKeyInFlowMapping() {
        expectTownshipError("township:\n  name: 乾潭镇\nrhythms:\n  xun: {day: 5, matters: [sort], day: \"5\"}\nvillages:\n  - id: a\n    name: 甲村\n",
                            at: "4:34", "duplicate key `day`")
    }

    @Test("the first duplicate in the file is reported, even when a key appears three times")
    func triplicateKey() {
        let yaml = "township:\n  name: 乾潭镇\nrhythms:\n  xun:\n    day: 5\n    day: 6\n    day: 7\nvillages:\n  - id: a\n    name: 甲村\n    name: 乙村\n"
        expectTownshipError(yaml, at: "6:5", "duplicate key `day` (first at line 5)")
    }

    // MARK: Merging township and village rules

    @Test("a rule without day in the township is an error at the township's rule when the village does not mention it")
    func missingDayAtTownship() {
        let yaml = "township:\n  name: 乾潭镇\nrhythms:\n  xun:\n    matters: [supervise]\nvillages:\n  - id: a\n    name: 甲村\n"
        expectTownshipError(yaml, at: "4:3", "the xun rule has no `day`")
    }

    @Test("a rule without day is an error at the village's rule when the village mentions it")
    func missingDayAtVillage() {
        let yaml = """
            township:
              name: 乾潭镇
            rhythms:
              xun:
                matters: [supervise]
            villages:
              - id: a
                name: 甲村
                rhythms:
                  xun:
                    time: "14:00"
            """
        expectTownshipError(yaml, at: "10:7", "the xun rule has no `day`")
        expectTownshipError(yaml, at: "10:7", "(village `a` 甲村)")
    }

    @Test("a village's bad override is reported at the village and names it")
    func villageOverrideOutOfRange() {
        let yaml = """
            township:
              name: 乾潭镇
            rhythms:
              week:
                day: mon
            villages:
              - id: a
                name: 甲村
              - id: b
                name: 乙村
                rhythms:
                  week:
                    day: 9
            """
        expectTownshipError(yaml, at: "13:14", "day 9 is out of range: this period has at most 7 days (village `b` 乙村)")
    }

    @Test("a problem caused by the village but in a township field is reported at the township's field")
    func problemAtTownshipField() {
        let yaml = """
            township:
              name: 乾潭镇
            rhythms:
              xun:
                day: 11
            villages:
              - id: a
                name: 甲村
                rhythms:
                  xun:
                    calendar: lunar
            """
        expectTownshipError(yaml, at: "5:10", "day 11 is out of range: this period has at most 10 days (village `a` 甲村)")
    }

    // MARK: The caret

    @Test("the caret is placed by display width after CJK text")
    func caretAfterCJK() throws {
        let e = try #require(townshipError(oneRule("week", day: "mon", extra: ["matters: [理事, 投票]"])))
        #expect(e.line == 6 && e.column == 19)
        let lines = e.rendered(chinese: true).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3)
        #expect(lines[0] == "liushi.yaml:6:19: 未知的事项 `投票`；应为 理事、议事、决事、办事、督事、评事（或 sort discuss decide handle supervise evaluate） 之一")
        #expect(lines[1] == "      matters: [理事, 投票]")
        // Two spaces of indent, then "    matters: [" (14 columns), "理事" (4 columns), ", " (2 columns).
        let caret = String(lines[2])
        #expect(caret == String(repeating: " ", count: 2 + 14 + 4 + 2) + "^")
    }

    @Test("a tab is shown as one space so that the caret still lines up")
    func caretAfterTab() {
        let e = ConfigError(file: "f", line: 1, column: 4, english: "x", chinese: "x", sourceLine: "\tab:c")
        #expect(e.rendered(chinese: false) == "f:1:4: x\n   ab:c\n     ^")
    }

    @Test("an unreadable file is reported at 1:1 without a source line")
    func unreadable() {
        let e = ConfigError.unreadable(file: "/nope/liushi.yaml", reason: "no such file")
        #expect(e.line == 1 && e.column == 1 && e.sourceLine == nil)
        #expect(e.rendered(chinese: false) == "/nope/liushi.yaml:1:1: cannot read the file: no such file; expected a readable YAML file")
        #expect(e.rendered(chinese: true).hasPrefix("/nope/liushi.yaml:1:1: 无法读取文件"))
    }
}
