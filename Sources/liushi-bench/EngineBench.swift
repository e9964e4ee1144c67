import LiushiCore

/// Issue "The fixed-day engine": the province workload.
enum EngineBench {
    /// 20,000 villages, each with five rules of varied forms.
    static func provinceVillages(_ count: Int) -> [Village] {
        (0..<count).map { i in
            let weekday = i % 5 + 1
            let rules = [
                Rule(rhythm: .week, day: .weekday(weekday), matters: [.sort], time: 8 * 60 + 30),
                Rule(rhythm: .xun, day: .nth(i % 10 + 1), matters: [.supervise]),                      // 逢N
                Rule(rhythm: .month, day: .nthWeekday(ordinal: -1, weekday: 5), matters: [.discuss]),   // last Friday
                Rule(rhythm: .quarter, day: .nth(i % 28 + 1), month: i % 3 + 1, matters: [.decide]),    // narrowed quarter day
                Rule(rhythm: .year, day: .nthWorkday(ordinal: -1), matters: [.evaluate]),               // last workday
            ]
            return Village(id: "v" + String(100_000 + i), name: "村\(i)", rules: rules)
        }
    }

    static func run() throws {
        let calendar = WorkCalendar(official: [])
        let villages = provinceVillages(20_000)
        let schedule = Schedule(villages: villages, calendar: calendar)
        let a = Day(year: 2027, month: 1, day: 1)!, b = Day(year: 2036, month: 12, day: 31)!

        // Warm up, then measure the whole decade a few times.
        _ = try schedule.expand(from: a, to: a + 60)
        let rssBefore = Measure.statusKB("VmRSS")
        var held: [FixedDay] = []
        let buffers = ExpansionBuffers()
        let t0 = Measure.now()
        try schedule.expand(from: a, to: b, into: &held, buffers: buffers)
        let first = Double(Measure.now() - t0)
        let rssAfter = Measure.statusKB("VmRSS")
        let count = held.count
        var best = first
        for _ in 0..<3 {
            held.removeAll(keepingCapacity: true)
            let t = Measure.now()
            try schedule.expand(from: a, to: b, into: &held, buffers: buffers)
            best = min(best, Double(Measure.now() - t))
        }
        Measure.report("engine.province.fixed_days", Double(count), "days")
        Measure.report("engine.province.first_run_with_allocation", first / 1e6, "ms")
        Measure.report("engine.province.total", best / 1e6, "ms")
        Measure.report("engine.province.per_fixed_day", best / Double(count), "ns")
        Measure.report("engine.province.bytes_per_fixed_day_held", Double(rssAfter - rssBefore) * 1024 / Double(count), "bytes")
        Measure.report("engine.fixed_day_struct_stride", Double(MemoryLayout<FixedDay>.stride), "bytes")
        held = []

        // One 31-day window for all villages, in 2027 and in 2035 (same cost).
        for year in [2027, 2035] {
            let s = Day(year: year, month: 3, day: 1)!
            var out: [FixedDay] = []
            let buffers = ExpansionBuffers()
            let t = try Measure.median(runs: 21) {
                out.removeAll(keepingCapacity: true)
                try schedule.expand(from: s, to: s + 30, into: &out, buffers: buffers)
            }
            Measure.report("engine.window31.all_villages.\(year)", t / 1e6, "ms")
        }
    }
}
