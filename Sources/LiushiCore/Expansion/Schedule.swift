/// A township's villages with their rules, compiled against a working-day calendar, ready to
/// expand any window into fixed days. Cost is proportional to the periods in the window: asking
/// for one month in 2035 costs the same as one month in 2027.
public final class Schedule: Sendable {
    /// Villages sorted by id: `FixedDay.village` indexes this array.
    public let villages: [Village]
    public let calendar: WorkCalendar
    private let rules: [CompiledRule]
    /// rules[ruleStart[v] ..< ruleStart[v + 1]] are village v's rules, in rhythm order.
    private let ruleStart: [Int32]
    private let indexByID: [String: Int]
    /// ruleOf[v * 5 + rhythm] = index into `rules` of village v's rule of that rhythm, or −1.
    private let ruleOf: [Int32]
    /// For each distinct rule shape (`CompiledRule.shape`), the index of its first rule (which
    /// stands for all of them).
    private let shapeRule: [Int32]
    /// Villages whose rules all share their shapes with other villages' have a *profile*: the
    /// list of their shapes. profileOf[v] is village v's (−1: none, its days are worked out on
    /// their own); profileVillage[p] is the first village with profile p.
    private let profileOf: [Int32]
    private let profileVillage: [Int32]
    /// The most entries one village can have in one chunk (six periods of each of its rules).
    private let perVillage: Int

    public init(villages: [Village], calendar: WorkCalendar) {
        // Most files list their villages in id order already: then there is nothing to sort.
        let precedes = { (a: Village, b: Village) -> Bool in a.id.utf8.lexicographicallyPrecedes(b.id.utf8) }
        let inOrder = villages.indices.dropFirst().allSatisfy { !precedes(villages[$0], villages[$0 - 1]) }
        let sorted = inOrder ? villages : villages.sorted(by: precedes)
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
        var profiles: [[Int32]: Int32] = [:]
        var profileOf = [Int32](repeating: -1, count: sorted.count)
        var profileVillage: [Int32] = []
        for v in sorted.indices {
            let mine = Int(starts[v])..<Int(starts[v + 1])
            guard mine.allSatisfy({ rules[$0].shared }) else { continue }
            let key = mine.map { rules[$0].shape }
            if let p = profiles[key] {
                profileOf[v] = p
            } else {
                profileOf[v] = Int32(profileVillage.count)
                profiles[key] = profileOf[v]
                profileVillage.append(Int32(v))
            }
        }
        self.profileOf = profileOf
        self.profileVillage = profileVillage
        self.perVillage = (sorted.indices.map { Int(starts[$0 + 1] - starts[$0]) }.max() ?? 0) * 6 + 1
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
        scratch.reserve(entries: rawCapacity, rules: rules.count + 1, shapes: shapeRule.count + 1,
                        profiles: profileVillage.count + 1, villages: chosen.count + 1, perVillage: perVillage)
        let perVillage = self.perVillage
        let raw = scratch.raw, work = scratch.work, spare = scratch.spare
        let cacheStart = scratch.cacheStart, cacheEntry = scratch.cacheEntry
        let templates = scratch.templates, templateCount = scratch.templateCount, uses = scratch.uses
        let profileEntries = scratch.profileEntries, profileLength = scratch.profileLength
        let profileUses = scratch.profileUses, segment = scratch.segment
        let counts = scratch.counts, fill = scratch.fill
        // The shared shapes among the chosen villages' rules, and the profiles among the villages
        // with how many of the chosen villages have each.
        uses.update(repeating: 0, count: shapeRule.count)
        profileUses.update(repeating: 0, count: profileVillage.count)
        var usedShapes: [Int] = []
        var usedProfiles: [Int] = []
        for v in chosen {
            for k in Int(ruleStart[v])..<Int(ruleStart[v + 1]) where rules[k].shared {
                let s = Int(rules[k].shape)
                if uses[s] == 0 { usedShapes.append(s) }
                uses[s] += 1
            }
            let p = Int(profileOf[v])
            if p >= 0 {
                if profileUses[p] == 0 { usedProfiles.append(p) }
                profileUses[p] += 1
            }
        }
        // Per rule: the start of the last period computed, and its entry (long periods span chunks).
        // An entry is read only after it was written (its start matches), so it starts uninitialized.
        cacheStart.update(repeating: .min, count: rules.count + 1)
        let blank = FixedDay(date: a, village: 0, rhythms: RhythmSet())
        var start = a
        while start <= b {
            let (y, m, _) = start.ymd
            let monthEnd = Day(Day.daysFromCivil(y, m, Day.monthLength(year: y, month: m)))
            let end = min(monthEnd, b)
            let chunk = ChunkPeriods(start, end, lunarNeeded: lunarNeeded)
            counts.initialize(repeating: 0, count: 33)
            calendar.withTables { tables in
            chunk.periods.withUnsafeBufferPointer { periods in
                chunk.lower.withUnsafeBufferPointer { lower in
                    rules.withUnsafeBufferPointer { rules in
                        ruleStart.withUnsafeBufferPointer { ruleStart in
                            // A shared shape's entries in this chunk are worked out once, from its
                            // first rule.
                            for s in usedShapes {
                                let k = Int(shapeRule[s])
                                let r = rules[k]
                                var c = 0
                                var i = lower[r.slot]
                                let pEnd = lower[r.slot + 1]
                                while i < pEnd {
                                    let e = entry(k, r, periods[i], tables, cacheStart, cacheEntry)
                                    if e.date >= start && e.date <= end {
                                        templates[s &* 6 &+ c] = e
                                        c += 1
                                    }
                                    i += 1
                                }
                                templateCount[s] = Int32(c)
                            }
                            // A village's entries of the chunk: its rules' in rhythm order, then by
                            // date with those of one date merged (see `mergeByDate`).
                            func gather(_ v: Int) -> Int {
                                var c = 0
                                for k in Int(ruleStart[v])..<Int(ruleStart[v + 1]) {
                                    let r = rules[k]
                                    if r.shared {
                                        let s = Int(r.shape)
                                        for j in 0..<Int(templateCount[s]) {
                                            work[c] = templates[s &* 6 &+ j]
                                            c += 1
                                        }
                                        continue
                                    }
                                    var i = lower[r.slot]
                                    let pEnd = lower[r.slot + 1]
                                    while i < pEnd {
                                        let e = entry(k, r, periods[i], tables, cacheStart, cacheEntry)
                                        if e.date >= start && e.date <= end {
                                            work[c] = e
                                            c += 1
                                        }
                                        i += 1
                                    }
                                }
                                return Schedule.mergeByDate(work, c, spare)
                            }
                            // A profile's entries are the same for all its villages: made once from
                            // its first village, counted for all of them.
                            for p in usedProfiles {
                                let c = gather(Int(profileVillage[p]))
                                let dst = profileEntries + p &* perVillage
                                for j in 0..<c {
                                    dst[j] = work[j]
                                    counts[dst[j].date - start + 1] += Int(profileUses[p])
                                }
                                profileLength[p] = Int32(c)
                            }
                            // The other villages' entries, each on its own.
                            var n = 0
                            for (ci, v) in chosen.enumerated() where profileOf[v] < 0 {
                                let c = gather(v)
                                for j in 0..<c {
                                    var e = work[j]
                                    e.village = Int32(v)
                                    raw[n + j] = e
                                    counts[e.date - start + 1] += 1
                                }
                                segment[ci] = Int32(c)
                                n += c
                            }
                        }
                    }
                }
            }
            }
            // Stable counting sort by date, written in place at the end of `out`: each date's
            // entries in village order (a village's entries of one date stay together, in order).
            for i in 1..<33 { counts[i] += counts[i - 1] }
            for o in 0..<32 { fill[o] = counts[o] }
            let base = out.count
            out.append(contentsOf: repeatElement(blank, count: counts[32]))
            out.withUnsafeMutableBufferPointer { all in
                guard let dst = all.baseAddress.map({ $0 + base }) else { return }
                var u = 0
                for (ci, v) in chosen.enumerated() {
                    let p = Int(profileOf[v])
                    if p >= 0 {
                        let src = profileEntries + p &* perVillage
                        for j in 0..<Int(profileLength[p]) {
                            var e = src[j]
                            e.village = Int32(v)
                            let o = e.date - start
                            dst[fill[o]] = e
                            fill[o] += 1
                        }
                    } else {
                        for _ in 0..<Int(segment[ci]) {
                            let e = raw[u]
                            u += 1
                            let o = e.date - start
                            dst[fill[o]] = e
                            fill[o] += 1
                        }
                    }
                }
            }
            start = end + 1
        }
    }

    /// Orders a village's entries of one chunk (given in rhythm order, each rhythm's by date) by
    /// date, keeping rhythm order within a date, and merges those of one date: the village's fixed
    /// day of that date (its rhythms laid together in rhythm order), then its skipped periods in
    /// rhythm order. Returns how many entries are left; `spare` holds skipped ones meanwhile.
    @inline(__always)
    static func mergeByDate(_ buf: UnsafeMutablePointer<FixedDay>, _ count: Int, _ spare: UnsafeMutablePointer<FixedDay>) -> Int {
        if count < 2 { return count }
        for i in 1..<count {
            let x = buf[i]
            var j = i
            while j > 0 && buf[j - 1].date > x.date {
                buf[j] = buf[j - 1]
                j -= 1
            }
            buf[j] = x
        }
        var w = 0, i = 0
        while i < count {
            var j = i + 1
            while j < count && buf[j].date == buf[i].date { j += 1 }
            if j == i + 1 {
                buf[w] = buf[i]
                w += 1
                i = j
                continue
            }
            var head = -1, skipped = 0
            for k in i..<j {
                if buf[k].isSkipped {
                    spare[skipped] = buf[k]
                    skipped += 1
                } else if head < 0 {
                    head = k
                } else {
                    Schedule.merge(buf[k], into: &buf[head])
                }
            }
            if head >= 0 {
                buf[w] = buf[head]
                w += 1
            }
            for t in 0..<skipped {
                buf[w] = spare[t]
                w += 1
            }
            i = j
        }
        return w
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
    static func merge(_ e: FixedDay, into m: inout FixedDay) {
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
