import ArgumentParser
import Foundation
import LiushiActualSchedule
import LiushiConfig
import LiushiCore
import LiushiReports

/// `liushi publish DIR` (DESIGN §5): iCalendar files for a web server to serve as calendar
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
        // Each event is rendered once (on both cores) and goes into its village's file and the township's.
        let everything = document(villages, window.days)
        let stamp = ICSSchedule.stamp(everything)
        let days = window.days
        let events: [String] = Parallel.array(count: days.count, minimum: 2_000) { i in
            guard !days[i].skipped else { return "" }
            var s = ""
            ICSSchedule.event(everything, days[i], stamp: stamp, into: &s)
            return s
        }
        var byVillage: [String: [Int]] = [:]
        for (i, e) in days.enumerated() where !e.skipped { byVillage[e.village.id, default: []].append(i) }
        func calendar(_ vs: [Village], _ indices: [Int]) -> String {
            var out = ICSSchedule.header(document(vs, []), timed: indices.contains { days[$0].time != nil })
            out.reserveCapacity(out.utf8.count + indices.reduce(0) { $0 + events[$1].utf8.count } + 16)
            for i in indices { out += events[i] }
            return out + ICSSchedule.footer
        }
        for v in villages {
            try Self.replace(villageDir.appendingPathComponent(v.id + ".ics"), with: calendar([v], byVillage[v.id] ?? []), ctx)
        }
        let all = calendar(villages, days.indices.filter { !days[$0].skipped })
        if config.townships.count == 1 {
            // One township: its file and all.ics hold the same events.
            let file = townshipDir.appendingPathComponent(config.townships[0].id + ".ics")
            try Self.replace(file, with: all, ctx)
            try Self.replace(root.appendingPathComponent("all.ics"), sameAs: file, with: all, ctx)
        } else {
            // A county: one file per township (its villages' events, in date order), and all.ics.
            var townshipOf: [String: Int] = [:]
            for (k, t) in config.townships.enumerated() { for v in t.villages { townshipOf[v.id] = k } }
            var byTownship = [[Int]](repeating: [], count: config.townships.count)
            for (i, e) in days.enumerated() where !e.skipped { if let k = townshipOf[e.village.id] { byTownship[k].append(i) } }
            for (k, t) in config.townships.enumerated() {
                try Self.replace(townshipDir.appendingPathComponent(t.id + ".ics"), with: calendar(t.villages, byTownship[k]), ctx)
            }
            try Self.replace(root.appendingPathComponent("all.ics"), with: all, ctx)
        }
        for folder in [villageDir, townshipDir, root] { Self.syncFolder(folder) }
        let count = byVillage.values.reduce(0) { $0 + $1.count }
        let files = villages.count + config.townships.count + 1
        try ctx.write(ctx.language.pick("已写入 \(files) 个日历文件到 \(directory)（\(start.iso) 至 \(end.iso)，\(count) 个固定日）\n",
                                        "wrote \(files) calendars to \(directory) (\(start.iso) to \(end.iso), \(count) fixed days)\n"),
                      to: nil)
        AppContext.keepUntilExit(actual, window, events, byVillage)
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

    /// Replaces `url` with a hard link to `existing` (just written with `text`), made under a
    /// temporary name and renamed into place; writes `text` when the file system has no hard links.
    static func replace(_ url: URL, sameAs existing: URL, with text: String, _ ctx: AppContext) throws {
        var a = stat(), b = stat()
        if stat(existing.path, &a) == 0, stat(url.path, &b) == 0, a.st_dev == b.st_dev, a.st_ino == b.st_ino { return }   // already
        let tmp = url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".\(getpid()).tmp"
        unlink(tmp)
        if link(existing.path, tmp) == 0 {
            if rename(tmp, url.path) == 0 { return }
            unlink(tmp)
        }
        try replace(url, with: text, ctx)
    }

    /// Writes `text` to a temporary file next to `url`, fsyncs it and renames it over `url`, so
    /// that readers see either the old file or the new one (`run` fsyncs the folders at the end).
    /// A file that already holds `text` is left as it is.
    static func replace(_ url: URL, with text: String, _ ctx: AppContext) throws {
        let path = url.path
        let folder = url.deletingLastPathComponent().path
        let tmp = folder + "/." + url.lastPathComponent + ".\(getpid()).tmp"
        func failure(_ what: String) -> CLIFailure {
            let err = String(cString: strerror(errno))
            unlink(tmp)
            return CLIFailure(message: ctx.language.pick("无法写入 \(path)（\(what)）：\(err)", "cannot write \(path) (\(what)): \(err)"),
                              status: 1)
        }
        let bytes = Array(text.utf8)
        // A file that already holds exactly this is left alone (cron runs in a day rewrite nothing).
        if unchanged(path, bytes) { return }
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("open") }
        var written = 0
        let ok = bytes.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 { if errno == EINTR { continue }; return false }
                written += n
            }
            return true
        }
        guard ok else { let f = failure("write"); close(fd); throw f }
        guard fsync(fd) == 0 else { let f = failure("fsync"); close(fd); throw f }
        guard close(fd) == 0 else { throw failure("close") }
        guard rename(tmp, path) == 0 else { throw failure("rename") }
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
