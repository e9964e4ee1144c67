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
    /// ruleOf[v * 5 + rhythm] = index into `rules` of village v's rule of that rhythm, or −1.
    private let ruleOf: [Int32]
    /// How many distinct rule shapes (`CompiledRule.shape`) there are, and for each the index of
    /// its first rule (which stands for all of them).
    private let shapeCount: Int
    private let shapeRule: [Int32]

    public init(villages: [Village], calendar: WorkCalendar) {
        let sorted = villages.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        self.villages = sorted
        self.calendar = calendar
        var rules: [CompiledRule] = []
        var starts: [Int32] = [0]
        var index: [String: Int] = [:]
        var ruleOf = [Int32](repeating: -1, count: sorted.count * 5)
        // Rules that pick their day the same way share a shape: in a township most villages keep
        // the township's rule of a rhythm, and its day in a period is then worked out once for all.
        var shapes: [CompiledRule.Shape: Int32] = [:]
        var uses: [Int] = []
        var shapeRule: [Int32] = []
        for (i, v) in sorted.enumerated() {
            index[v.id] = i
            for r in v.rules where r.problem() == nil {
                ruleOf[i * 5 + r.rhythm.rawValue] = Int32(rules.count)
                var c = CompiledRule(r)
                if let s = shapes[c.shapeKey] {
                    c.shape = s
                    uses[Int(s)] += 1
                } else {
                    c.shape = Int32(shapes.count)
                    shapes[c.shapeKey] = c.shape
                    uses.append(1)
                    shapeRule.append(Int32(rules.count))
                }
                rules.append(c)
            }
            starts.append(Int32(rules.count))
        }
        // A shape of one rule gains nothing from being remembered.
        for k in rules.indices { rules[k].shared = uses[Int(rules[k].shape)] > 1 }
        self.shapeCount = shapes.count
        self.shapeRule = shapeRule
        self.ruleOf = ruleOf
        self.rules = rules
        self.ruleStart = starts
        self.indexByID = index
    }

    public func villageIndex(id: String) -> Int? { indexByID[id] }

    /// The matters of a fixed day: its rhythms' matters in rhythm order, without repeats.
    public func matters(of f: FixedDay) -> MatterList {
        var m = MatterList()
        let base = Int(f.village) * 5
        for r in 0..<5 where f.rhythms.bits & (1 << UInt8(r)) != 0 {
            let k = Int(ruleOf[base + r])
            if k >= 0 { m.merge(rules[k].matters) }
        }
        return m
    }

    /// The time (minutes after midnight) and duration of a fixed day: those of its first rhythm
    /// (in rhythm order) that has a time.
    public func time(of f: FixedDay) -> (time: Int, duration: Int?)? {
        let base = Int(f.village) * 5
        for r in 0..<5 where f.rhythms.bits & (1 << UInt8(r)) != 0 {
            let k = Int(ruleOf[base + r])
            if k >= 0, rules[k].time >= 0 {
                return (Int(rules[k].time), rules[k].duration < 0 ? nil : Int(rules[k].duration))
            }
        }
        return nil
    }

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

    /// `buffers` may be kept by a caller that expands often (the UI, the benchmark) to reuse
    /// the working memory; one set of buffers must not be used by two expansions at once.
    public func expand(from a: Day, to b: Day, villages subset: [Int]? = nil,
                       into out: inout [FixedDay], buffers: ExpansionBuffers? = nil) throws(ExpansionError) {
        try Schedule.validate(a, b)
        let chosen: [Int] = subset.map { Array(Set($0)).sorted() } ?? Array(villages.indices)
        out.reserveCapacity(out.count + estimate(days: b - a + 1, villages: chosen))
        var maxRules = 0
        var lunarNeeded = false
        for v in chosen {
            maxRules += Int(ruleStart[v + 1] - ruleStart[v])
            for k in Int(ruleStart[v])..<Int(ruleStart[v + 1]) where rules[k].lunar { lunarNeeded = true }
        }
        // A chunk is at most one calendar month: a rule has at most 6 periods overlapping it.
        let rawCapacity = maxRules * 6 + 1
        let scratch = buffers ?? ExpansionBuffers()
        scratch.reserve(entries: rawCapacity, rules: rules.count + 1, shapes: shapeCount + 1)
        let raw = scratch.raw, sorted = scratch.sorted
        let cacheStart = scratch.cacheStart, cacheEntry = scratch.cacheEntry
        let templates = scratch.templates, templateCount = scratch.templateCount, uses = scratch.uses
        // The shared shapes among the chosen villages' rules, and how many of their rules each has.
        uses.update(repeating: 0, count: shapeCount)
        var usedShapes: [Int] = []
        for v in chosen {
            for k in Int(ruleStart[v])..<Int(ruleStart[v + 1]) where rules[k].shared {
                let s = Int(rules[k].shape)
                if uses[s] == 0 { usedShapes.append(s) }
                uses[s] += 1
            }
        }
        let counts = scratch.counts, fill = scratch.fill
        // Per rule: the start of the last period computed, and its entry (long periods span chunks).
        // An entry is read only after it was written (its start matches), so it starts uninitialized.
        cacheStart.update(repeating: .min, count: rules.count + 1)
        var start = a
        while start <= b {
            let (y, m, _) = start.ymd
            let monthEnd = Day(Day.daysFromCivil(y, m, Day.monthLength(year: y, month: m)))
            let end = min(monthEnd, b)
            let chunk = ChunkPeriods(start, end, lunarNeeded: lunarNeeded)
            var n = 0
            counts.initialize(repeating: 0, count: 33)
            calendar.withTables { tables in
            chunk.periods.withUnsafeBufferPointer { periods in
                chunk.lower.withUnsafeBufferPointer { lower in
                    rules.withUnsafeBufferPointer { rules in
                        ruleStart.withUnsafeBufferPointer { ruleStart in
                            // A shared shape's entries in this chunk are worked out once, from its
                            // first rule, and counted for all its rules at once.
                            for s in usedShapes {
                                let k = Int(shapeRule[s])
                                let r = rules[k]
                                var c = 0
                                var i = lower[r.slot]
                                let pEnd = lower[r.slot + 1]
                                while i < pEnd {
                                    let e = entry(k, r, periods[i], tables, cacheStart, cacheEntry)
                                    let o = e.date - start
                                    if o >= 0 && e.date <= end {
                                        templates[s &* 6 &+ c] = e
                                        c += 1
                                        counts[o + 1] += Int(uses[s])
                                    }
                                    i += 1
                                }
                                templateCount[s] = Int32(c)
                            }
                            for v in chosen {
                                var k = Int(ruleStart[v])
                                let hi = Int(ruleStart[v + 1])
                                while k < hi {
                                    let r = rules[k]
                                    if r.shared {
                                        // Already counted: copied with the village's index.
                                        let s = Int(r.shape)
                                        let base = templates + s &* 6
                                        for j in 0..<Int(templateCount[s]) {
                                            var e = base[j]
                                            e.village = Int32(v)
                                            raw[n] = e
                                            n += 1
                                        }
                                        k += 1
                                        continue
                                    }
                                    var i = lower[r.slot]
                                    let pEnd = lower[r.slot + 1]
                                    while i < pEnd {
                                        var e = entry(k, r, periods[i], tables, cacheStart, cacheEntry)
                                        e.village = Int32(v)
                                        let o = e.date - start
                                        if o >= 0 && e.date <= end {
                                            raw[n] = e
                                            n += 1
                                            counts[o + 1] += 1
                                        }
                                        i += 1
                                    }
                                    k += 1
                                }
                            }
                        }
                    }
                }
            }
            }
            // Stable counting sort by date (villages were visited in id order, rules in rhythm
            // order), merging a village's entries of one date as they land in their bucket.
            for i in 1..<33 { counts[i] += counts[i - 1] }
            for o in 0..<32 { fill[o] = counts[o] }
            for i in 0..<n {
                let e = raw[i]
                let o = e.date - start
                let w = fill[o]
                let lo = counts[o]
                if w > lo && sorted[w - 1].village == e.village {
                    if e.isSkipped {
                        sorted[w] = e
                        fill[o] = w + 1
                        continue
                    }
                    // The group's fixed day comes before its skipped periods.
                    var g = w - 1
                    while g > lo && sorted[g].isSkipped && sorted[g - 1].village == e.village { g -= 1 }
                    if !sorted[g].isSkipped {
                        Schedule.merge(e, into: &sorted[g])
                    } else {
                        var k = w
                        while k > g { sorted[k] = sorted[k - 1]; k -= 1 }
                        sorted[g] = e
                        fill[o] = w + 1
                    }
                    continue
                }
                sorted[w] = e
                fill[o] = w + 1
            }
            for o in 0..<32 where fill[o] > counts[o] {
                out.append(contentsOf: UnsafeBufferPointer(start: sorted + counts[o], count: fill[o] - counts[o]))
            }
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

    /// Lays a fixed day of the same village and date over `m` (which comes earlier in rhythm order).
    @inline(__always)
    private static func merge(_ e: FixedDay, into m: inout FixedDay) {
        m.rhythms.bits |= e.rhythms.bits
        if m.shiftedFromRaw == FixedDay.noShift && e.shiftedFromRaw != FixedDay.noShift {
            m.shiftedFromRaw = e.shiftedFromRaw
            m.reason = e.reason
        }
        if m.reason == 0 { m.reason = e.reason }
        m.flags |= e.flags
    }

    /// Rule k's entry in period p (village 0). A period several monthly chunks see (a quarter, a
    /// year) is worked out once: the rule's last one is kept with its start.
    @inline(__always)
    private func entry(_ k: Int, _ r: CompiledRule, _ p: Period, _ tables: WorkCalendar.Tables,
                       _ cacheStart: UnsafeMutablePointer<Int32>, _ cacheEntry: UnsafeMutablePointer<FixedDay>) -> FixedDay {
        guard r.spansChunks else { return pick(r, p, tables) }
        if cacheStart[k] == p.start.number { return cacheEntry[k] }
        let e = pick(r, p, tables)
        cacheStart[k] = p.start.number
        (cacheEntry + k).initialize(to: e)
        return e
    }

    /// The entry of one rule in one period: the chosen day, shifted or kept by the holiday
    /// policy, or a skipped period dated at the chosen day.
    @inline(__always)
    private func pick(_ r: CompiledRule, _ p: Period, _ cal: WorkCalendar.Tables) -> FixedDay {
        var e = FixedDay(date: p.start, village: 0, rhythms: r.rhythmSet)
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
                e.date = d
            } else {
                e.date = r.n < 0 ? end : s
                e.flags |= FixedDay.skippedFlag
                e.reason = WorkCalendar.reasonNoWorkday
            }
            if cal.isProvisionalDay(e.date) { e.flags |= FixedDay.provisionalFlag }
            return e
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
        if cal.isProvisionalDay(e.date) { e.flags |= FixedDay.provisionalFlag }
        return e
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
    /// Which of `ChunkPeriods`' lists holds this rule's periods.
    var slot: Int
    /// Whether a period is seen by several monthly chunks (a quarter, a year): then its entry is
    /// computed once and kept.
    var spansChunks: Bool
    /// The index of this rule's shape (what decides its day in a period), and whether other
    /// rules have the same shape.
    var shape: Int32 = 0
    var shared = false

    /// What decides a rule's day in a period (all but its matters, time and duration).
    struct Shape: Hashable {
        var slot: Int
        var kind: Kind
        var n: Int32
        var weekday: Int8
        var policy: HolidayPolicy
        var rhythm: Rhythm
    }

    var shapeKey: Shape { Shape(slot: slot, kind: kind, n: n, weekday: weekday, policy: policy, rhythm: rhythm) }

    init(_ r: Rule) {
        rhythm = r.rhythm
        rhythmSet = RhythmSet([r.rhythm])
        weekday = 0
        switch r.day {
        case .nth(let v): kind = .nth; n = Int32(v)
        case .weekday(let w):
            // A week starts on Monday: weekday w is its w-th day.
            if r.rhythm == .week { kind = .nth; n = Int32(w) } else { kind = .weekday; n = 1; weekday = Int8(w) }
        case .nthWeekday(let o, let w): kind = .weekday; n = Int32(o); weekday = Int8(w)
        case .nthWorkday(let o): kind = .workday; n = Int32(o)
        }
        narrow = Int8(r.month ?? 0)
        lunar = r.calendar == .lunar
        policy = r.holiday
        matters = MatterList(r.matters)
        time = Int16(r.time ?? -1)
        duration = Int16(r.duration ?? -1)
        slot = ChunkPeriods.slot(rhythm: r.rhythm, narrow: Int(narrow), lunar: lunar)
        spansChunks = narrow == 0 && (r.rhythm == .quarter || r.rhythm == .year)
    }
}

/// Working memory of an expansion, reusable across calls.
public final class ExpansionBuffers {
    fileprivate var raw = UnsafeMutablePointer<FixedDay>.allocate(capacity: 1)
    fileprivate var sorted = UnsafeMutablePointer<FixedDay>.allocate(capacity: 1)
    fileprivate var cacheStart = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    fileprivate var cacheEntry = UnsafeMutablePointer<FixedDay>.allocate(capacity: 1)
    /// Per shape: its entries in the current chunk (templates[shape * 6 + j]), how many, and how
    /// many of the chosen villages' rules have it.
    fileprivate var templates = UnsafeMutablePointer<FixedDay>.allocate(capacity: 6)
    fileprivate var templateCount = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    fileprivate var uses = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    private var shapeCapacity = 1
    fileprivate let counts = UnsafeMutablePointer<Int>.allocate(capacity: 33)
    fileprivate let fill = UnsafeMutablePointer<Int>.allocate(capacity: 32)
    private var entryCapacity = 1
    private var ruleCapacity = 1

    public init() {
        cacheStart.initialize(to: 0)
        templateCount.initialize(to: 0)
        uses.initialize(to: 0)
    }

    fileprivate func reserve(entries: Int, rules: Int, shapes: Int) {
        if shapes > shapeCapacity {
            templates.deallocate(); templateCount.deallocate(); uses.deallocate()
            templates = .allocate(capacity: shapes * 6)
            templateCount = .allocate(capacity: shapes)
            templateCount.initialize(repeating: 0, count: shapes)
            uses = .allocate(capacity: shapes)
            uses.initialize(repeating: 0, count: shapes)
            shapeCapacity = shapes
        }
        if entries > entryCapacity {
            raw.deallocate(); sorted.deallocate()
            raw = .allocate(capacity: entries)
            sorted = .allocate(capacity: entries)
            entryCapacity = entries
        }
        if rules > ruleCapacity {
            cacheStart.deallocate(); cacheEntry.deallocate()
            cacheStart = .allocate(capacity: rules)
            cacheStart.initialize(repeating: 0, count: rules)
            cacheEntry = .allocate(capacity: rules)
            ruleCapacity = rules
        }
    }

    deinit {
        raw.deallocate(); sorted.deallocate(); cacheStart.deallocate(); cacheEntry.deallocate()
        templates.deallocate(); templateCount.deallocate(); uses.deallocate()
        counts.deallocate(); fill.deallocate()
    }
}
