import LiushiCore

/// Rows laid out in columns of given widths: the part of `TextTable` that needs no other row, so
/// a long table can be written a piece at a time once its widths are known.
public struct TableLines: Sendable {
    public let widths: [Int]
    public let gap: Int
    /// The width `below` text wraps in (plus its indent).
    public let maxWidth: Int
    /// Columns of lists of names (see `TextTable.names`).
    public let names: Set<Int>
    /// Runs of spaces, by length, made once.
    let pads: [String]
    let indent = "    "

    public init(widths: [Int], gap: Int = 2, maxWidth: Int = 80, names: Set<Int> = []) {
        self.widths = widths
        self.gap = gap
        self.maxWidth = maxWidth
        self.names = names
        pads = (0...widths.reduce(0, +) + gap * (widths.count + 1)).map { String(repeating: " ", count: $0) }
    }

    /// The table's total width: the columns and the gaps between them.
    public var total: Int { widths.reduce(0, +) + gap * (widths.count - 1) }

    /// The dashes under the header.
    public var rule: String { String(repeating: "-", count: min(maxWidth, total)) + "\n" }

    /// Column widths that fit `maxWidth`: the widest flexible column gives way first (ties to the
    /// rightmost), down to its `soft` width; then every flexible column down to 6.
    public static func fit(natural: [Int], flexible: Set<Int>, soft: [Int], maxWidth: Int, gap: Int) -> [Int] {
        var natural = natural
        let n = natural.count
        let total = { (w: [Int]) in w.reduce(0, +) + gap * (n - 1) }
        let order = flexible.sorted().filter { $0 < n }
        while total(natural) > maxWidth {
            if let c = order.filter({ natural[$0] > soft[$0] }).max(by: { natural[$0] < natural[$1] }) {
                natural[c] -= 1
            } else if let c = order.filter({ natural[$0] > 6 }).max(by: { natural[$0] < natural[$1] }) {
                natural[c] -= 1
            } else {
                break
            }
        }
        return natural
    }

    /// A cell's display width, or −1 for a cell with a line break (which always goes through wrapping).
    @inline(__always) public static func measure(_ cell: String) -> Int {
        // Most cells (dates, times, English labels) are printable ASCII: one column a byte.
        let ascii = cell.utf8.withContiguousStorageIfAvailable { u -> Bool in
            for b in u where b < 0x20 || b >= 0x7F { return false }
            return true
        }
        if ascii == true { return cell.utf8.count }
        return TextTable.hasLineBreak(cell) ? -1 : DisplayWidth.of(cell)
    }

    /// One output line: the texts in their columns; trailing spaces are dropped.
    @inline(__always) func line(_ text: (Int) -> String, _ textWidth: (Int) -> Int, into out: inout String) {
        var pending = 0   // spaces owed before the next non-empty text
        for c in 0..<widths.count {
            let t = text(c)
            if !t.isEmpty {
                if pending > 0 { out += pads[min(pending, pads.count - 1)] }
                out += t
                pending = widths[c] - textWidth(c)
            } else {
                pending += widths[c]
            }
            pending += gap
        }
        out += "\n"
    }

    /// One row (its cells wrapped inside their columns when they do not fit) and the text below
    /// it. `cellWidth(c)`: the cell's width as `measure` gives it.
    public func append(_ row: [String], cellWidth: (Int) -> Int, below: String = "", cache: WrapCache? = nil, into out: inout String) {
        let n = widths.count
        var fits = true
        for c in 0..<n {
            let w = cellWidth(c)
            if w < 0 || w > widths[c] { fits = false; break }
        }
        if fits {
            // The common case: every cell fits on one line.
            line({ row[$0] }, cellWidth, into: &out)
        } else {
            let wrapped = (0..<n).map { c -> [String] in
                let w = cellWidth(c)
                if w >= 0 && w <= widths[c] { return [row[c]] }
                return wrap(row[c], column: c, cache: cache)
            }
            let height = wrapped.map(\.count).max() ?? 1
            for k in 0..<height {
                let texts = (0..<n).map { k < wrapped[$0].count ? wrapped[$0][k] : "" }
                line({ texts[$0] }, { DisplayWidth.of(texts[$0]) }, into: &out)
            }
        }
        if !below.isEmpty {
            for l in DisplayWidth.wrap(below, width: max(1, maxWidth - indent.count)) {
                out += indent + l + "\n"
            }
        }
    }

    /// A cell's lines in its column. The same cells come back row after row (labels, the note of
    /// a holiday): a piece of a table keeps their lines in `cache` for the next time (at most
    /// 4,096 of them).
    func wrap(_ text: String, column c: Int, cache: WrapCache?) -> [String] {
        let names = self.names.contains(c)
        let wrap = { names ? TextTable.wrapNames(text, width: max(1, self.widths[c])) : DisplayWidth.wrap(text, width: max(1, self.widths[c])) }
        guard let cache else { return wrap() }
        let key = WrapKey(text: text, column: c)
        if let lines = cache.lines[key] { return lines }
        let lines = wrap()
        if cache.lines.count >= 4_096 { cache.lines.removeAll(keepingCapacity: true) }
        cache.lines[key] = lines
        return lines
    }

    struct WrapKey: Hashable {
        var text: String
        var column: Int
    }

    /// Wrapped cells kept by one piece of a table (one thread): see `wrap`.
    public final class WrapCache {
        var lines: [WrapKey: [String]] = [:]
        public init() {}
    }

    /// `append`, measuring the cells itself.
    public func append(_ row: [String], below: String = "", cache: WrapCache? = nil, into out: inout String) {
        append(row, cellWidth: { TableLines.measure(row[$0]) }, below: below, cache: cache, into: &out)
    }
}
