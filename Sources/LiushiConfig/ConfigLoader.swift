import LiushiCore
import LiushiEmbedded

/// Where the configuration comes from.
public enum ConfigLocation: Hashable, Sendable {
    /// A folder holding `liushi.yaml` (or a county's `townships/*.yaml` and `county.yaml`) and
    /// optionally `holidays/*.yaml`.
    case directory(String)
    /// The example township compiled into the program (`Config/` of the repository).
    case shipped
}

/// What the program runs on.
public struct LoadedConfiguration: Sendable {
    /// The township the commands work on: the one of `liushi.yaml`, the one `--township` chose,
    /// or a county's villages all together (named after `county.yaml`'s `name`, else unnamed).
    public var township: TownshipConfig
    /// The townships in scope, in id order: one for `liushi.yaml` (id `TownshipConfig.singleID`)
    /// or after `narrowed(to:)`, every township file of a county otherwise.
    public var townships: [TownshipConfig]
    /// Every township of the folder, narrowed or not (an id outside the scope is named by its township).
    /// When the loader was asked for one township and every file came from the cache, the others
    /// carry their villages' ids and names only (no people, no rules).
    public var allTownships: [TownshipConfig]
    /// `county.yaml`'s `name`, when the folder is a county and names itself.
    public var countyName: String?
    /// The folder holds `townships/*.yaml` (a county) rather than `liushi.yaml`.
    public var isCounty: Bool
    /// The township `--township` narrowed the configuration to.
    public var narrowedTo: String?
    /// The shipped years, overridden or extended by the user's `holidays/*.yaml` (for the same year
    /// the user's file wins), in year order.
    public var officialYears: [HolidayYear]
    public var calendar: WorkCalendar
    public var schedule: Schedule
    public var isShippedExample: Bool
    /// How many configuration files were parsed from their text rather than taken from the
    /// `ConfigCache` the loader was given (all of them when it was given none).
    public var filesParsed = 0
    /// Some of `allTownships` are summaries (a narrowed read from the cache): never to be cached.
    public internal(set) var hasSummaries = false

    public init(township: TownshipConfig, officialYears: [HolidayYear], calendar: WorkCalendar,
                schedule: Schedule, isShippedExample: Bool) {
        self.township = township
        self.townships = [township]
        self.allTownships = [township]
        self.countyName = nil
        self.isCounty = false
        self.narrowedTo = nil
        self.officialYears = officialYears
        self.calendar = calendar
        self.schedule = schedule
        self.isShippedExample = isShippedExample
    }

    /// The configuration of one township (`--township ID`): its villages only, with its name;
    /// nil when the folder has no township with that id.
    public func narrowed(to id: String) -> LoadedConfiguration? {
        guard let t = allTownships.first(where: { $0.id == id }) else { return nil }
        var c = self
        c.narrowedTo = id
        guard isCounty else { return c }
        c.township = t
        c.townships = [t]
        c.schedule = Schedule(villages: t.villages, calendar: calendar)
        return c
    }

    /// The township (of the whole folder) that has a village with this id.
    public func township(ofVillage id: String) -> TownshipConfig? {
        allTownships.first { $0.villages.contains { $0.id == id } }
    }

    /// The name a header shows for these villages: their own township's when they share one
    /// (a village of a county is shown under its township), else the configuration's.
    public func headerName(for villages: [Village]) -> String {
        guard let first = villages.first?.townshipName, !first.isEmpty,
              villages.allSatisfy({ $0.townshipName == first }) else { return township.townshipName }
        return first
    }

    /// Every village id of the folder, narrowed or not (items of other townships are not orphans).
    public var allVillageIDs: Set<String> {
        var ids = Set<String>()
        for t in allTownships { for v in t.villages { ids.insert(v.id) } }
        return ids
    }
}

public enum ConfigLoader {
    /// The name shown in errors for the shipped files (their paths in the repository).
    public static let shippedPrefix = "Config/"

    /// Where configuration comes from, in docs/DESIGN.md §4's order: `--config DIR`, then `$LIUSHI_CONFIG`,
    /// then `$XDG_CONFIG_HOME/liushi` — or `$HOME/.config/liushi` when `XDG_CONFIG_HOME` is unset or
    /// empty — but only if that folder has `liushi.yaml` or `townships/` (a county), else the shipped
    /// example. `exists` is asked about those paths (`…/liushi/liushi.yaml`, then `…/liushi/townships`). An empty flag or variable counts as unset;
    /// a trailing `/` is dropped.
    public static func locate(flag: String?, environment: [String: String], exists: (String) -> Bool) -> ConfigLocation {
        if let f = flag, !f.isEmpty { return .directory(trimSlash(f)) }
        if let e = environment["LIUSHI_CONFIG"], !e.isEmpty { return .directory(trimSlash(e)) }
        let base: String
        if let x = environment["XDG_CONFIG_HOME"], !x.isEmpty {
            base = trimSlash(x)
        } else if let h = environment["HOME"], !h.isEmpty {
            base = trimSlash(h) + "/.config"
        } else {
            return .shipped
        }
        let dir = base + "/liushi"
        return exists(dir + "/liushi.yaml") || exists(dir + "/townships") ? .directory(dir) : .shipped
    }

    static func trimSlash(_ path: String) -> String {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return p
    }

    /// A date two years' files both list, with different meanings (a notice may list days of the
    /// previous December): an error naming both files, at the later one.
    static func contradiction(_ byYear: [Int: HolidayYear], files: (Int) -> String) -> ConfigError? {
        func meaning(_ y: HolidayYear, _ d: Day) -> String? {
            if y.workdays.contains(d) { return "work" }
            for h in y.holidays where h.days.contains(d) { return "off:" + h.name }
            return nil
        }
        func words(_ m: String) -> Words {
            m == "work" ? Words("a make-up working day", "调休上班日")
                : Words("a day off of \(m.dropFirst(4))", "\(m.dropFirst(4))的假日")
        }
        for y in byYear.keys.sorted() {
            guard let later = byYear[y], let earlier = byYear[y - 1] else { continue }
            let early = later.holidays.flatMap(\.days).filter { $0.year == y - 1 } + later.workdays.filter { $0.year == y - 1 }
            for d in early.sorted() {
                guard let a = meaning(later, d), let b = meaning(earlier, d), a != b else { continue }
                let wa = words(a), wb = words(b)
                return ConfigError(file: files(y), line: 1, column: 1,
                                   english: "\(d.iso) is \(wa.en) here but \(wb.en) in \(files(y - 1)); the two files contradict each other, correct one of them",
                                   chinese: "\(d.iso) 在这里是\(wa.zh)，在 \(files(y - 1)) 中却是\(wb.zh)；两个文件互相矛盾，请改正其中一个")
            }
        }
        return nil
    }

    /// The shipped files: path relative to `Config/` → text.
    public static var shippedFiles: [String: String] { EmbeddedConfig.files }

    /// The shipped holiday years, parsed.
    public static func shippedYears() -> Result<[HolidayYear], ConfigError> {
        var years: [HolidayYear] = []
        for key in EmbeddedConfig.files.keys.sorted() where key.hasPrefix("holidays/") && key.hasSuffix(".yaml") {
            switch ConfigParser.parseHolidays(text: EmbeddedConfig.files[key] ?? "", file: shippedPrefix + key) {
            case .success(let y): years.append(y)
            case .failure(let e): return .failure(e)
            }
        }
        return .success(years)
    }

    /// Builds everything from texts. `main` is `liushi.yaml`'s path and text (nil: the shipped
    /// example); `holidayFiles` are the user's `holidays/*.yaml` in name order. Two user files of
    /// the same year are an error naming both.
    /// `cache`: townships read before (`ConfigCache`); a file found there is not parsed again.
    public static func load(main: (path: String, text: String)?,
                            holidayFiles: [(path: String, text: String)],
                            cache: ConfigCache? = nil) -> Result<LoadedConfiguration, ConfigError> {
        let township: TownshipConfig
        var parsed = 0
        if let main {
            let file = ConfigText(path: main.path, text: main.text)
            if let cache, let kept = cache.township(file, key: ConfigCache.key(file)) {
                township = kept
            } else {
                parsed = 1
                switch ConfigParser.parseTownship(text: main.text, file: main.path) {
                case .success(let t): township = t
                case .failure(let e): return .failure(e)
                }
            }
        } else {
            guard let text = EmbeddedConfig.files["liushi.yaml"] else {
                return .failure(.unreadable(file: shippedPrefix + "liushi.yaml", reason: "not in this build"))
            }
            switch ConfigParser.parseTownship(text: text, file: shippedPrefix + "liushi.yaml") {
            case .success(let t): township = t
            case .failure(let e): return .failure(e)
            }
        }
        return holidays(holidayFiles).map { official, calendar in
            let schedule = Schedule(villages: township.villages, calendar: calendar)
            var loaded = LoadedConfiguration(township: township, officialYears: official, calendar: calendar,
                                             schedule: schedule, isShippedExample: main == nil)
            loaded.filesParsed = parsed
            return loaded
        }
    }

    /// A county (docs/DESIGN.md §4): every `townships/<id>.yaml` (read in parallel, `pieces` at once), the
    /// optional `county.yaml`, and the holiday files (read once for all townships). Village ids
    /// are unique across the folder: a duplicate is an error at its second occurrence naming the
    /// first file and line.
    /// `township`: narrow to that township at once (only its villages' schedule is built); an id
    /// the folder lacks leaves the county whole (`narrowedTo` stays nil, for the caller to refuse).
    /// `cache`: townships read before (`ConfigCache`); a file found there is not parsed again.
    public static func load(county: CountyFiles, holidayFiles: [(path: String, text: String)],
                            pieces: Int = Parallel.cores, township: String? = nil,
                            cache: ConfigCache? = nil) -> Result<LoadedConfiguration, ConfigError> {
        guard !county.townships.isEmpty else {
            return .failure(ConfigError(file: county.folder, line: 1, column: 1,
                english: "the folder has no township files; expected one townships/<id>.yaml per township (e.g. townships/qiantan.yaml)",
                chinese: "文件夹里没有乡镇文件；应为每个乡镇一个 townships/<id>.yaml（如 townships/qiantan.yaml）"))
        }
        // The county's name and the holiday years, then the townships. The reader a benchmark
        // chose (a task-local value, unseen on Dispatch's worker threads) is passed to the pieces.
        let fast = YAMLReading.fastReader
        typealias Head = Result<(String?, [HolidayYear], WorkCalendar), ConfigError>
        func head() -> Head {
            var name: String? = nil
            if let f = county.county {
                switch Result(catching: { () throws(ConfigError) in try CountyParser.parseCounty(f) }) {
                case .success(let n): name = n
                case .failure(let e): return .failure(e)
                }
            }
            return holidays(holidayFiles).map { (name, $0.0, $0.1) }
        }
        // One after the other: the head is a few small files (2 ms), and a `concurrentPerform`
        // inside another runs its pieces one by one, so reading both at once left the township
        // files on one core (186 ms in two pieces against 191 ms in one).
        let headResult = head()
        let townshipsResult = Result(catching: { () throws(ConfigError) in
            try CountyParser.parseTownships(county.townships, pieces: pieces, fastReader: fast, cache: cache, summaryBut: township)
        })
        let townships: [TownshipConfig]
        let parsed: Int
        let summaries: Bool
        switch townshipsResult {
        case .success(let t): (townships, parsed, summaries) = t
        case .failure(let e): return .failure(e)
        }
        let (name, official, calendar): (String?, [HolidayYear], WorkCalendar)
        switch headResult {
        case .success(let h): (name, official, calendar) = h
        case .failure(let e): return .failure(e)
        }
        if let e = CountyParser.duplicate(townships, texts: county.townships) { return .failure(e) }
        var all: [Village] = []
        all.reserveCapacity(townships.reduce(0) { $0 + $1.villages.count })
        for t in townships { all.append(contentsOf: t.villages) }
        let whole = TownshipConfig(townshipName: name ?? "", villages: all, file: county.folder, id: "")
        let chosen = township.flatMap { id in townships.first { $0.id == id } }
        var loaded = LoadedConfiguration(township: chosen ?? whole, officialYears: official, calendar: calendar,
                                         schedule: Schedule(villages: chosen?.villages ?? all, calendar: calendar),
                                         isShippedExample: false)
        loaded.townships = chosen.map { [$0] } ?? townships
        loaded.allTownships = townships
        loaded.countyName = name
        loaded.isCounty = true
        loaded.narrowedTo = chosen?.id
        loaded.filesParsed = parsed
        loaded.hasSummaries = summaries
        return .success(loaded)
    }

    /// What a `ConfigCache` file should hold after `loaded` was read from `files` (`liushi.yaml`
    /// alone, or a county's township files in name order): each file with its township. Nil when
    /// they do not match (the shipped example, or files that are not the ones read).
    public static func cacheEntries(_ loaded: LoadedConfiguration, files: [ConfigText]) -> [(file: ConfigText, township: TownshipConfig)]? {
        guard !loaded.isShippedExample, !loaded.hasSummaries, files.count == loaded.allTownships.count else { return nil }
        var out: [(file: ConfigText, township: TownshipConfig)] = []
        out.reserveCapacity(files.count)
        for (f, t) in zip(files, loaded.allTownships) {
            guard f.path == t.file else { return nil }
            out.append((f, t))
        }
        return out
    }

    /// A folder with both `liushi.yaml` and `townships/`: an error at `liushi.yaml`.
    public static func bothLayouts(main: ConfigText, folder: String) -> ConfigError {
        ConfigError(file: main.path, line: 1, column: 1,
                    english: "this folder has both liushi.yaml and \(folder)/; keep one: liushi.yaml for one township, or townships/<id>.yaml for each township of a county",
                    chinese: "这个文件夹同时有 liushi.yaml 和 \(folder)/；只能保留一种：一个乡镇用 liushi.yaml，一个县（市）的各乡镇用 townships/<id>.yaml",
                    sourceLine: SourceFile.splitLines(main.text).first)
    }

    /// The shipped holiday years with the user's files laid over them, and the calendar they make.
    static func holidays(_ holidayFiles: [(path: String, text: String)]) -> Result<([HolidayYear], WorkCalendar), ConfigError> {
        var byYear: [Int: HolidayYear] = [:]
        switch shippedYears() {
        case .success(let years): for y in years { byYear[y.year] = y }
        case .failure(let e): return .failure(e)
        }
        var userYears: [Int: String] = [:]
        for f in holidayFiles {
            switch ConfigParser.parseHolidays(text: f.text, file: f.path) {
            case .success(let y):
                if let other = userYears[y.year] {
                    return .failure(ConfigError(file: f.path, line: 1, column: 1,
                                                english: "the year \(y.year) is already given by \(other); keep one file a year",
                                                chinese: "\(y.year) 年已由 \(other) 给出；每年只能有一个文件"))
                }
                userYears[y.year] = f.path
                byYear[y.year] = y
            case .failure(let e):
                return .failure(e)
            }
        }
        if let e = contradiction(byYear, files: { userYears[$0] ?? shippedPrefix + "holidays/\($0).yaml" }) { return .failure(e) }
        let official = byYear.keys.sorted().compactMap { byYear[$0] }
        return .success((official, WorkCalendar(official: official)))
    }
}
