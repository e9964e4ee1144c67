import LiushiCore

/// A township's configuration (`liushi.yaml`, or one `townships/<id>.yaml` of a county): its id,
/// its name and its villages with their effective rules.
public struct TownshipConfig: Hashable, Sendable {
    /// The id of the township of a single-file configuration (`liushi.yaml`): the name of its
    /// file under `liushi publish`'s `townships/` and what `--township` accepts.
    public static let singleID = "township"

    /// The file's stem in a county (`townships/qiantan.yaml` → `qiantan`), else `singleID`.
    public var id: String
    public var townshipName: String
    /// In file order; every village's rules are the township's with the village's fields laid over
    /// them, and validated.
    public var villages: [Village]
    public var file: String
    /// Where each village's `id` value is in the file (line, column), in the order of `villages`
    /// (empty for townships not read from a file): a duplicate across files names both.
    public var idPositions: [SourcePosition]

    public init(townshipName: String, villages: [Village], file: String, id: String = TownshipConfig.singleID,
                idPositions: [SourcePosition] = []) {
        self.id = id
        self.townshipName = townshipName
        self.villages = villages
        self.file = file
        self.idPositions = idPositions
    }
}

/// A 1-based line and column in a configuration file.
public struct SourcePosition: Hashable, Sendable {
    public var line: Int32
    public var column: Int32
    public init(line: Int32, column: Int32) {
        self.line = line
        self.column = column
    }
}

/// Parsing of configuration texts. No file system access: callers read files and pass the text.
public enum ConfigParser {
    /// Parses `liushi.yaml` (docs/DESIGN.md §4). `file` is used in error messages only.
    public static func parseTownship(text: String, file: String) -> Result<TownshipConfig, ConfigError> {
        Result { () throws(ConfigError) -> TownshipConfig in try TownshipParser.parse(text: text, file: file) }
    }

    /// Parses one holiday file (`holidays/2026.yaml`). When the file's name is a year (`2026.yaml`),
    /// its `year` must match it.
    public static func parseHolidays(text: String, file: String) -> Result<HolidayYear, ConfigError> {
        Result { () throws(ConfigError) -> HolidayYear in try HolidayFileParser.parse(text: text, file: file) }
    }
}

enum TownshipParser {
    static let topKeys = ["township", "rhythms", "villages"]
    static let townshipKeys = ["name"]
    static let villageKeys = ["id", "name"] + Role.allCases.map(\.rawValue) + ["rhythms"]

    /// `pieces`: how many parts of a long village list are read at once (tests compare).
    static func parse(text: String, file: String, pieces: Int = Parallel.cores) throws(ConfigError) -> TownshipConfig {
        try YAMLDocument.read(text, file: file, empty: Words(
            "the file is empty; expected a mapping with `township`, `rhythms` and `villages`",
            "文件是空的；应为含有 `township`、`rhythms`、`villages` 的映射")) { (root, src) throws(ConfigError) in
            try parseTree(root, file: file, src, pieces: pieces)
        }
    }

    static func parseTree(_ root: YNode, file: String, _ src: SourceFile, pieces maxPieces: Int) throws(ConfigError) -> TownshipConfig {
        guard root.kind == .mapping else {
            throw src.error(at: root, Words(
                "the top level must be a mapping with `township`, `rhythms` and `villages`, found \(root.kindWords.en)",
                "顶层应为含有 `township`、`rhythms`、`villages` 的映射，这里是\(root.kindWords.zh)"))
        }
        let top = try Read.entries(root, key: nil, field: "top level", allowed: topKeys, src)
        func entry(_ k: String) -> Entry? { top.first { $0.key == k } }

        guard let townshipEntry = entry("township") else {
            throw src.error(at: root, Words("missing `township` (with its `name`, e.g. `name: 乾潭镇`)",
                                            "缺少 `township`（及其 `name`，如 `name: 乾潭镇`）"))
        }
        let name = try parseTownshipName(townshipEntry, src)

        var rhythms = RhythmsFields()
        if let r = entry("rhythms") {
            rhythms = try RhythmsFields.parse(r.value, keyNode: r.keyNode, path: "rhythms", src)
        }
        try validateTownshipRules(rhythms, src)

        guard let villagesEntry = entry("villages") else {
            throw src.error(at: root, Words("missing `villages`: expected a list of villages, each with `id` and `name`",
                                            "缺少 `villages`：应为村的列表，每个村有 `id` 和 `name`"))
        }
        let items = try Read.items(villagesEntry.value, key: villagesEntry.keyNode, field: "villages", single: false,
                                   Words("a list of villages, each with `id` and `name`", "村的列表，每个村有 `id` 和 `name`"), src)
        guard !items.isEmpty else {
            throw src.error(at: Read.anchor(villagesEntry.value, key: villagesEntry.keyNode), Words(
                "`villages` is empty; expected at least one village with `id` and `name`",
                "`villages` 是空的；至少应有一个村（含 `id` 和 `name`）"))
        }
        // Villages are read independently (a province's thousands in two halves at once); the first
        // problem in file order is reported, as a reading from top to bottom would.
        let pieces = Parallel.map(count: items.count, minimum: 1_000, maxPieces: maxPieces) { range -> (villages: [(Village, YNode)], error: ConfigError?) in
            var out: [(Village, YNode)] = []
            out.reserveCapacity(range.count)
            var townshipRules = [Rule?](repeating: nil, count: Rhythm.allCases.count)
            for index in range {
                do throws(ConfigError) {
                    out.append(try parseVillage(items[index], path: "villages[\(index + 1)]", township: rhythms, src,
                                                townshipRules: &townshipRules, townshipName: name))
                } catch {
                    return (out, error)
                }
            }
            return (out, nil)
        }
        var villages: [Village] = []
        villages.reserveCapacity(items.count)
        var positions: [SourcePosition] = []
        positions.reserveCapacity(items.count)
        var firstLineOfID: [String: Int] = [:]
        firstLineOfID.reserveCapacity(items.count)
        for piece in pieces {
            for (village, idNode) in piece.villages {
                if let line = firstLineOfID[village.id] {
                    throw src.error(at: idNode, Words(
                        "duplicate village id `\(village.id)` (first at line \(line)); each village needs its own id",
                        "重复的村 id `\(village.id)`（第一次出现在第 \(line) 行）；每个村的 id 必须不同"))
                }
                firstLineOfID[village.id] = Int(idNode.line)
                villages.append(village)
                positions.append(SourcePosition(line: idNode.line, column: idNode.column))
            }
            if let error = piece.error { throw error }
        }
        return TownshipConfig(townshipName: name, villages: villages, file: file, idPositions: positions)
    }

    static func parseTownshipName(_ e: Entry, _ src: SourceFile) throws(ConfigError) -> String {
        let fields = try Read.entries(e.value, key: e.keyNode, field: "township", allowed: townshipKeys, src)
        guard let n = fields.first(where: { $0.key == "name" }) else {
            throw src.error(at: Read.anchor(e.value, key: e.keyNode), Words(
                "`township` has no `name`; expected e.g. `name: 乾潭镇`", "`township` 缺少 `name`；应如 `name: 乾潭镇`"))
        }
        let name = try Read.text(n.value, key: n.keyNode, field: "township.name",
                                 Words("the township's name, e.g. 乾潭镇", "乡镇名称，如 乾潭镇"), src)
        guard !name.isEmpty else {
            throw src.error(at: n.value, Words("`township.name` is empty; expected the township's name", "`township.name` 是空的；应为乡镇名称"))
        }
        return name
    }

    /// A township rule that already has its day is checked on its own, so that a wrong default is
    /// reported at the township without naming a village.
    static func validateTownshipRules(_ rhythms: RhythmsFields, _ src: SourceFile) throws(ConfigError) {
        for rhythm in Rhythm.allCases {
            guard let t = rhythms.byRhythm[rhythm.rawValue], t.day?.value != nil else { continue }
            if let (problem, node) = RuleBuilder.build(rhythm, t).problem {
                throw src.error(at: node, Words(problem.message(chinese: false), problem.message(chinese: true)))
            }
        }
        if let d = rhythms.daily, let m = d.matters, let list = m.value, list.isEmpty {
            throw src.error(at: m.node, Words("matters must not be empty", "matters 不能为空"))
        }
    }

    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.unicodeScalars.allSatisfy { u in
            (u >= "a" && u <= "z") || (u >= "0" && u <= "9") || u == "_" || u == "-"
        }
    }

    /// One item of `villages`; `path` (`villages[3]`, counted from 1) names it in messages.
    /// `townshipRules` keeps the rules built from the township's fields alone, by rhythm, so that
    /// villages without an override of a rhythm share one build.
    static func parseVillage(_ node: YNode, path: String, township: RhythmsFields, _ src: SourceFile,
                             townshipRules: inout [Rule?], townshipName: String = "") throws(ConfigError) -> (Village, YNode) {
        let fields = try Read.entries(node, key: nil, field: path, allowed: villageKeys, src)
        func entry(_ k: String) -> Entry? { fields.first { $0.key == k } }
        guard let idEntry = entry("id") else {
            throw src.error(at: node, Words(
                "this village has no `id`; expected a stable key such as `id: sandu` (lowercase letters, digits, _ and -)",
                "这个村缺少 `id`；应为固定的标识，如 `id: sandu`（小写字母、数字、_ 和 -）"))
        }
        func idWhat() -> Words { Words("a stable key of lowercase letters, digits, _ and - (e.g. sandu)", "由小写字母、数字、_ 和 - 组成的标识（如 sandu）") }
        let id = try Read.text(idEntry.value, key: idEntry.keyNode, field: path + ".id", idWhat(), src)
        guard isValidID(id) else {
            throw src.error(at: idEntry.value, Words("village id `\(id)` is not allowed; expected \(idWhat().en)",
                                                     "村 id `\(id)` 不合规；应为\(idWhat().zh)"))
        }
        guard let nameEntry = entry("name") else {
            throw src.error(at: node, Words("village `\(id)` has no `name`; expected e.g. `name: 三都村`",
                                            "村 `\(id)` 缺少 `name`；应如 `name: 三都村`"))
        }
        let name = try Read.text(nameEntry.value, key: nameEntry.keyNode, field: path + ".name",
                                 Words("the village's name, e.g. 三都村", "村名，如 三都村"), src)
        guard !name.isEmpty else {
            throw src.error(at: nameEntry.value, Words("village `\(id)` has an empty `name`", "村 `\(id)` 的 `name` 是空的"))
        }

        var people: [Role: String] = [:]
        for role in Role.allCases {
            guard let e = entry(role.rawValue), !e.value.isNull else { continue }
            func what() -> Words { Words("a person's name or a list of names", "人名或人名列表") }
            var names: [String] = []
            for item in try Read.items(e.value, key: e.keyNode, field: role.rawValue, single: true, what(), src) {
                let n = try Read.text(item, key: nil, field: role.rawValue, what(), src)
                if !n.isEmpty { names.append(n) }
            }
            if !names.isEmpty { people[role] = names.joined(separator: "、") }
        }

        var own = RhythmsFields()
        if let r = entry("rhythms") {
            own = try RhythmsFields.parse(r.value, keyNode: r.keyNode, path: path + ".rhythms", src)
        }
        func label() -> Words { Words(" (village `\(id)` \(name))", "（村：\(name) \(id)）") }

        var rules: [Rule] = []
        for rhythm in Rhythm.allCases {
            let t = township.byRhythm[rhythm.rawValue], v = own.byRhythm[rhythm.rawValue]
            if v == nil, let shared = townshipRules[rhythm.rawValue] {
                rules.append(shared)
                continue
            }
            guard let base = t ?? v else { continue }
            var merged = base
            if t != nil, let v { merged = merged.overlaid(by: v) }
            guard merged.day?.value != nil else {
                let at = v?.keyNode ?? base.keyNode
                throw src.error(at: at, Words(
                    "the \(rhythm.key) rule has no `day` after the village's fields are laid over the township's; "
                        + "set `day` in `rhythms.\(rhythm.key)` of the township or of this village" + label().en,
                    "\(rhythm.key)（\(rhythm.chinese)）规则在村的设置覆盖乡镇设置之后没有 `day`；"
                        + "请在乡镇或本村的 `rhythms.\(rhythm.key)` 中设置 `day`" + label().zh))
            }
            let built = RuleBuilder.build(rhythm, merged)
            if let (problem, node) = built.problem {
                throw src.error(at: node, Words(problem.message(chinese: false) + label().en, problem.message(chinese: true) + label().zh))
            }
            if let rule = built.rule {
                rules.append(rule)
                if v == nil { townshipRules[rhythm.rawValue] = rule }
            }
        }

        var daily = DailyRule()
        let dailyFields: RuleFields?
        switch (township.daily, own.daily) {
        case (let t?, let v?): dailyFields = t.overlaid(by: v)
        case (let t?, nil): dailyFields = t
        case (nil, let v?): dailyFields = v
        case (nil, nil): dailyFields = nil
        }
        if let d = dailyFields {
            if let m = d.matters, let list = m.value, list.isEmpty {
                throw src.error(at: m.node, Words("matters must not be empty" + label().en, "matters 不能为空" + label().zh))
            }
            daily = DailyRule(matters: d.matters?.value ?? [.handle], time: d.time?.value,
                              duration: d.duration?.value, attendees: d.attendees?.value ?? [])
        }
        return (Village(id: id, name: name, people: people, rules: rules, daily: daily, townshipName: townshipName), idEntry.value)
    }
}

/// Makes a `Rule` from merged fields and finds where its first problem is.
enum RuleBuilder {
    static func build(_ rhythm: Rhythm, _ f: RuleFields) -> (rule: Rule?, problem: (RuleProblem, MarkKey)?) {
        guard let day = f.day?.value else { return (nil, nil) }
        let rule = Rule(rhythm: rhythm, day: day, month: f.month?.value,
                        calendar: f.calendar?.value ?? .gregorian, holiday: f.holiday?.value ?? .later,
                        matters: f.matters?.value, time: f.time?.value,
                        duration: f.duration?.value, attendees: f.attendees?.value ?? [])
        if let p = rule.problem() {
            return (rule, (p, f.node(of: p.field) ?? f.keyNode))
        }
        return (rule, nil)
    }
}
