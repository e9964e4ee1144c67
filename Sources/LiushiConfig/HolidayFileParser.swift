import LiushiCore

/// A holiday file (docs/DESIGN.md §4): `year`, `source`, `holidays` (name → dates or ranges), `workdays`.
enum HolidayFileParser {
    static let keys = ["year", "source", "holidays", "workdays"]
    /// Holidays a year may name (a notice names seven): keeps every name's code within 16 bits.
    public static let maxHolidays = 64

    static func parse(text: String, file: String) throws(ConfigError) -> HolidayYear {
        try YAMLDocument.read(text, file: file, empty: Words(
            "the holiday file is empty; expected a mapping with `year`, `source`, `holidays` and `workdays`",
            "节假日文件是空的；应为含有 `year`、`source`、`holidays`、`workdays` 的映射")) { (root, src) throws(ConfigError) in
            try parseTree(root, file: file, src)
        }
    }

    static func parseTree(_ root: YNode, file: String, _ src: SourceFile) throws(ConfigError) -> HolidayYear {
        guard root.kind == .mapping else {
            throw src.error(at: root, Words(
                "the top level of a holiday file must be a mapping with `year`, `source`, `holidays` and `workdays`, found \(root.kindWords.en)",
                "节假日文件的顶层应为含有 `year`、`source`、`holidays`、`workdays` 的映射，这里是\(root.kindWords.zh)"))
        }
        let entries = try Read.entries(root, key: nil, field: "top level", allowed: keys, src)
        func entry(_ k: String) -> Entry? { entries.first { $0.key == k } }

        guard let yearEntry = entry("year") else {
            throw src.error(at: root, Words("missing `year` (e.g. `year: 2026`)", "缺少 `year`（如 `year: 2026`）"))
        }
        let yearWhat = Words("a year from \(SupportedRange.firstYear) to \(SupportedRange.lastYear)",
                             "\(SupportedRange.firstYear) 到 \(SupportedRange.lastYear) 之间的年份")
        let yearText = try Read.text(yearEntry.value, key: yearEntry.keyNode, field: "year", yearWhat, src)
        guard let year = Int(yearText), year >= SupportedRange.firstYear, year <= SupportedRange.lastYear else {
            throw src.error(at: yearEntry.value, Words("`year` cannot be `\(yearText)`; expected \(yearWhat.en)",
                                                       "`year` 不能是 `\(yearText)`；应为\(yearWhat.zh)"))
        }
        if let named = yearOfFileName(file), named != year {
            throw src.error(at: yearEntry.value, Words(
                "`year: \(year)` does not match the file name \(named).yaml; expected `year: \(named)`",
                "`year: \(year)` 与文件名 \(named).yaml 不符；应为 `year: \(named)`"))
        }

        var source = ""
        if let s = entry("source"), !s.value.isNull {
            source = try Read.text(s.value, key: s.keyNode, field: "source",
                                   Words("the notice the dates come from", "日期所依据的通知"), src)
        }

        // Dates of the notice: the year itself, or the previous December (元旦 may start on Dec 30).
        let first = Day(year: year - 1, month: 12, day: 1)
        let last = Day(year: year, month: 12, day: 31)
        func checkInYear(_ d: Day, _ node: YNode) throws(ConfigError) {
            if let first, let last, d >= first && d <= last { return }
            throw src.error(at: node, Words(
                "\(d.iso) is outside \(year); expected a date in \(year) (or in December \(year - 1))",
                "\(d.iso) 不在 \(year) 年内；应为 \(year) 年的日期（或 \(year - 1) 年 12 月）"))
        }

        var holidays: [HolidayYear.Holiday] = []
        var offDays: [Day: (name: String, line: Int)] = [:]
        if let h = entry("holidays"), !h.value.isNull {
            guard h.value.kind == .mapping else {
                throw Read.expected(h.value, key: h.keyNode, field: "holidays",
                                    Words("a mapping of holiday name → list of dates (\"2026-01-01\" or \"2026-01-01..2026-01-03\")",
                                          "节日名称 → 日期列表（\"2026-01-01\" 或 \"2026-01-01..2026-01-03\"）的映射"), src)
            }
            for (k, v) in h.value.pairs {
                guard holidays.count < maxHolidays else {
                    throw src.error(at: k, Words("more than \(maxHolidays) holidays in one year; a notice names about seven",
                                                 "一年中的节日超过 \(maxHolidays) 个；放假通知通常只有七个左右"))
                }
                let name = try Read.text(k, key: nil, field: "holidays", Words("a holiday's name, e.g. 春节", "节日名称，如 春节"), src)
                guard !name.isEmpty else {
                    throw src.error(at: k, Words("a holiday needs a name", "节日需要名称"))
                }
                let field = "holidays." + name
                let dateWhat = Words("a list of dates \"YYYY-MM-DD\" or ranges \"YYYY-MM-DD..YYYY-MM-DD\"",
                                     "日期 \"YYYY-MM-DD\" 或日期范围 \"YYYY-MM-DD..YYYY-MM-DD\" 的列表")
                var days: [Day] = []
                for item in try Read.items(v, key: k, field: field, single: true, dateWhat, src) {
                    let raw = try Read.text(item, key: nil, field: field, dateWhat, src)
                    for d in try parseDates(raw, item, field, src) {
                        try checkInYear(d, item)
                        if let other = offDays[d] {
                            throw src.error(at: item, Words(
                                "\(d.iso) is already a day off of \(other.name) (line \(other.line)); list each day once",
                                "\(d.iso) 已是\(other.name)的假日（第 \(other.line) 行）；每天只能列一次"))
                        }
                        offDays[d] = (name, Int(item.line))
                        days.append(d)
                    }
                }
                holidays.append(HolidayYear.Holiday(name: name, days: days.sorted()))
            }
        }

        var workdays: [Day] = []
        if let w = entry("workdays"), !w.value.isNull {
            let what = Words("a list of make-up working days \"YYYY-MM-DD\" (weekend days)", "调休上班日 \"YYYY-MM-DD\"（周末）的列表")
            var seen: Set<Day> = []
            for item in try Read.items(w.value, key: w.keyNode, field: "workdays", single: true, what, src) {
                let raw = try Read.text(item, key: nil, field: "workdays", what, src)
                guard let d = Day(iso: raw) else {
                    throw src.error(at: item, Words("`\(raw)` is not a real date; expected \"YYYY-MM-DD\"",
                                                    "`\(raw)` 不是有效日期；应为 \"YYYY-MM-DD\""))
                }
                try checkInYear(d, item)
                guard d.isWeekend else {
                    throw src.error(at: item, Words(
                        "\(d.iso) is a \(Weekdays.english[d.weekday - 1]), already a working day; a make-up working day must be a Saturday or Sunday",
                        "\(d.iso) 是\(Weekdays.chinese(d.weekday))，本来就是工作日；调休上班日应为周六或周日"))
                }
                if let other = offDays[d] {
                    throw src.error(at: item, Words(
                        "\(d.iso) is both a make-up working day and a day off of \(other.name) (line \(other.line))",
                        "\(d.iso) 既是调休上班日，又是\(other.name)的假日（第 \(other.line) 行）"))
                }
                guard seen.insert(d).inserted else {
                    throw src.error(at: item, Words("\(d.iso) is listed twice in `workdays`", "\(d.iso) 在 `workdays` 中列了两次"))
                }
                workdays.append(d)
            }
        }
        return HolidayYear(year: year, source: source, holidays: holidays, workdays: workdays.sorted())
    }

    /// "YYYY-MM-DD" or an inclusive range "YYYY-MM-DD..YYYY-MM-DD".
    static func parseDates(_ raw: String, _ node: YNode, _ field: String, _ src: SourceFile) throws(ConfigError) -> [Day] {
        let parts = splitRange(raw)
        func day(_ s: String) throws(ConfigError) -> Day {
            let t = s.trimmedText()
            guard let d = Day(iso: t) else {
                throw src.error(at: node, Words(
                    "`\(t)` is not a real date; expected \"YYYY-MM-DD\" or a range \"YYYY-MM-DD..YYYY-MM-DD\"",
                    "`\(t)` 不是有效日期；应为 \"YYYY-MM-DD\" 或日期范围 \"YYYY-MM-DD..YYYY-MM-DD\""))
            }
            return d
        }
        switch parts.count {
        case 1:
            return [try day(parts[0])]
        case 2:
            let a = try day(parts[0]), b = try day(parts[1])
            guard a <= b else {
                throw src.error(at: node, Words("the range \(a.iso)..\(b.iso) ends before it starts; expected the earlier date first",
                                                "日期范围 \(a.iso)..\(b.iso) 的结束早于开始；应先写较早的日期"))
            }
            guard b - a < 60 else {
                throw src.error(at: node, Words("the range \(a.iso)..\(b.iso) is longer than any holiday; expected at most a few weeks",
                                                "日期范围 \(a.iso)..\(b.iso) 长于任何假期；应不超过几周"))
            }
            return (0...(b - a)).map { a + $0 }
        default:
            throw src.error(at: node, Words("`\(raw)` is not a date or a range; expected \"YYYY-MM-DD\" or \"YYYY-MM-DD..YYYY-MM-DD\"",
                                            "`\(raw)` 不是日期或日期范围；应为 \"YYYY-MM-DD\" 或 \"YYYY-MM-DD..YYYY-MM-DD\""))
        }
    }

    /// The parts of `text` around each "..".
    static func splitRange(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            if chars[i] == ".", i + 1 < chars.count, chars[i + 1] == "." {
                parts.append(current)
                current = ""
                i += 2
            } else {
                current.append(chars[i])
                i += 1
            }
        }
        parts.append(current)
        return parts
    }

    /// 2026 for ".../holidays/2026.yaml"; nil when the file's name is not a year.
    static func yearOfFileName(_ path: String) -> Int? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { return nil }
        let stem = name.hasSuffix(".yaml") ? name.dropLast(5) : name.dropLast(4)
        guard stem.count == 4, stem.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(stem)
    }
}
