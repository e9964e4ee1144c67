import Foundation
import LiushiConfig
import LiushiCore
import LiushiStore

/// Issue 15, "a province-sized county": the bench's county (20,000 villages in 1,300 township
/// files) with 2,000,000 items and 20,000,000 events in PostgreSQL (`LIUSHI_BENCH_PG`), on
/// loopback. Measures, against the release binary run as a subprocess,
/// `upcoming --township X --days 14` (target ≤ 100 ms) and the terminal UI's first full screen of
/// one township (target ≤ 200 ms), each also without a store (the configuration's share), and
/// the store's reads in process.
///
/// The load is the bench's own (the store exports no bulk loader): the schema is made by
/// `Store.open`, the indexes that back no constraint are dropped, the rows go through
/// `COPY … FROM STDIN` of three psql processes at once (items, events, day marks; foreign-key
/// triggers off with `session_replication_role = replica`, the rows being consistent by
/// construction), then the indexes are built again from their own definitions, the identity
/// sequences set, and the tables vacuumed and analysed.
///
/// The data, in time order from 2024-01-01 to 2027-02-28 (today is 2027-03-01), interleaved
/// across villages as a real log would be: every village has 100 items, the most recent tenth open
/// (spread over the six matters), 2 % of the older ones withdrawn and the rest closed through
/// every stage (an `add` and one event per stage change, each change at a fixed day); 95 % of every
/// village's past fixed days marked (85 % held, 8 % cancelled, 7 % moved a day on), each with its
/// `mark` event; notes make up the rest of the 20,000,000 events.
///
/// `LIUSHI_BENCH_PROVINCE_SCHEMA=NAME` loads into that schema and keeps it (a later run finds it
/// complete and measures again without loading); otherwise a throwaway schema is dropped at the
/// end. `LIUSHI_BENCH_PROVINCE_SCALE=0.1` loads a tenth of the items and events.
/// `LIUSHI_BENCH_KEEP=DIR` leaves the configuration folder in `DIR/county`.
enum ProvinceBench {
    static let fullItems = 2_000_000
    static let fullEvents = 20_000_000
    /// The township measured: the middle of the 1,300 (15 villages).
    static let township = CountyBench.id(650)
    static let today = Day(iso: "2027-03-01")!
    static let firstDay = Day(iso: "2024-01-01")!
    static var lastDay: Day { today - 1 }

    static func log(_ text: String) {
        FileHandle.standardError.write(Data(("liushi-bench province: " + text + "\n").utf8))
    }

    static func run(_ base: String) throws {
        let scale = Double(ProcessInfo.processInfo.environment["LIUSHI_BENCH_PROVINCE_SCALE"] ?? "") ?? 1
        let itemCount = Int(Double(fullItems) * scale), eventCount = Int(Double(fullEvents) * scale)
        let kept = ProcessInfo.processInfo.environment["LIUSHI_BENCH_PROVINCE_SCHEMA"].flatMap { $0.isEmpty ? nil : $0 }
        let schema = kept ?? "liushi_province_\(getpid())"
        let uri = base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
        defer { if kept == nil { try? PSQL.run(base, "SET client_min_messages = warning; DROP SCHEMA IF EXISTS \(schema) CASCADE") } }

        // The county's folder, as CountyBench writes it, and its schedule (for the marks' dates).
        let county = CountyBench.files()
        guard case .success(let config) = ConfigLoader.load(county: county, holidayFiles: []) else {
            throw BenchError("the generated county did not load")
        }
        // LIUSHI_BENCH_KEEP=DIR keeps the folder as DIR/county, to profile by hand
        // (`liushi upcoming --config DIR/county --township t10650 --db postgresql://…`).
        let keep = ProcessInfo.processInfo.environment["LIUSHI_BENCH_KEEP"].flatMap { $0.isEmpty ? nil : $0 }
        let dir = keep.map { URL(fileURLWithPath: $0).appendingPathComponent("county") }
            ?? URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("liushi-bench-province-\(getpid())")
        try CountyBench.writeFolder(county, to: dir)
        defer { if keep == nil { try? FileManager.default.removeItem(at: dir) } }

        let marker = "liushi-bench province v1: items=\(itemCount) events=\(eventCount)"
        let found = try PSQL.query(base, "SELECT coalesce(obj_description(oid, 'pg_namespace'), '') FROM pg_namespace WHERE nspname = '\(schema)'")
        if found.hasPrefix(marker) {
            log("schema \(schema) already holds the province (\(found)); measuring without loading")
        } else {
            let exists = try PSQL.query(base, "SELECT count(*) FROM pg_namespace WHERE nspname = '\(schema)'") != "0"
            if exists {
                throw BenchError("schema \(schema) exists but does not hold a complete province; drop it first")
            }
            try PSQL.run(base, "CREATE SCHEMA \(schema)")
            let seconds = try load(uri: uri, schema: schema, config: config, items: itemCount, events: eventCount)
            try PSQL.run(base, "COMMENT ON SCHEMA \(schema) IS '\(marker) load=\(String(format: "%.0f", seconds))s'")
        }
        Measure.report("county.pg_province.scale", scale, "of_full_size")
        for (table, name) in [("items", "items"), ("events", "events"), ("day_marks", "day_marks")] {
            Measure.report("county.pg_province.rows.\(name)", Double(try PSQL.query(uri, "SELECT count(*) FROM \(table)")) ?? 0, "rows")
        }
        let size = Double(try PSQL.query(base, """
            SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = '\(schema)' AND c.relkind = 'r'
            """)) ?? 0
        Measure.report("county.pg_province.database_size", size / 1_048_576, "MB")
        try measure(uri: uri, dir: dir, config: config)
    }

    // MARK: Measuring

    static func measure(uri: String, dir: URL, config: LoadedConfiguration) throws {
        guard let narrowed = config.narrowed(to: township) else { throw BenchError("no township \(township)") }
        let villages = narrowed.schedule.villages.map(\.id)

        // In process: what the commands read, for the township and (as --township read before) for every village.
        func timed<T>(_ runs: Int, _ body: () throws -> T) throws -> (ms: Double, value: T) {
            var samples: [Double] = [], last: T? = nil
            for _ in 0..<runs {
                let t0 = Measure.now()
                last = try body()
                samples.append(Double(Measure.now() - t0) / 1e6)
            }
            return (samples.sorted()[runs / 2], last!)
        }
        let open = try timed(7) { () -> Int in
            guard let s = try Store.openIfPresent(.postgres(uri: uri)) else { throw BenchError("no store in \(uri)") }
            s.close()
            return 0
        }
        Measure.report("county.pg_province.store_open", open.ms, "ms")
        // What a command does: a new connection (a new server process, its caches cold), then the reads.
        let cold = try timed(7) { () -> Int in
            guard let s = try Store.openIfPresent(.postgres(uri: uri)) else { throw BenchError("no store in \(uri)") }
            defer { s.close() }
            return try s.items(villages: villages).count + s.dayMarks(villages: villages).count
        }
        Measure.report("county.pg_province.open_and_read_township", cold.ms, "ms")
        guard let store = try Store.openIfPresent(.postgres(uri: uri)) else { throw BenchError("no store") }
        defer { store.close() }
        let scoped = try timed(9) { () -> (Int, Int) in
            (try store.items(villages: villages).count, try store.dayMarks(villages: villages).count)
        }
        Measure.report("county.pg_province.read_township.items_and_marks", scoped.ms, "ms")
        Measure.report("county.pg_province.read_township.open_items", Double(scoped.value.0), "items")
        Measure.report("county.pg_province.read_township.marks", Double(scoped.value.1), "marks")
        let generic = try timed(9) { () -> (Int, Int) in
            try FastRows.$enabled.withValue(false) { (try store.items(villages: villages).count, try store.dayMarks(villages: villages).count) }
        }
        Measure.report("county.pg_province.read_township.items_and_marks_generic_rows", generic.ms, "ms")
        let closed = try timed(9) { try store.itemCounts(closed: true, villages: villages).values.reduce(0, +) }
        Measure.report("county.pg_province.read_township.closed_counts", closed.ms, "ms")
        let whole = try timed(1) { () -> (Int, Int) in
            (try store.items(villages: nil).count, try store.dayMarks(villages: nil).count)
        }
        Measure.report("county.pg_province.read_all.items_and_marks", whole.ms, "ms")
        Measure.report("county.pg_province.read_all.open_items", Double(whole.value.0), "items")
        Measure.report("county.pg_province.read_all.marks", Double(whole.value.1), "marks")

        // The release binary end to end: with the province's store, and with none (the
        // configuration's share: reading the 1,300 files and the plan).
        guard FileManager.default.isExecutableFile(atPath: ConfigBench.binary) else {
            throw BenchError("build the liushi binary first: swift build -c release --product liushi")
        }
        let common = ["--today", today.iso, "--config", dir.path, "--township", township]
        let noStore = dir.appendingPathComponent("no-store.sqlite").path
        let empty = dir.appendingPathComponent("empty.sqlite").path
        try Store.open(path: empty).close()
        let upcoming = ["upcoming", "--days", "14"] + common
        let sample = try output(upcoming + ["--db", uri])
        guard sample.contains("#") || scoped.value.0 == 0 else { throw BenchError("upcoming --township shows no item due: \(sample.prefix(400))") }
        // Runs of the variants alternate, so that a moment of load on the shared machine weighs
        // on each alike; the store's share is the median of the differences of runs side by side.
        func alternating(_ variants: [(name: String, db: String)], runs: Int, _ once: (String) throws -> Double) throws -> [[Double]] {
            for v in variants { _ = try once(v.db) }
            var samples = [[Double]](repeating: [], count: variants.count)
            for _ in 0..<runs { for (i, v) in variants.enumerated() { samples[i].append(try once(v.db)) } }
            return samples
        }
        func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
        let cli = try alternating([("", uri), (".no_store", noStore), (".empty_sqlite", empty)], runs: 15) { db in
            try ConfigBench.runOnce(upcoming + ["--db", db]) / 1e6
        }
        for (i, name) in ["", ".no_store", ".empty_sqlite"].enumerated() {
            Measure.report("county.pg_province.cli_upcoming14_township\(name)", median(cli[i]), "ms")
        }
        Measure.report("county.pg_province.cli_upcoming14_township.store_share", median(zip(cli[0], cli[1]).map { $0 - $1 }), "ms")
        Measure.report("county.pg_province.cli_upcoming14_township.peak",
                       Double(try ConfigBench.runMeasured(upcoming + ["--db", uri]).peakKB) / 1024, "MB")
        let report = ["report", "--year", "2026", "--format", "json"] + common
        let reports = try alternating([("", uri), (".no_store", noStore)], runs: 5) { db in try ConfigBench.runOnce(report + ["--db", db]) / 1e6 }
        Measure.report("county.pg_province.cli_report_2026_township", median(reports[0]), "ms")
        Measure.report("county.pg_province.cli_report_2026_township.no_store", median(reports[1]), "ms")

        // The terminal UI on a pseudo-terminal, to its first full screen of the township.
        let needle = narrowed.township.townshipName
        let ui = try alternating([("", uri), (".empty_sqlite", empty)], runs: 15) { db in
            try TUIStartBench.firstScreen(arguments: common + ["--db", db], needle: needle)
        }
        for (i, name) in ["", ".empty_sqlite"].enumerated() {
            Measure.report("county.pg_province.ui_first_full_screen_township\(name)", median(ui[i]), "ms")
            Measure.report("county.pg_province.ui_first_full_screen_township\(name).range_low", ui[i].min() ?? 0, "ms")
            Measure.report("county.pg_province.ui_first_full_screen_township\(name).range_high", ui[i].max() ?? 0, "ms")
        }
        Measure.report("county.pg_province.ui_first_full_screen_township.store_share", median(zip(ui[0], ui[1]).map { $0 - $1 }), "ms")
    }

    /// Standard output of one run of the binary.
    static func output(_ args: [String]) throws -> String {
        let p = Process(), pipe = Pipe()
        p.executableURL = URL(fileURLWithPath: ConfigBench.binary)
        p.arguments = args
        p.standardOutput = pipe
        p.standardError = FileHandle.standardError
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw BenchError("liushi \(args.joined(separator: " ")) failed") }
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: Loading

    /// Creates the store in `schema` and loads it; returns the seconds it took, schema to analysed.
    static func load(uri: String, schema: String, config: LoadedConfiguration, items: Int, events: Int) throws -> Double {
        let t0 = Measure.now()
        try Store.open(.postgres(uri: uri)).close()
        // The indexes that back no constraint, to build after the rows are in.
        let rows = try PSQL.query(uri, """
            SELECT i.relname || ' ' || pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = '\(schema)' AND t.relname IN ('items', 'events', 'day_marks')
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
            ORDER BY i.relname
            """).split(separator: "\n")
        let names = rows.compactMap { $0.split(separator: " ").first.map(String.init) }
        let definitions = rows.map { String($0.drop { $0 != " " }.dropFirst()) }
        guard !names.isEmpty else { throw BenchError("no indexes found in \(schema)") }
        try PSQL.run(uri, names.map { "DROP INDEX \($0);" }.joined(separator: " "))
        let superuser = try PSQL.query(uri, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user") == "t"
        let setup = superuser ? ["SET session_replication_role = replica"] : []

        let generator = Generator(config: config, items: items, events: events)
        log("loading \(items) items, \(generator.eventTotal) events (\(generator.markCount) day marks, \(generator.noteCount) notes) into \(schema)")
        let itemPipe = try PSQL.Copy(uri, setup: setup, "COPY items (id, village, title, stage, major, created_at, stage_since) FROM STDIN")
        let eventPipe = try PSQL.Copy(uri, setup: setup, """
            COPY events (id, item_id, time, "user", kind, from_stage, to_stage, note, village, day, prev_since) FROM STDIN
            """)
        let markPipe = try PSQL.Copy(uri, setup: setup, "COPY day_marks (id, event_id, village, date, status, moved_to, note, attended, minutes) FROM STDIN")
        try generator.write(items: itemPipe, events: eventPipe, marks: markPipe)
        try itemPipe.finish()
        try eventPipe.finish()
        try markPipe.finish()
        let t1 = Measure.now()
        Measure.report("county.pg_province.load.copy", Double(t1 - t0) / 1e9, "s")
        try PSQL.run(uri, "SET maintenance_work_mem = '512MB'; " + definitions.map { $0 + ";" }.joined(separator: " "))
        try PSQL.run(uri, """
            SELECT setval(pg_get_serial_sequence('items', 'id'), (SELECT max(id) FROM items));
            SELECT setval(pg_get_serial_sequence('events', 'id'), (SELECT max(id) FROM events));
            SELECT setval(pg_get_serial_sequence('day_marks', 'id'), (SELECT max(id) FROM day_marks));
            """)
        let t2 = Measure.now()
        Measure.report("county.pg_province.load.indexes", Double(t2 - t1) / 1e9, "s")
        try PSQL.run(uri, "VACUUM (ANALYZE) items, events, day_marks")
        let t3 = Measure.now()
        Measure.report("county.pg_province.load.vacuum_analyze", Double(t3 - t2) / 1e9, "s")
        let total = Double(t3 - t0) / 1e9
        Measure.report("county.pg_province.load", total, "s")
        return total
    }

    /// The province's rows, written in time order to three COPY streams.
    struct Generator {
        let villages: [[UInt8]]
        /// Per village: the user name of its township's office.
        let users: [[UInt8]]
        let schedule: Schedule
        let items: Int
        let structural: Int
        let available: Int
        let markCount: Int
        let noteCount: Int
        var eventTotal: Int { structural + markCount + noteCount }

        init(config: LoadedConfiguration, items: Int, events: Int) {
            var ids: [[UInt8]] = [], users: [[UInt8]] = []
            for t in config.townships {
                for v in t.villages {
                    ids.append(Array(v.id.utf8))
                    users.append(Array("clerk_\(t.id)".utf8))
                }
            }
            villages = ids
            self.users = users
            schedule = config.schedule
            self.items = items
            var s = 0
            for k in 0..<items { s += 1 + Generator.changes(k, items: items, villages: ids.count) }
            structural = s
            var fixed = 0
            ProvinceBench.Generator.fixedDays(schedule) { _, _ in fixed += 1 }
            available = fixed
            markCount = max(0, min(fixed, events - s))
            noteCount = max(0, events - s - markCount)
        }

        /// Stage changes after the add: a closed item passes all six; a withdrawn one (2 % of the
        /// older items) one to three, the last its withdrawal; an open one (the newest tenth) as
        /// many as its stage is far from sort.
        static func changes(_ k: Int, items: Int, villages: Int) -> Int {
            if k >= items / 10 * 9 { return (k / villages) % 6 }
            if (k / villages) % 50 == 7 { return k % 3 + 1 }
            return 6
        }

        /// Every past fixed day of every village (95 % of them: the rest stay unmarked), in date
        /// order then village order, a month at a time.
        static func fixedDays(_ schedule: Schedule, _ body: (Day, Int) throws -> Void) rethrows {
            var start = ProvinceBench.firstDay
            while start <= ProvinceBench.lastDay {
                let next = Day(year: start.year + (start.month == 12 ? 1 : 0), month: start.month % 12 + 1, day: 1)!
                let end = min(next - 1, ProvinceBench.lastDay)
                var days = (try? schedule.expand(from: start, to: end)) ?? []
                days.removeAll { $0.isSkipped || (Int($0.village) &* 31 &+ Int($0.date.number)) % 20 == 0 }
                days.sort { ($0.date.number, $0.village) < ($1.date.number, $1.village) }
                for d in days { try body(d.date, Int(d.village)) }
                start = next
            }
        }

        func write(items itemOut: PSQL.Copy, events eventOut: PSQL.Copy, marks markOut: PSQL.Copy) throws {
            let first = ProvinceBench.firstDay, last = ProvinceBench.lastDay
            let dayCount = last - first + 1
            let v = villages.count
            let openFrom = items / 10 * 9
            // Item k: village k % v, created on a day growing with k (so ids follow time).
            func created(_ k: Int) -> Int { k * (dayCount - 1) / max(1, items - 1) }
            func step(_ k: Int) -> Int {
                let n = Generator.changes(k, items: items, villages: v)
                let wanted = k >= openFrom ? 1 + k % 13 : 3 + k % 19
                return n == 0 ? 0 : min(wanted, (dayCount - 1 - created(k)) / n)
            }
            // Bucket every item event (its add, then each change) by day: counting sort.
            var counts = [Int32](repeating: 0, count: dayCount + 1)
            for k in 0..<items {
                let c = created(k), s = step(k)
                for j in 0...Generator.changes(k, items: items, villages: v) { counts[c + j * s + 1] += 1 }
            }
            for d in 0..<dayCount { counts[d + 1] += counts[d] }
            var cursor = counts
            var entryItem = [UInt32](repeating: 0, count: Int(counts[dayCount]))
            var entryStep = [UInt8](repeating: 0, count: Int(counts[dayCount]))
            for k in 0..<items {
                let c = created(k), s = step(k)
                for j in 0...Generator.changes(k, items: items, villages: v) {
                    let p = Int(cursor[c + j * s])
                    entryItem[p] = UInt32(k)
                    entryStep[p] = UInt8(j)
                    cursor[c + j * s] += 1
                }
            }
            // Dates as bytes, for the window and a few days after it (a moved day's new date).
            let isoDays: [[UInt8]] = (0..<(dayCount + 8)).map { Array((first + $0).iso.utf8) }
            let matters: [[UInt8]] = Stage.allCases.map { Array($0.key.utf8) }
            let titles = ["村道路灯维修", "垃圾分类点位调整", "文化礼堂排练安排", "合作社分红方案", "山塘清淤", "桥梁加固", "村规民约修订", "低保户走访"]
                .map { Array($0.utf8) }
            let notesPerItem = noteCount / max(1, items), extraNotes = noteCount % max(1, items)
            var itemRow = [UInt8](), eventRow = [UInt8](), markRow = [UInt8]()
            var eventID = 0, markID = 0
            let tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n"), null: [UInt8] = Array("\\N".utf8)

            func number(_ n: Int, _ out: inout [UInt8]) {
                if n >= 10 { number(n / 10, &out) }
                out.append(UInt8(48 + n % 10))
            }
            func time(_ day: Int, _ minute: Int, _ out: inout [UInt8]) {
                out += isoDays[day]
                out += [UInt8(ascii: "T"), UInt8(48 + (minute / 60) / 10), UInt8(48 + (minute / 60) % 10), UInt8(ascii: ":"),
                        UInt8(48 + (minute % 60) / 10), UInt8(48 + minute % 10), UInt8(ascii: ":"), 48, 48, UInt8(ascii: "Z")]
            }
            // One event row; `from`/`to` index Stage.allCases (nil: NULL).
            func event(item: Int?, day: Int, minute: Int, village: Int, kind: [UInt8], from: Int?, to: Int?, note: [UInt8],
                       at fixed: Bool, prev: Int?) throws {
                eventID += 1
                eventRow.removeAll(keepingCapacity: true)
                number(eventID, &eventRow); eventRow.append(tab)
                if let item { number(item, &eventRow) } else { eventRow += null }
                eventRow.append(tab)
                time(day, minute, &eventRow); eventRow.append(tab)
                eventRow += users[village]; eventRow.append(tab)
                eventRow += kind; eventRow.append(tab)
                if let from { eventRow += matters[from] } else { eventRow += null }
                eventRow.append(tab)
                if let to { eventRow += matters[to] } else { eventRow += null }
                eventRow.append(tab)
                eventRow += note; eventRow.append(tab)
                if fixed { eventRow += villages[village]; eventRow.append(tab); eventRow += isoDays[day] } else { eventRow += null; eventRow.append(tab); eventRow += null }
                eventRow.append(tab)
                if let prev { eventRow += isoDays[prev] } else { eventRow += null }
                eventRow.append(newline)
                try eventOut.write(eventRow)
            }

            let add = Array("add".utf8), noteKind = Array("note".utf8), withdraw = Array("withdraw".utf8)
            let advance = Array("advance".utf8), markKind = Array("mark".utf8)
            let closedIndex = Stage.allCases.firstIndex(of: .closed)!, withdrawnIndex = Stage.allCases.firstIndex(of: .withdrawn)!
            let progress = Swift.max(1, dayCount / 10)
            var marks: [(Day, Int)] = []
            var markDayIndex = 0, seen = 0, kept = 0
            // The marks, by day, as the schedule gives them: kept evenly down to `markCount`.
            var markIterator: [(Day, Int)] = []
            Generator.fixedDays(schedule) { day, village in
                seen += 1
                if (seen * markCount) / max(1, available) > kept { kept += 1; markIterator.append((day, village)) }
            }
            marks = markIterator
            markIterator = []
            for d in 0..<dayCount {
                for p in Int(counts[d])..<Int(counts[d + 1]) {
                    let k = Int(entryItem[p]), j = Int(entryStep[p])
                    let village = k % v
                    let n = Generator.changes(k, items: items, villages: v)
                    let open = k >= openFrom, withdrawn = !open && n < 6
                    let c = created(k), s = step(k)
                    let minute = 60 + (k % 480)
                    if j == 0 {
                        // The item's row, its add and its notes.
                        let finalStage = open ? n : (withdrawn ? withdrawnIndex : closedIndex)
                        itemRow.removeAll(keepingCapacity: true)
                        number(k + 1, &itemRow); itemRow.append(tab)
                        itemRow += villages[village]; itemRow.append(tab)
                        itemRow += titles[k % titles.count]; itemRow += Array(" \(k + 1)".utf8); itemRow.append(tab)
                        itemRow += matters[finalStage]; itemRow.append(tab)
                        itemRow.append(k % 17 == 0 ? 49 : 48); itemRow.append(tab)
                        time(c, minute, &itemRow); itemRow.append(tab)
                        itemRow += isoDays[c + n * s]; itemRow.append(newline)
                        try itemOut.write(itemRow)
                        try event(item: k + 1, day: d, minute: minute, village: village, kind: add, from: nil, to: 0,
                                  note: titles[k % titles.count], at: false, prev: nil)
                        for note in 0..<(notesPerItem + (k < extraNotes ? 1 : 0)) {
                            try event(item: k + 1, day: d, minute: minute + 1 + note, village: village, kind: noteKind, from: nil, to: nil,
                                      note: Array("进展 \(note + 1)".utf8), at: false, prev: nil)
                        }
                    } else if withdrawn && j == n {
                        try event(item: k + 1, day: d, minute: minute, village: village, kind: withdraw, from: j - 1, to: withdrawnIndex,
                                  note: Array("村民代表会议否决".utf8), at: true, prev: c + (j - 1) * s)
                    } else {
                        try event(item: k + 1, day: d, minute: minute, village: village, kind: advance, from: j - 1, to: j,
                                  note: [], at: true, prev: c + (j - 1) * s)
                    }
                }
                // The day's marks, each with its event.
                while markDayIndex < marks.count, marks[markDayIndex].0 - first == d {
                    let (date, village) = marks[markDayIndex]
                    markDayIndex += 1
                    let h = (village &* 31 &+ Int(date.number) &* 7) % 100
                    let status = h < 85 ? "held" : (h < 93 ? "cancelled" : "moved")
                    let note: [UInt8] = status == "cancelled" ? Array("天气原因".utf8) : []
                    try event(item: nil, day: d, minute: 120 + village % 300, village: village, kind: markKind, from: nil, to: nil,
                              note: note, at: true, prev: nil)
                    markID += 1
                    markRow.removeAll(keepingCapacity: true)
                    number(markID, &markRow); markRow.append(tab)
                    number(eventID, &markRow); markRow.append(tab)
                    markRow += villages[village]; markRow.append(tab)
                    markRow += isoDays[d]; markRow.append(tab)
                    markRow += Array(status.utf8); markRow.append(tab)
                    if status == "moved" { markRow += isoDays[d + 1] } else { markRow += null }
                    markRow.append(tab)
                    markRow += note; markRow.append(tab)
                    if status == "held" { markRow += Array("liaison instructor committees".utf8) }
                    markRow.append(tab)
                    if status == "held" && h % 3 == 0 { markRow += Array("议定事项已记录".utf8) }
                    markRow.append(newline)
                    try markOut.write(markRow)
                }
                if d % progress == progress - 1 { ProvinceBench.log("\(first + d) written: \(eventID) events") }
            }
            guard eventID == eventTotal, markID == markCount else {
                throw BenchError("wrote \(eventID) events and \(markID) marks, planned \(eventTotal) and \(markCount)")
            }
        }
    }
}

/// psql, the PostgreSQL client the server package ships: statements and COPY streams.
enum PSQL {
    static func binary() throws -> String {
        let bins = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).sorted().reversed()
            .map { "/usr/lib/postgresql/\($0)/bin/psql" } + ["/usr/bin/psql"]
        guard let bin = bins.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw BenchError("psql not found (apt-get install postgresql-client)")
        }
        return bin
    }

    static func run(_ uri: String, _ sql: String) throws { _ = try query(uri, sql) }

    /// Runs `sql` and returns its unaligned, tuples-only output without the last newline.
    static func query(_ uri: String, _ sql: String) throws -> String {
        let p = Process(), pipe = Pipe()
        p.executableURL = URL(fileURLWithPath: try binary())
        p.arguments = ["-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", uri, "-c", sql]
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw BenchError("psql failed: \(sql.prefix(200))") }
        var text = String(decoding: data, as: UTF8.self)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// One `COPY … FROM STDIN` through psql's standard input, written through a 1 MB buffer.
    final class Copy {
        let process = Process()
        let pipe = Pipe()
        var buffer: [UInt8] = []
        let fd: Int32
        let statement: String

        init(_ uri: String, setup: [String], _ statement: String) throws {
            self.statement = statement
            process.executableURL = URL(fileURLWithPath: try PSQL.binary())
            process.arguments = ["-q", "-v", "ON_ERROR_STOP=1", uri] + (setup + [statement]).flatMap { ["-c", $0] }
            process.standardInput = pipe
            process.standardOutput = FileHandle.nullDevice
            // The write end must not leak into the other psql processes (their stdin would never end).
            _ = fcntl(pipe.fileHandleForWriting.fileDescriptor, F_SETFD, FD_CLOEXEC)
            try process.run()
            fd = pipe.fileHandleForWriting.fileDescriptor
            buffer.reserveCapacity(1 << 20)
        }

        @inline(__always) func write(_ row: [UInt8]) throws {
            buffer += row
            if buffer.count >= 1 << 20 { try flush() }
        }

        func flush() throws {
            var done = 0
            while done < buffer.count {
                let n = buffer.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + done, $0.count - done) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw BenchError("psql stopped reading (\(statement.prefix(60)))") }
                done += n
            }
            buffer.removeAll(keepingCapacity: true)
        }

        func finish() throws {
            try flush()
            try pipe.fileHandleForWriting.close()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw BenchError("psql failed: \(statement.prefix(80))") }
        }
    }
}
