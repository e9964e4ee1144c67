/// The words of docs/DESIGN.md §1, used by code, configuration, UI and JSON alike.

/// The six matters (六事). Raw values start at 1 so that a matter fits in a nibble of `MatterList`.
public enum Matter: Int, CaseIterable, Sendable, Comparable {
    case sort = 1, discuss, decide, handle, supervise, evaluate

    public var key: String {
        switch self {
        case .sort: return "sort"
        case .discuss: return "discuss"
        case .decide: return "decide"
        case .handle: return "handle"
        case .supervise: return "supervise"
        case .evaluate: return "evaluate"
        }
    }

    /// 理事 议事 决事 办事 督事 评事
    public var chinese: String {
        switch self {
        case .sort: return "理事"
        case .discuss: return "议事"
        case .decide: return "决事"
        case .handle: return "办事"
        case .supervise: return "督事"
        case .evaluate: return "评事"
        }
    }

    /// One character: 理 议 决 办 督 评
    public var short: String { String(chinese.first!) }

    /// Accepts the English key or the Chinese name (理事, or its first character 理).
    public init?(name: String) {
        // The common spelling first: the key as written (no lowercasing, no comparing Chinese).
        for m in Matter.allCases where m.key == name {
            self = m
            return
        }
        let t = name.lowercased()
        for m in Matter.allCases where m.key == t || m.chinese == name || m.short == name {
            self = m
            return
        }
        return nil
    }

    public static func < (a: Matter, b: Matter) -> Bool { a.rawValue < b.rawValue }
}

/// The five rhythms that produce fixed days, in the order docs/DESIGN.md §3 lists them on a merged day.
/// (日办, the `day` rhythm, is every working day and never a fixed day.)
public enum Rhythm: Int, CaseIterable, Sendable, Comparable {
    case week = 0, xun, month, quarter, year

    public var key: String {
        switch self {
        case .week: return "week"
        case .xun: return "xun"
        case .month: return "month"
        case .quarter: return "quarter"
        case .year: return "year"
        }
    }

    /// 周理 旬访 月审 季决 年评
    public var chinese: String {
        switch self {
        case .week: return "周理"
        case .xun: return "旬访"
        case .month: return "月审"
        case .quarter: return "季决"
        case .year: return "年评"
        }
    }

    public var english: String {
        switch self {
        case .week: return "weekly"
        case .xun: return "ten-day"
        case .month: return "monthly"
        case .quarter: return "quarterly"
        case .year: return "yearly"
        }
    }

    public init?(key: String) {
        guard let r = Rhythm.allCases.first(where: { $0.key == key }) else { return nil }
        self = r
    }

    public var defaultMatters: [Matter] {
        switch self {
        case .week: return [.sort]
        case .xun: return [.supervise]
        case .month: return [.discuss]
        case .quarter: return [.decide]
        case .year: return [.evaluate]
        }
    }

    public static func < (a: Rhythm, b: Rhythm) -> Bool { a.rawValue < b.rawValue }
}

/// Attendee roles.
public enum Role: String, CaseIterable, Sendable {
    case liaison, instructor, committees, supervisors, cooperative, representatives

    public var chinese: String {
        switch self {
        case .liaison: return "乡镇联系领导"
        case .instructor: return "农村工作指导员"
        case .committees: return "村两委干部"
        case .supervisors: return "村监会成员"
        case .cooperative: return "经合社成员"
        case .representatives: return "党员群众代表"
        }
    }

    public var english: String {
        switch self {
        case .liaison: return "liaison leader"
        case .instructor: return "instructor"
        case .committees: return "village committees"
        case .supervisors: return "supervisors"
        case .cooperative: return "cooperative"
        case .representatives: return "representatives"
        }
    }
}

/// What happens when the chosen day is not a working day.
public enum HolidayPolicy: String, CaseIterable, Sendable {
    case later, earlier, keep, skip
}

public enum CalendarKind: String, Sendable {
    case gregorian, lunar
}

/// A set of rhythms as a bit mask; iteration is in rhythm order.
public struct RhythmSet: Hashable, Sendable, Sequence {
    public var bits: UInt8
    @inline(__always) public init(bits: UInt8 = 0) { self.bits = bits }
    public init(_ rhythms: [Rhythm]) { bits = 0; for r in rhythms { insert(r) } }
    @inline(__always) public mutating func insert(_ r: Rhythm) { bits |= 1 << UInt8(r.rawValue) }
    @inline(__always) public func contains(_ r: Rhythm) -> Bool { bits & (1 << UInt8(r.rawValue)) != 0 }
    public var isEmpty: Bool { bits == 0 }
    public var first: Rhythm? { bits == 0 ? nil : Rhythm(rawValue: bits.trailingZeroBitCount) }
    public var underestimatedCount: Int { bits.nonzeroBitCount }
    public func makeIterator() -> Iterator { Iterator(bits: bits) }

    public struct Iterator: IteratorProtocol {
        var bits: UInt8
        @inline(__always) public mutating func next() -> Rhythm? {
            guard bits != 0 else { return nil }
            let i = bits.trailingZeroBitCount
            bits &= bits - 1
            return Rhythm(rawValue: i)
        }
    }
}

/// An ordered list of distinct matters packed into 4-bit slots (at most six).
public struct MatterList: Hashable, Sendable, Sequence {
    public var packed: UInt32
    @inline(__always) public init(packed: UInt32 = 0) { self.packed = packed }
    public init(_ matters: [Matter]) {
        packed = 0
        for m in matters { append(m) }
    }

    @inline(__always) public func contains(_ m: Matter) -> Bool {
        var p = packed
        while p != 0 {
            if p & 0xF == UInt32(m.rawValue) { return true }
            p >>= 4
        }
        return false
    }

    @inline(__always) public var count: Int {
        var p = packed, c = 0
        while p != 0 { c += 1; p >>= 4 }
        return c
    }

    /// Appends `m` unless it is already present.
    @inline(__always) public mutating func append(_ m: Matter) {
        if contains(m) { return }
        packed |= UInt32(m.rawValue) << UInt32(4 * count)
    }

    /// Appends the matters of `other` that are not yet present, in `other`'s order.
    @inline(__always) public mutating func merge(_ other: MatterList) {
        if other.packed == packed { return }
        var p = other.packed
        while p != 0 {
            append(Matter(rawValue: Int(p & 0xF))!)
            p >>= 4
        }
    }

    public var isEmpty: Bool { packed == 0 }
    public var array: [Matter] { Array(self) }
    public var underestimatedCount: Int { count }
    public func makeIterator() -> Iterator { Iterator(packed: packed) }

    public struct Iterator: IteratorProtocol {
        var packed: UInt32
        @inline(__always) public mutating func next() -> Matter? {
            guard packed != 0 else { return nil }
            defer { packed >>= 4 }
            return Matter(rawValue: Int(packed & 0xF))
        }
    }
}
