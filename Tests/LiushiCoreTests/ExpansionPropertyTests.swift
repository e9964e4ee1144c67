import Testing
@testable import LiushiCore

/// A small deterministic generator (SplitMix64), so a failure can be replayed from its seed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

enum RandomRules {
    static func rule(_ g: inout SplitMix) -> Rule {
        let rhythm = Rhythm.allCases.randomElement(using: &g)!
        var r = Rule(rhythm: rhythm, day: .nth(1))
        if rhythm == .xun || rhythm == .month || rhythm == .year, Int.random(in: 0..<4, using: &g) == 0 {
            r.calendar = .lunar
        }
        if rhythm == .quarter, Bool.random(using: &g) { r.month = Int.random(in: 1...3, using: &g) }
        if rhythm == .year, Int.random(in: 0..<3, using: &g) == 0 { r.month = Int.random(in: 1...12, using: &g) }
        let limit = r.dayLimit
        let ordinal = Int.random(in: 0..<5, using: &g) == 0 ? -1 : Int.random(in: 1...min(limit, 8), using: &g)
        switch Int.random(in: 0..<(rhythm == .week ? 4 : 3), using: &g) {
        case 0:
            var n = Int.random(in: 1...limit, using: &g)
            if Int.random(in: 0..<3, using: &g) == 0 { n = min(n, 3) }  // small numbers are the common case
            r.day = .nth(Bool.random(using: &g) ? n : -n)
        case 1: r.day = .nthWeekday(ordinal: ordinal, weekday: Int.random(in: 1...7, using: &g))
        case 2: r.day = .nthWorkday(ordinal: ordinal)
        default: r.day = .weekday(Int.random(in: 1...7, using: &g))
        }
        r.holiday = HolidayPolicy.allCases.randomElement(using: &g)!
        var ms = Matter.allCases.shuffled(using: &g)
        ms.removeLast(Int.random(in: 0...5, using: &g))
        r.matters = ms
        r.time = Bool.random(using: &g) ? Int.random(in: 0..<1440, using: &g) : nil
        return r
    }
}

@Suite("Expansion agrees with a naive day-by-day reference")
struct ExpansionPropertyTests {
    @Test("500 random rules over 2004–2040 give exactly the reference's fixed days")
    func randomRulesMatchReference() throws {
        var g = SplitMix(state: 20_260_101)
        // 100 villages of 5 random rules (repeated rhythms allowed: only the first of a rhythm counts).
        var villageRules: [[Rule]] = []
        var total = 0
        while total < 500 {
            var rules: [Rule] = []
            var seen: Set<Rhythm> = []
            while rules.count < 5 {
                let r = RandomRules.rule(&g)
                #expect(r.problem() == nil, "generator made an invalid rule: \(r)")
                if seen.insert(r.rhythm).inserted { rules.append(r) }
                if seen.count == 5 { break }
            }
            villageRules.append(rules)
            total += rules.count
        }
        let villages = villageRules.enumerated().map { i, rules in
            Village(id: "v" + String(1000 + i).dropFirst(), name: "村\(i)", rules: rules)
        }
        let schedule = Schedule(villages: villages, calendar: TestCalendars.calendar)
        let reference = NaiveReference(official: TestCalendars.official)
        let a = Day(iso: "2004-01-01")!, b = Day(iso: "2040-12-31")!
        var mismatches = 0
        // Village by village, so a mismatch names its rule.
        for (i, rules) in villageRules.enumerated() {
            let one = Schedule(villages: [villages[i]], calendar: TestCalendars.calendar)
            let got = try one.referenceEntries(a, b)
            let want = reference.expand(villages: [rules], a, b)
            if got != want {
                mismatches += 1
                let firstDiff = zip(got, want).first { $0 != $1 }
                Issue.record("village \(i) rules \(rules.map { "\($0.rhythm.key) \($0.day.text) m=\($0.month ?? 0) \($0.calendar) \($0.holiday)" }): got \(got.count) want \(want.count); first difference: \(firstDiff.map { "\($0.0) vs \($0.1)" } ?? "in the tail")")
            }
        }
        #expect(mismatches == 0)
        // All villages together, checking the date-then-village order and the merge across villages.
        let everything = try schedule.referenceEntries(a, b)
        let want = reference.expand(villages: villageRules, a, b)
        #expect(everything.count == want.count)
        #expect(everything == want)
    }

    @Test("any window gives the same fixed days as the full expansion restricted to it")
    func windowsAreConsistent() throws {
        var g = SplitMix(state: 7)
        var rules: [Rule] = []
        var seen: Set<Rhythm> = []
        while seen.count < 5 {
            let r = RandomRules.rule(&g)
            if seen.insert(r.rhythm).inserted { rules.append(r) }
        }
        let schedule = Schedule(villages: [Village(id: "a", name: "甲村", rules: rules)], calendar: TestCalendars.calendar)
        let a = Day(iso: "2024-01-01")!, b = Day(iso: "2027-12-31")!
        let full = try schedule.expand(from: a, to: b)
        for _ in 0..<200 {
            let s = a + Int.random(in: 0...(b - a), using: &g)
            let e = min(b, s + Int.random(in: 0...120, using: &g))
            let part = try schedule.expand(from: s, to: e)
            #expect(part == full.filter { $0.date >= s && $0.date <= e }, "window \(s)…\(e)")
        }
    }

    @Test("villages sharing rules (a township's defaults) give the reference's fixed days, whole or in part")
    func sharedRulesMatchReference() throws {
        var g = SplitMix(state: 4_242)
        // A pool of 4 rules per rhythm; each village takes one of each rhythm (some leave a rhythm
        // out), with its own matters and time, so rules share how they pick their day but not the rest.
        var pool: [Rhythm: [Rule]] = [:]
        while pool.values.map(\.count).reduce(0, +) < 20 {
            let r = RandomRules.rule(&g)
            if pool[r.rhythm, default: []].count < 4 { pool[r.rhythm, default: []].append(r) }
        }
        var villageRules: [[Rule]] = []
        for _ in 0..<150 {
            var rules: [Rule] = []
            for rhythm in Rhythm.allCases where Int.random(in: 0..<6, using: &g) > 0 {
                var r = pool[rhythm]!.randomElement(using: &g)!
                r.matters = Array(Matter.allCases.shuffled(using: &g).prefix(Int.random(in: 1...3, using: &g)))
                r.time = Bool.random(using: &g) ? Int.random(in: 0..<1440, using: &g) : nil
                rules.append(r)
            }
            villageRules.append(rules)
        }
        let villages = villageRules.enumerated().map { i, rules in
            Village(id: "v" + String(1000 + i).dropFirst(), name: "村\(i)", rules: rules)
        }
        let schedule = Schedule(villages: villages, calendar: TestCalendars.calendar)
        let reference = NaiveReference(official: TestCalendars.official)
        let a = Day(iso: "2019-11-20")!, b = Day(iso: "2031-02-10")!
        #expect(try schedule.referenceEntries(a, b) == reference.expand(villages: villageRules, a, b))
        // Some villages only, and windows that cut quarters and years.
        let full = try schedule.expand(from: a, to: b)
        for _ in 0..<40 {
            let subset = Array(Set((0..<Int.random(in: 1...20, using: &g)).map { _ in Int.random(in: 0..<villages.count, using: &g) }))
            let s = a + Int.random(in: 0...(b - a), using: &g)
            let e = min(b, s + Int.random(in: 0...400, using: &g))
            let part = try schedule.expand(from: s, to: e, villages: subset)
            let chosen = Set(subset.map(Int32.init))
            #expect(part == full.filter { $0.date >= s && $0.date <= e && chosen.contains($0.village) }, "window \(s)…\(e)")
        }
    }
}
