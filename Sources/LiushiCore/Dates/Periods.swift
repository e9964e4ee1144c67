/// A period: an inclusive range of days [start, end].
public struct Period: Hashable, Sendable {
    public var start: Day
    public var end: Day
    @inline(__always) public init(_ start: Day, _ end: Day) { self.start = start; self.end = end }
    @inline(__always) public var length: Int { end - start + 1 }
}
