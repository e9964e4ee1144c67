import Foundation
import LiushiConfig
import LiushiCore
import LiushiStore

/// A failure that ends the program with a message and a status (1 runtime, 2 usage/configuration).
struct CLIFailure: Error {
    var message: String
    var status: Int32
}

/// Values a one-shot command hands over once its output is written: a province's configuration
/// and entries are hundreds of thousands of small objects, and freeing them one by one just before
/// the process ends (when the system takes back all its memory at once) would only delay the exit.
nonisolated(unsafe) private var keptUntilExit: [Any] = []

/// Where the date and the moment of a change come from. The entry point gives the system's
/// (`Clock.system`, in Liushi.swift); today is read once, into `AppContext.today`.
struct Clock {
    var today: () -> Day
    /// The moment of a change, ISO 8601 in UTC (2027-01-15T01:30:00Z).
    var now: () -> String
}

/// Everything a command runs on, built at the edge: the environment, configuration files, and
/// the clock it is given.
struct AppContext {
    /// See `keptUntilExit`. Only for commands that end right after their output.
    static func keepUntilExit(_ values: Any...) { keptUntilExit.append(contentsOf: values) }

    let environment: [String: String]
    let language: Language
    let today: Day
    let options: GlobalOptions
    let clock: Clock

    init(_ options: GlobalOptions, clock: Clock = .system) throws {
        self.options = options
        self.clock = clock
        environment = ProcessInfo.processInfo.environment
        // Only the default database location has its folders created; an explicit one must exist.
        var defaults = environment
        defaults["LIUSHI_DB"] = nil
        StorePath.creatableDefault = StorePath.resolve(flag: nil, environment: defaults)
        // A libpq outside the library path (or none, to see the message a machine without it gives).
        if let libpq = environment["LIUSHI_LIBPQ"], !libpq.isEmpty { Store.libpqLibrary = libpq }
        guard let lang = Language.choose(flag: options.lang, environment: environment) else {
            throw CLIFailure(message: "--lang must be zh or en", status: 2)
        }
        language = lang
        if let t = options.today {
            guard let d = Day(iso: t) else { throw CLIFailure(message: "--today must be YYYY-MM-DD", status: 2) }
            today = d
        } else {
            today = clock.today()
        }
        guard SupportedRange.contains(today) else {
            throw CLIFailure(message: language.pick("今天（\(today.iso)）超出支持的范围 1901–2099",
                                                    "today (\(today.iso)) is outside the supported years 1901–2099"), status: 2)
        }
    }

    /// Where the store is (`--db`, `$LIUSHI_DB`, the default file): a file or a PostgreSQL URI.
    /// An address with another scheme is a usage error (status 2).
    func storeLocation() throws -> StoreLocation {
        do {
            return try StorePath.location(flag: options.db, environment: environment)
        } catch {
            throw CLIFailure(message: error.message(chinese: zh), status: 2)
        }
    }

    /// The moment of a change now.
    func now() -> String { clock.now() }

    /// Who makes a change: $USER, else $LOGNAME, else the numeric user id.
    var user: String {
        for key in ["USER", "LOGNAME"] {
            if let u = environment[key], !u.isEmpty { return u }
        }
        return "uid \(getuid())"
    }

    var zh: Bool { language == .zh }

    // MARK: Configuration

    /// Reads and parses the configuration; errors are FILE:LINE:COL messages with status 2.
    /// `--township ID` narrows it to that township (`narrow: false` leaves that to the caller,
    /// as the terminal UI does, which can choose another township later); an unknown id is a
    /// usage error naming the known ones.
    func loadConfiguration(narrow: Bool = true) throws -> LoadedConfiguration {
        let fm = FileManager.default
        let location = ConfigLoader.locate(flag: options.config, environment: environment) { fm.fileExists(atPath: $0) }
        var main: (path: String, text: String)? = nil
        var county: CountyFiles? = nil
        var holidayFiles: [(path: String, text: String)] = []
        if case .directory(let dir) = location {
            let path = dir + "/liushi.yaml"
            let townshipDir = dir + "/townships"
            if let names = try yamlFiles(in: townshipDir) {
                if fm.fileExists(atPath: path) {
                    let e = ConfigLoader.bothLayouts(main: ConfigText(path: path, text: (try? readConfigFile(path)) ?? ""), folder: townshipDir)
                    throw CLIFailure(message: e.rendered(chinese: zh), status: 2)
                }
                // Township files are read at once (a county has hundreds), errors in name order.
                // Hidden files (an editor's `.#qiantan.yaml`) are not townships, as for `townships/*.yaml`.
                let paths = names.filter { !$0.hasPrefix(".") }.map { townshipDir + "/" + $0 }
                let texts: [Result<String, CLIFailure>] = Parallel.array(count: paths.count, minimum: 16) { i in
                    Result { () throws(CLIFailure) -> String in
                        do { return try readConfigFile(paths[i]) } catch let f as CLIFailure { throw f } catch {
                            throw CLIFailure(message: "\(error)", status: 2)
                        }
                    }
                }
                var files: [ConfigText] = []
                files.reserveCapacity(paths.count)
                for (p, t) in zip(paths, texts) { files.append(ConfigText(path: p, text: try t.get())) }
                let countyPath = dir + "/county.yaml"
                var countyFile: ConfigText? = nil
                var link = stat()
                if lstat(countyPath, &link) == 0 { countyFile = ConfigText(path: countyPath, text: try readConfigFile(countyPath)) }
                county = CountyFiles(townships: files, county: countyFile, folder: townshipDir)
            } else {
                main = (path, try readConfigFile(path))
            }
            for name in try yamlFiles(in: dir + "/holidays") ?? [] {
                let p = dir + "/holidays/" + name
                holidayFiles.append((p, try readConfigFile(p)))
            }
        }
        let wanted = narrow ? options.township : nil
        // Townships read by an earlier run of this program, for exactly these texts.
        var cacheFile: ConfigCacheFile? = nil
        if case .directory(let dir) = location { cacheFile = ConfigCacheFile(folder: dir, environment: environment) }
        let cache = cacheFile?.read()
        let result = county.map { ConfigLoader.load(county: $0, holidayFiles: holidayFiles, township: wanted, cache: cache) }
            ?? ConfigLoader.load(main: main, holidayFiles: holidayFiles, cache: cache)
        let config: LoadedConfiguration
        switch result {
        case .success(let c): config = c
        case .failure(let e): throw CLIFailure(message: e.rendered(chinese: zh), status: 2)
        }
        if let cacheFile, config.filesParsed > 0,
           let entries = ConfigLoader.cacheEntries(config, files: county?.townships ?? main.map { [ConfigText(path: $0.path, text: $0.text)] } ?? []) {
            cacheFile.write(entries)
        }
        guard let id = wanted, config.narrowedTo != id else { return config }
        guard let narrowed = config.narrowed(to: id) else { throw unknownTownship(id, config) }
        return narrowed
    }

    /// The `.yaml` files of a folder in name order; nil when there is no such folder. Something
    /// else under that name, or a folder that cannot be listed, is a configuration error.
    private func yamlFiles(in folder: String) throws -> [String]? {
        let fm = FileManager.default
        var link = stat()
        guard lstat(folder, &link) == 0 else { return nil }
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw CLIFailure(message: ConfigError.unreadable(file: folder, reason: zh ? "它不是文件夹" : "it is not a folder").rendered(chinese: zh), status: 2)
        }
        do {
            return try fm.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
        } catch {
            let why = zh ? "无法列出文件夹的内容（权限？）" : "the folder cannot be listed (permissions?)"
            throw CLIFailure(message: ConfigError.unreadable(file: folder, reason: why).rendered(chinese: zh), status: 2)
        }
    }

    /// `--township` names no township of the folder: a usage error listing the known ones.
    func unknownTownship(_ id: String, _ config: LoadedConfiguration) -> CLIFailure {
        let known = config.allTownships.map { "\($0.id) (\($0.townshipName))" }.joined(separator: ", ")
        return CLIFailure(message: language.pick("没有乡镇 “\(id)”。已知的乡镇：\(known)", "no township '\(id)'. Known townships: \(known)"), status: 2)
    }

    private func readConfigFile(_ path: String) throws -> String {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw CLIFailure(message: ConfigError.unreadable(file: path, reason: zh ? "文件不存在" : "no such file").rendered(chinese: zh), status: 2)
        }
        if isDir.boolValue {
            throw CLIFailure(message: ConfigError.unreadable(file: path, reason: zh ? "这是一个文件夹" : "it is a folder").rendered(chinese: zh), status: 2)
        }
        // Read with a bound: a device or FIFO named liushi.yaml (or a huge file) cannot make it unbounded.
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw CLIFailure(message: ConfigError.unreadable(file: path, reason: zh ? "无法读取（权限？）" : "cannot be read (permissions?)").rendered(chinese: zh), status: 2)
        }
        defer { close(fd) }
        var data = Data()
        // A buffer the size of the file (a county reads a thousand small ones), at most 64 KB.
        var info = stat()
        let size = fstat(fd, &info) == 0 && info.st_size > 0 ? Int(info.st_size) + 1 : 1 << 16
        var chunk = [UInt8](repeating: 0, count: min(max(size, 4_096), 1 << 16))
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 {
                let why = String(cString: strerror(errno))
                throw CLIFailure(message: ConfigError.unreadable(file: path, reason: why).rendered(chinese: zh), status: 2)
            }
            if n == 0 { break }
            data.append(contentsOf: chunk[0..<n])
            if data.count > YAMLLimits.maxBytes {
                let why = zh ? "超过 \(YAMLLimits.maxBytes >> 20) MB" : "it is larger than \(YAMLLimits.maxBytes >> 20) MB"
                throw CLIFailure(message: ConfigError.unreadable(file: path, reason: why).rendered(chinese: zh), status: 2)
            }
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIFailure(message: ConfigError.unreadable(file: path, reason: zh ? "不是 UTF-8 文本" : "not UTF-8 text").rendered(chinese: zh), status: 2)
        }
        return text
    }

    /// Village ids given on the command line → schedule indices; an unknown id lists the known ones.
    func villageIndices(_ ids: [String], in config: LoadedConfiguration) throws -> [Int]? {
        if ids.isEmpty { return nil }
        return try ids.map { id in
            guard let i = config.schedule.villageIndex(id: id) else { throw unknownVillage(id, config) }
            return i
        }
    }

    func unknownVillage(_ id: String, _ config: LoadedConfiguration) -> CLIFailure {
        if let chosen = config.narrowedTo, let other = config.township(ofVillage: id) {
            return CLIFailure(message: language.pick(
                "村庄 “\(id)” 属于乡镇 \(other.id)（\(other.townshipName)），不在 --township \(chosen) 中",
                "village '\(id)' is in the township \(other.id) (\(other.townshipName)), not in --township \(chosen)"), status: 2)
        }
        let known = config.schedule.villages.map { "\($0.id) (\($0.name))" }.joined(separator: ", ")
        return CLIFailure(message: language.pick("没有村庄 “\(id)”。已知的村庄：\(known)", "no village '\(id)'. Known villages: \(known)"), status: 2)
    }

    /// Expands a window, turning a range error into a plain message (status 2).
    func expand(_ config: LoadedConfiguration, from a: Day, to b: Day, villages: [Int]?) throws -> [FixedDay] {
        do {
            return try config.schedule.expand(from: a, to: b, villages: villages)
        } catch {
            throw CLIFailure(message: error.message(chinese: zh), status: 2)
        }
    }

    // MARK: Output

    /// Writes `text` to standard output, or to `path` (see `OutputFile`). Text for a terminal goes
    /// through the one sanitiser (`TerminalText.visible`); `exact` output (JSON, CSV, iCalendar,
    /// the printable formats) is written byte for byte.
    func write(_ text: String, to path: String?, exact: Bool = false) throws {
        guard let path, path != "-" else {
            try Output.out(exact ? text : TerminalText.visible(text), language: language)
            return
        }
        try OutputFile.write(text, to: path, language: language)
    }
}
