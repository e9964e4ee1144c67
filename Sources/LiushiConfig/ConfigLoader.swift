import LiushiCore
import LiushiEmbedded

/// Where the configuration comes from.
public enum ConfigLocation: Hashable, Sendable {
    /// A folder holding `liushi.yaml` and optionally `holidays/*.yaml`.
    case directory(String)
    /// The example township compiled into the program (`Config/` of the repository).
    case shipped
}

/// What the program runs on.
public struct LoadedConfiguration: Sendable {
    public var township: TownshipConfig
    /// The shipped years, overridden or extended by the user's `holidays/*.yaml` (for the same year
    /// the user's file wins), in year order.
    public var officialYears: [HolidayYear]
    public var calendar: WorkCalendar
    public var schedule: Schedule
    public var isShippedExample: Bool

    public init(township: TownshipConfig, officialYears: [HolidayYear], calendar: WorkCalendar,
                schedule: Schedule, isShippedExample: Bool) {
        self.township = township
        self.officialYears = officialYears
        self.calendar = calendar
        self.schedule = schedule
        self.isShippedExample = isShippedExample
    }
}

public enum ConfigLoader {
    /// The name shown in errors for the shipped files (their paths in the repository).
    public static let shippedPrefix = "Config/"

    /// Where configuration comes from, in DESIGN §4's order: `--config DIR`, then `$LIUSHI_CONFIG`,
    /// then `$XDG_CONFIG_HOME/liushi` — or `$HOME/.config/liushi` when `XDG_CONFIG_HOME` is unset or
    /// empty — but only if that folder has `liushi.yaml`, else the shipped example. `exists` is asked
    /// about that file's path (`…/liushi/liushi.yaml`). An empty flag or variable counts as unset;
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
        return exists(dir + "/liushi.yaml") ? .directory(dir) : .shipped
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
    public static func load(main: (path: String, text: String)?,
                            holidayFiles: [(path: String, text: String)]) -> Result<LoadedConfiguration, ConfigError> {
        let township: TownshipConfig
        if let main {
            switch ConfigParser.parseTownship(text: main.text, file: main.path) {
            case .success(let t): township = t
            case .failure(let e): return .failure(e)
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
        let calendar = WorkCalendar(official: official)
        let schedule = Schedule(villages: township.villages, calendar: calendar)
        return .success(LoadedConfiguration(township: township, officialYears: official, calendar: calendar,
                                            schedule: schedule, isShippedExample: main == nil))
    }
}
