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
