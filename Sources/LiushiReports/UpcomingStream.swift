import Dispatch
import LiushiActualSchedule
import LiushiConfig
import LiushiCore

/// `liushi upcoming` made and written a few days at a time, so that memory does not grow with
/// the window: each chunk of dates is expanded, resolved by `ActualSchedule.window` (which brings
/// in the days moved into it from anywhere), rendered, and handed to `write` before the next one.
/// The output is the same as rendering the whole window at once (tests compare every chunk size).
public struct UpcomingStream {
    public let actual: ActualSchedule
    public let from: Day
    public let to: Day
    /// Village indices (nil: all).
    public let villages: [Int]?
    /// Only the fixed days this person attends.
    public let person: String?
    /// Days per chunk.
    public var chunkDays: Int

    /// About this many village-days are expanded at once (20,000 villages: 5 days, some 25,000 rows).
    public static let villageDaysPerChunk = 100_000

    public init(actual: ActualSchedule, from: Day, to: Day, villages: [Int]? = nil, person: String? = nil, chunkDays: Int? = nil) {
        self.actual = actual
        self.from = from
        self.to = to
        self.villages = villages
        self.person = person
        self.chunkDays = 1
        self.chunkDays = max(1, chunkDays ?? UpcomingStream.villageDaysPerChunk / max(1, shownVillages.count))
    }

    /// The villages whose fixed days can show: those chosen, narrowed to the person's.
    public var shownVillages: [Int] {
        var chosen = villages.map { Array(Set($0)).sorted() } ?? Array(actual.schedule.villages.indices)
        if let p = person {
            let naming = Set(actual.villages(naming: p))
            chosen = chosen.filter { naming.contains($0) }
        }
        return chosen
    }

    /// Calls `body` with each chunk's window, in date order: its fixed days at their actual dates,
    /// and the days scheduled in it that were moved out of the whole window (a day moved to
    /// another chunk is shown there). Checks the whole window first, so nothing is written for a
    /// window outside the supported range.
    /// `firstDays`: the first chunk's length, when it differs.
    public func forEachChunk(firstDays: Int? = nil, _ body: (ActualSchedule.Window) throws -> Void) throws {
        try Schedule.validate(from, to)
        var a = from
        var days = max(1, firstDays ?? chunkDays)
        let release = Releaser()   // not waited for: a command that ends after its output need not free the last chunk
        while true {
            let b = to - a < days ? to : a + (days - 1)
            days = chunkDays
            var w: ActualSchedule.Window
            if let p = person {
                w = try actual.window(from: a, to: b, person: p, villages: villages)
            } else {
                w = try actual.window(from: a, to: b, villages: villages)
            }
            if !w.movedAway.isEmpty { w.movedAway.removeAll { $0.date >= from && $0.date <= to } }
            try body(w)
            release.hand(consume w)
            if b == to { break }
            a = b + 1
        }
    }

    /// The JSON array (`ScheduleJSON`), written a chunk at a time.
    public func json(write: ([UInt8]) throws -> Void) throws {
        var first = true
        try forEachChunk { w in
            guard !w.days.isEmpty else { return }
            if first { try write(Array("[\n".utf8)) }
            for part in ScheduleJSON.rows(w.days, first: first) { try write(part) }
            first = false
        }
        try write(Array((first ? "[]\n" : "\n]\n").utf8))
    }

    /// The text listing (`UpcomingText`), written a chunk at a time: the first chunk is the
    /// window's first two weeks, whose rows decide the column widths.
    public func text(township: String, language lang: Language, width: Int = 80, write: (String) throws -> Void) throws {
        try Schedule.validate(from, to)
        try write(UpcomingText.title(township: township, from: from, to: to, language: lang))
        var lines: TableLines? = nil
        var any = false, provisional = false
        try forEachChunk(firstDays: UpcomingText.sampleDays) { w in
            let entries = PrintDocument.merged(w.days, movedAway: w.movedAway)
            if lines == nil {
                // The first two weeks: measured for the widths, then laid out from the same cells.
                let rows = Parallel.map(count: entries.count, minimum: 5_000) {
                    UpcomingText.cells(entries, $0, from: from, to: to, language: lang)
                }.flatMap { $0 }
                if entries.isEmpty {
                    lines = UpcomingText.columns(villages: shownVillages.map { actual.schedule.villages[$0] }, language: lang, width: width)
                    return
                }
                let m = UpcomingText.measured(rows, language: lang, width: width)
                lines = m.lines
                try write(UpcomingText.head(m.lines, language: lang))
                any = true
                let below = entries.map { UpcomingText.below($0, from: from, to: to, language: lang) }
                for part in UpcomingText.lay(rows, cellWidths: m.cellWidths, below: below, lines: m.lines) { try write(part) }
            } else if let lines, !entries.isEmpty {
                if !any { try write(UpcomingText.head(lines, language: lang)) }
                any = true
                for part in UpcomingText.rows(entries, from: from, to: to, lines: lines, language: lang) { try write(part) }
            }
            if !provisional { provisional = entries.contains(where: \.provisional) }
        }
        if !any { try write(UpcomingText.empty(lang)) }
        if provisional { try write(UpcomingText.provisionalNote(lang)) }
    }
}

/// Lets go of a chunk's entries on another thread while the next chunk is made (freeing tens of
/// thousands of entries, each holding references, is otherwise a serial pause per chunk). At most
/// two chunks wait to be freed: memory stays bounded.
private final class Releaser: @unchecked Sendable {
    private let slots = DispatchSemaphore(value: 2)

    func hand(_ window: consuming ActualSchedule.Window) {
        slots.wait()
        let box = Box(consume window)
        DispatchQueue.global(qos: .userInitiated).async { [slots] in
            box.value = nil
            slots.signal()
        }
    }

    private final class Box: @unchecked Sendable {
        var value: ActualSchedule.Window?
        init(_ value: ActualSchedule.Window) { self.value = value }
    }
}
