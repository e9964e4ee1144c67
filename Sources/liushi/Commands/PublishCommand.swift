import ArgumentParser
import Foundation
import LiushiActualSchedule
import LiushiConfig
import LiushiCore
import LiushiReports

/// `liushi publish DIR` (docs/DESIGN.md §5): iCalendar files for a web server to serve as calendar
/// subscriptions — one per village, one per township, one for everything — covering a year back
/// and two ahead of today. Each file is written to a temporary file in its own folder, flushed to
/// disk, and renamed into place, so a reader sees the old file or the new one, never half of one.
struct PublishCommand: GlobalAware {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Write iCalendar files for calendar subscriptions: DIR/villages/<id>.ics, DIR/townships/<id>.ics, DIR/all.ics.",
        discussion: """
        The files cover a year back and two years ahead of today, and each is replaced atomically \
        (a web server serving DIR never serves half a file). Events keep their UIDs across runs, \
        so phones subscribed to a file update the same events. Run it after every change (or from cron).
        A county writes one DIR/townships/<id>.ics per townships/<id>.yaml; the township of a single \
        liushi.yaml has the id `\(PublishCommand.singleTownshipID)`.
        Examples:
          liushi publish /var/www/liushi
          cd /var/www/liushi && python3 -m http.server 8000
        """)

    /// The id (file name) of the township of a single-file configuration (`liushi.yaml`).
    static let singleTownshipID = TownshipConfig.singleID

    @Argument(help: ArgumentHelp("The folder to write into (created when missing).", valueName: "DIR")) var directory: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        let (start, end) = Self.window(today: ctx.today)
        let actual = try StoreCommands.actual(ctx, config: config)
        let window = try ctx.window(actual, from: start, to: end, villages: nil)
        let villages = config.schedule.villages
        let provisional = (start.year...end.year).filter { config.calendar.isProvisional(year: $0) }
        func document(_ vs: [Village], _ entries: [ScheduleEntry]) -> PrintDocument {
            PrintDocument(townshipName: config.headerName(for: vs), villages: vs, from: start, to: end, entries: entries,
                          language: ctx.language, provisionalYears: provisional, generatedOn: ctx.today)
        }
        let root = URL(fileURLWithPath: directory)
        let villageDir = root.appendingPathComponent("villages"), townshipDir = root.appendingPathComponent("townships")
        try Self.makeDirectory(villageDir, ctx)
        try Self.makeDirectory(townshipDir, ctx)
        let everything = document(villages, window.days)
        let stamp = ICSSchedule.stamp(everything)
        let days = window.days
        // Each event is rendered once, as UTF-8, for its village's file and its township's: each
        // piece of the days (one per core) into one buffer, `starts` giving each event's offset.
        let rendered: [(range: Range<Int>, bytes: [UInt8], starts: [Int])] = Parallel.map(count: days.count, minimum: 2_000) { range in
            var out: [UInt8] = [], line: [UInt8] = [], starts: [Int] = []
            out.reserveCapacity(range.count * 512)
            line.reserveCapacity(1_024)
            starts.reserveCapacity(range.count + 1)
            for i in range {
                starts.append(out.count)
                if !days[i].skipped { ICSSchedule.event(everything, days[i], stamp: stamp, into: &out, scratch: &line) }
            }
            starts.append(out.count)
            return (range, out, starts)
        }
        func event(_ i: Int) -> ArraySlice<UInt8> {
            for piece in rendered where piece.range.contains(i) {
                let k = i - piece.range.lowerBound
                return piece.bytes[piece.starts[k]..<piece.starts[k + 1]]
            }
            return []
        }
        var byVillage: [String: [Int]] = [:]
        for (i, e) in days.enumerated() where !e.skipped { byVillage[e.village.id, default: []].append(i) }
        func calendar(_ vs: [Village], _ indices: [Int]) -> [UInt8] {
            var out = ICSSchedule.header(document(vs, []), timed: indices.contains { days[$0].time != nil })
            out.reserveCapacity(out.count + indices.reduce(0) { $0 + event($1).count } + ICSSchedule.footer.count)
            for i in indices { out += event(i) }
            out += ICSSchedule.footer
            return out
        }
        // Every changed file goes to a temporary file first (villages on every core); then one
        // flush of the file system and the renames, so a reader never sees half a file and a
        // crash leaves the old files or the new ones.
        let pieces: [Result<[PendingFile], CLIFailure>] = Parallel.map(count: villages.count, minimum: 50) { range in
            Result { () throws(CLIFailure) -> [PendingFile] in
                var staged: [PendingFile] = []
                do throws(CLIFailure) {
                    for v in villages[range] {
                        if let f = try Self.stage(villageDir.appendingPathComponent(v.id + ".ics"), calendar([v], byVillage[v.id] ?? []), ctx) {
                            staged.append(f)
                        }
                    }
                } catch {
                    for f in staged { unlink(f.temporary) }   // this piece's; the others' are removed below
                    throw error
                }
                return staged
            }
        }
        var pending: [PendingFile] = []
        for case .success(let staged) in pieces { pending += staged }
        for case .failure(let failure) in pieces {
            for f in pending { unlink(f.temporary) }
            throw failure
        }
        func stage(_ url: URL, _ bytes: [UInt8]) throws(CLIFailure) {
            do { if let f = try Self.stage(url, bytes, ctx) { pending.append(f) } } catch {
                for f in pending { unlink(f.temporary) }
                throw error
            }
        }
        let allFile = root.appendingPathComponent("all.ics")
        let all = days.indices.filter { !days[$0].skipped }
        if config.townships.count == 1 {
            // One township: its file and all.ics are one file (a hard link).
            let townshipFile = townshipDir.appendingPathComponent(config.townships[0].id + ".ics")
            try stage(townshipFile, calendar(villages, all))
            try Self.commit(pending, flushing: root, ctx)
            try Self.link(allFile, to: townshipFile, ctx)
        } else {
            // A county: one file per township (its villages' events, in date order), and all.ics.
            var townshipOf: [String: Int] = [:]
            for (k, t) in config.townships.enumerated() { for v in t.villages { townshipOf[v.id] = k } }
            var byTownship = [[Int]](repeating: [], count: config.townships.count)
            for i in all { if let k = townshipOf[days[i].village.id] { byTownship[k].append(i) } }
            for (k, t) in config.townships.enumerated() {
                try stage(townshipDir.appendingPathComponent(t.id + ".ics"), calendar(t.villages, byTownship[k]))
            }
            try stage(allFile, calendar(villages, all))
            try Self.commit(pending, flushing: root, ctx)
        }
        for folder in [villageDir, townshipDir, root] { Self.syncFolder(folder) }
        let count = byVillage.values.reduce(0) { $0 + $1.count }
        let files = villages.count + config.townships.count + 1
        try ctx.write(ctx.language.pick("已写入 \(files) 个日历文件到 \(directory)（\(start.iso) 至 \(end.iso)，\(count) 个固定日）\n",
                                        "wrote \(files) calendars to \(directory) (\(start.iso) to \(end.iso), \(count) fixed days)\n"),
                      to: nil)
        AppContext.keepUntilExit(actual, window, rendered, byVillage)
    }

    /// A year back and two ahead of today (the same day of the month; 02-29 becomes 02-28),
    /// inside the supported years.
    static func window(today: Day) -> (Day, Day) {
        let (y, m, d) = today.ymd
        func sameDay(_ year: Int) -> Day {
            Day(year: year, month: m, day: min(d, Day.monthLength(year: year, month: m))) ?? today
        }
        let start = y - 1 >= SupportedRange.firstYear ? sameDay(y - 1) : SupportedRange.first
        let end = y + 2 <= SupportedRange.lastYear ? sameDay(y + 2) : SupportedRange.last
        return (start, end)
    }

    /// `mkdir -p`, with the system's reason on failure.
    static func makeDirectory(_ url: URL, _ ctx: AppContext) throws {
        var path = url.path.hasPrefix("/") ? "" : "."
        for part in url.path.split(separator: "/") {
            path += "/" + part
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { continue }
            if mkdir(path, 0o755) != 0 && errno != EEXIST || stat(path, &info) != 0 || info.st_mode & S_IFMT != S_IFDIR {
                let err = errno == 0 || errno == EEXIST ? ctx.language.pick("不是文件夹", "not a folder") : String(cString: strerror(errno))
                throw CLIFailure(message: ctx.language.pick("无法创建文件夹 \(url.path)：\(path) \(err)",
                                                            "cannot create the folder \(url.path): \(path): \(err)"), status: 1)
            }
        }
    }

    /// A file written under a temporary name, waiting to be renamed into place.
    struct PendingFile: Sendable {
        var temporary: String
        var path: String
    }

    /// Writes `bytes` to a temporary file next to `url` (not yet flushed), unless the file already
    /// holds exactly them (cron runs in a day then rewrite nothing).
    static func stage(_ url: URL, _ bytes: [UInt8], _ ctx: AppContext) throws(CLIFailure) -> PendingFile? {
        let path = url.path
        let tmp = url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".\(getpid()).tmp"
        if unchanged(path, bytes) { return nil }
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(path, tmp, "open", ctx) }
        var written = 0
        let ok = bytes.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 { if errno == EINTR { continue }; return false }
                written += n
            }
            return true
        }
        guard ok else { let f = failure(path, tmp, "write", ctx); close(fd); throw f }
        guard close(fd) == 0 else { throw failure(path, tmp, "close", ctx) }
        return PendingFile(temporary: tmp, path: path)
    }

    /// Flushes the staged files to disk — one `syncfs` of the file system holding `root` where the
    /// system has it, else each file — and renames each into place.
    static func commit(_ files: [PendingFile], flushing root: URL, _ ctx: AppContext) throws(CLIFailure) {
        guard !files.isEmpty else { return }
        if !flushFileSystem(of: root.path) {
            for f in files {
                let fd = open(f.temporary, O_RDONLY | O_CLOEXEC)
                guard fd >= 0, fsync(fd) == 0 else {
                    let err = failure(f.path, f.temporary, "fsync", ctx)
                    if fd >= 0 { close(fd) }
                    for g in files { unlink(g.temporary) }
                    throw err
                }
                close(fd)
            }
        }
        for (k, f) in files.enumerated() where rename(f.temporary, f.path) != 0 {
            let err = failure(f.path, f.temporary, "rename", ctx)
            for g in files[(k + 1)...] { unlink(g.temporary) }
            throw err
        }
    }

    /// `syncfs(2)` of the file system holding `path` (looked up at run time: Swift's Glibc module
    /// does not declare it); false when it is missing or fails, and the caller flushes file by file.
    static func flushFileSystem(of path: String) -> Bool {
        typealias SyncFS = @convention(c) (Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs") else { return false }
        let syncfs = unsafeBitCast(symbol, to: SyncFS.self)
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return syncfs(fd) == 0
    }

    /// Makes `url` a hard link to `existing` (made under a temporary name and renamed into
    /// place); copies the file where the file system has no hard links.
    static func link(_ url: URL, to existing: URL, _ ctx: AppContext) throws(CLIFailure) {
        var a = stat(), b = stat()
        if stat(existing.path, &a) == 0, stat(url.path, &b) == 0, a.st_dev == b.st_dev, a.st_ino == b.st_ino { return }   // already
        let tmp = url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".\(getpid()).tmp"
        unlink(tmp)
        if Glibc.link(existing.path, tmp) == 0 {
            if rename(tmp, url.path) == 0 { return }
            unlink(tmp)
        }
        guard let data = FileManager.default.contents(atPath: existing.path) else { throw failure(url.path, tmp, "read", ctx) }
        if let f = try stage(url, Array(data), ctx) { try commit([f], flushing: url.deletingLastPathComponent(), ctx) }
    }

    static func failure(_ path: String, _ tmp: String, _ what: String, _ ctx: AppContext) -> CLIFailure {
        let err = String(cString: strerror(errno))
        unlink(tmp)
        return CLIFailure(message: ctx.language.pick("无法写入 \(path)（\(what)）：\(err)", "cannot write \(path) (\(what)): \(err)"),
                          status: 1)
    }

    /// Flushes a folder's entries (the renames) to disk.
    static func syncFolder(_ url: URL) {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            _ = fsync(fd)
            close(fd)
        }
    }

    /// Whether the file at `path` holds exactly `bytes`.
    static func unchanged(_ path: String, _ bytes: [UInt8]) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) == bytes.count,
              let data = FileManager.default.contents(atPath: path), data.count == bytes.count else { return false }
        return data.withUnsafeBytes { old in
            bytes.withUnsafeBytes { new in old.count == 0 || memcmp(old.baseAddress!, new.baseAddress!, old.count) == 0 }
        }
    }
}
