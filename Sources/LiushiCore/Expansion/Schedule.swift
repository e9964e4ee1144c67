/// A township's villages with their rules, compiled against a working-day calendar, ready to
/// expand any window into fixed days. Cost is proportional to the periods in the window: asking
/// for one month in 2035 costs the same as one month in 2027.
public final class Schedule: @unchecked Sendable {
    /// Villages sorted by id: `FixedDay.village` indexes this array.
    public let villages: [Village]
    public let calendar: WorkCalendar
    private let rules: [CompiledRule]
    /// rules[ruleStart[v] ..< ruleStart[v + 1]] are village v's rules, in rhythm order.
    private let ruleStart: [Int32]
    private let indexByID: [String: Int]

    public init(villages: [Village], calendar: WorkCalendar) {
        let sorted = villages.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        self.villages = sorted
        self.calendar = calendar
        var rules: [CompiledRule] = []
        var starts: [Int32] = [0]
        var index: [String: Int] = [:]
        for (i, v) in sorted.enumerated() {
            index[v.id] = i
            for r in v.rules where r.problem() == nil { rules.append(CompiledRule(r)) }
            starts.append(Int32(rules.count))
        }
        self.rules = rules
        self.ruleStart = starts
        self.indexByID = index
    }

    public func villageIndex(id: String) -> Int? { indexByID[id] }

    /// The text of a reason code ("" when none).
    public func reasonText(_ code: UInt16) -> String { calendar.reasonNames[Int(code)] }

    /// Checks that [a, b] lies inside the supported range and is in order.
    public static func validate(_ a: Day, _ b: Day) throws(ExpansionError) {
        guard SupportedRange.contains(a) else { throw .outOfRange(a) }
        guard SupportedRange.contains(b) else { throw .outOfRange(b) }
        guard a <= b else { throw .reversed(a, b) }
    }

    /// The fixed days and skipped periods of the given villages (all when nil) in [a, b],
    /// ordered by date, then village id; within one village and date the merged fixed day comes
    /// before skipped periods, which follow in rhythm order.
    public func expand(from a: Day, to b: Day, villages subset: [Int]? = nil) throws(ExpansionError) -> [FixedDay] {
        var out: [FixedDay] = []
        try expand(from: a, to: b, villages: subset, into: &out)
        return out
    }

    public func expand(from a: Day, to b: Day, villages subset: [Int]? = nil,
                       into out: inout [FixedDay]) throws(ExpansionError) {
        try Schedule.validate(a, b)
        let chosen: [Int] = subset.map { Array(Set($0)).sorted() } ?? Array(villages.indices)
        out.reserveCapacity(out.count + estimate(days: b - a + 1, villages: chosen))
        let chunkDays = 32
        var raw: [FixedDay] = []
        var sorted: [FixedDay] = []
        var counts = [Int](repeating: 0, count: chunkDays + 1)
        var start = a
        while start <= b {
            let end = min(start + (chunkDays - 1), b)
            raw.removeAll(keepingCapacity: true)
            for v in chosen {
                let lo = Int(ruleStart[v]), hi = Int(ruleStart[v + 1])
                var k = lo
                while k < hi {
                    emit(rules[k], village: Int32(v), start, end, into: &raw)
                    k += 1
                }
            }
            // Stable counting sort by date: villages were visited in id order, rules in rhythm order.
            for i in 0...chunkDays { counts[i] = 0 }
            for e in raw { counts[e.date - start + 1] += 1 }
            for i in 1...chunkDays { counts[i] += counts[i - 1] }
            if sorted.count < raw.count { sorted = raw } // any values; all slots are overwritten
            sorted.withUnsafeMutableBufferPointer { dst in
                for e in raw {
                    let o = e.date - start
                    dst[counts[o]] = e
                    counts[o] += 1
                }
            }
            merge(sorted, count: raw.count, into: &out)
            start = end + 1
        }
    }

    /// An upper estimate of the entries in a window, to allocate the result once.
    private func estimate(days: Int, villages chosen: [Int]) -> Int {
        var total = 0
        for v in chosen {
            for k in Int(ruleStart[v])..<Int(ruleStart[v + 1]) {
                let r = rules[k]
                let length: Int
                if r.narrow != 0 { length = r.rhythm == .quarter ? 91 : 365 } else {
                    switch r.rhythm {
                    case .week: length = 7
                    case .xun: length = 10
                    case .month: length = 29
                    case .quarter: length = 90
                    case .year: length = 354
                    }
                }
                total += days / length + 2
            }
        }
        return total
    }

    /// Joins the entries of one village on one date: one fixed day, then its skipped periods.
    @inline(__always)
    private func merge(_ s: [FixedDay], count n: Int, into out: inout [FixedDay]) {
        var i = 0
        while i < n {
            var j = i + 1
            while j < n && s[j].village == s[i].village && s[j].date == s[i].date { j += 1 }
            if j == i + 1 {
                out.append(s[i])
            } else {
                var merged: FixedDay? = nil
                for k in i..<j where !s[k].isSkipped {
                    let e = s[k]
                    if var m = merged {
                        m.rhythms.bits |= e.rhythms.bits
                        m.matters.merge(e.matters)
                        if m.timeRaw < 0 { m.timeRaw = e.timeRaw; m.durationRaw = e.durationRaw }
                        if m.shiftedFromRaw == FixedDay.noShift && e.shiftedFromRaw != FixedDay.noShift {
                            m.shiftedFromRaw = e.shiftedFromRaw
                            m.reason = e.reason
                        }
                        if m.reason == 0 { m.reason = e.reason }
                        m.flags |= e.flags
                        merged = m
                    } else {
                        merged = e
                    }
                }
                if let m = merged { out.append(m) }
                for k in i..<j where s[k].isSkipped { out.append(s[k]) }
            }
            i = j
        }
    }

    /// Appends the entries of one rule whose date falls in [a, b].
    @inline(__always)
    private func emit(_ r: CompiledRule, village: Int32, _ a: Day, _ b: Day, into raw: inout [FixedDay]) {
        let cal = calendar
        Periods.forEach(r.rhythm, month: r.narrow == 0 ? nil : Int(r.narrow), lunar: r.lunar, overlapping: a, b) { p in
            var e = FixedDay(date: p.start, village: village, matters: r.matters, rhythms: r.rhythmSet,
                             time: r.time < 0 ? nil : Int(r.time), duration: r.duration < 0 ? nil : Int(r.duration))
            let s = p.start, end = p.end
            let len = end - s + 1
            var c: Day
            switch r.kind {
            case .nth:
                let n = Int(r.n)
                c = n > 0 ? s + (min(n, len) - 1) : end - (min(-n, len) - 1)
            case .weekday:
                let w = Int(r.weekday)
                let last = end - (end.weekday - w + 7) % 7
                if r.n < 0 {
                    c = last
                } else {
                    c = s + ((w - s.weekday + 7) % 7) + 7 * (Int(r.n) - 1)
                    if c > last { c = last }
                }
            case .workday:
                if let d = cal.nthWorkday(Int(r.n), in: s, end) {
                    c = d
                } else {
                    c = r.n < 0 ? end : s
                    e.flags |= FixedDay.skippedFlag
                    e.reason = WorkCalendar.reasonNoWorkday
                }
                e.date = c
                if c >= a && c <= b {
                    if cal.isProvisionalDay(c) { e.flags |= FixedDay.provisionalFlag }
                    raw.append(e)
                }
                return
            }
            e.date = c
            if !cal.isWorkday(c) {
                let why = cal.reasonCode(c)
                switch r.policy {
                case .keep:
                    e.reason = why
                    e.flags |= FixedDay.onDayOffFlag
                case .skip:
                    e.reason = why
                    e.flags |= FixedDay.skippedFlag
                case .later, .earlier:
                    var to: Day? = nil
                    if r.policy == .later {
                        if let n = cal.workdayOnOrAfter(c), n <= end { to = n }
                        else if let q = cal.workdayOnOrBefore(c), q >= s { to = q }
                    } else {
                        if let q = cal.workdayOnOrBefore(c), q >= s { to = q }
                        else if let n = cal.workdayOnOrAfter(c), n <= end { to = n }
                    }
                    if let t = to {
                        e.shiftedFromRaw = c.number
                        e.reason = why
                        e.date = t
                    } else {
                        e.reason = WorkCalendar.reasonNoWorkday
                        e.flags |= FixedDay.skippedFlag
                    }
                }
            }
            if e.date >= a && e.date <= b {
                if cal.isProvisionalDay(e.date) { e.flags |= FixedDay.provisionalFlag }
                raw.append(e)
            }
        }
    }
}

/// A rule reduced to small integers for the expansion loop.
struct CompiledRule {
    enum Kind: UInt8 { case nth, weekday, workday }
    var rhythm: Rhythm
    var rhythmSet: RhythmSet
    var kind: Kind
    /// N for `nth`; the ordinal (−1 = last) for `weekday` and `workday`.
    var n: Int32
    var weekday: Int8
    var narrow: Int8
    var lunar: Bool
    var policy: HolidayPolicy
    var matters: MatterList
    var time: Int16
    var duration: Int16

    init(_ r: Rule) {
        rhythm = r.rhythm
        rhythmSet = RhythmSet([r.rhythm])
        weekday = 0
        switch r.day {
        case .nth(let v): kind = .nth; n = Int32(v)
        case .weekday(let w): kind = .weekday; n = 1; weekday = Int8(w)
        case .nthWeekday(let o, let w): kind = .weekday; n = Int32(o); weekday = Int8(w)
        case .nthWorkday(let o): kind = .workday; n = Int32(o)
        }
        narrow = Int8(r.month ?? 0)
        lunar = r.calendar == .lunar
        policy = r.holiday
        matters = MatterList(r.matters)
        time = Int16(r.time ?? -1)
        duration = Int16(r.duration ?? -1)
    }
}
