import LiushiCore

/// A plain-text table aligned by display width (CJK = 2 columns). Columns that do not fit are
/// narrowed, widest first, and their cells wrap inside the column, never across.
public struct TextTable {
    public var headers: [String]
    public var rows: [[String]]
    /// Columns that may be narrowed (and wrap); the others keep their natural width.
    public var flexible: Set<Int>
    /// Optional text under a row, across the whole width (indented, wrapped): e.g. items due.
    public var below: [String]

    public init(headers: [String], rows: [[String]], flexible: Set<Int> = [], below: [String] = []) {
        self.headers = headers
        self.rows = rows
        self.flexible = flexible
        self.below = below
    }

    public func render(maxWidth: Int = 80, gap: Int = 2) -> String {
        let n = headers.count
        let rowCount = rows.count + 1
        func cells(_ r: Int) -> [String] { r == 0 ? headers : rows[r - 1] }
        // Each cell's width, measured once (a cell with line breaks: its widest line; −1 marks
        // such a cell, which always goes through wrapping). Row r's widths are at r * n.
        var cellWidths = [Int](repeating: 0, count: rowCount * n)
        var widths = [Int](repeating: 0, count: n)
        for r in 0..<rowCount {
            let row = cells(r)
            for c in 0..<n {
                let cell = row[c]
                if Self.hasLineBreak(cell) {
                    let w = cell.split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline })
                        .map { DisplayWidth.of($0) }.max() ?? 0
                    widths[c] = max(widths[c], w)
                    cellWidths[r * n + c] = -1
                } else {
                    let w = DisplayWidth.of(cell)
                    cellWidths[r * n + c] = w
                    widths[c] = max(widths[c], w)
                }
            }
        }
        let total = { widths.reduce(0, +) + gap * (n - 1) }
        let order = flexible.sorted()
        while total() > maxWidth {
            // The widest flexible column gives way first; ties go to the rightmost (deterministic).
            guard let c = order.filter({ widths[$0] > 6 }).max(by: { widths[$0] < widths[$1] }) else { break }
            widths[c] -= 1
        }
        // Runs of spaces, by length, made once.
        let pads = (0...widths.reduce(0, +) + gap * (n + 1)).map { String(repeating: " ", count: $0) }
        var out = ""
        out.reserveCapacity(rowCount * (maxWidth + 8))
        /// One output line: the texts in their columns; trailing spaces are dropped.
        func emitLine(_ text: (Int) -> String, _ textWidth: (Int) -> Int) {
            var pending = 0   // spaces owed before the next non-empty text
            for c in 0..<n {
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
        func emit(_ r: Int) {
            let row = cells(r), base = r * n
            var fits = true
            for c in 0..<n where cellWidths[base + c] < 0 || cellWidths[base + c] > widths[c] { fits = false; break }
            if fits {
                emitLine({ row[$0] }, { cellWidths[base + $0] })   // the common case: every cell fits on one line
                return
            }
            let wrapped = (0..<n).map { c -> [String] in
                let w = cellWidths[base + c]
                return w >= 0 && w <= widths[c] ? [row[c]] : DisplayWidth.wrap(row[c], width: max(1, widths[c]))
            }
            let height = wrapped.map(\.count).max() ?? 1
            for k in 0..<height {
                let texts = (0..<n).map { k < wrapped[$0].count ? wrapped[$0][k] : "" }
                emitLine({ texts[$0] }, { DisplayWidth.of(texts[$0]) })
            }
        }
        emit(0)
        out += String(repeating: "-", count: min(maxWidth, total())) + "\n"
        let indent = "    "
        for r in 1..<rowCount {
            emit(r)
            if r - 1 < below.count, !below[r - 1].isEmpty {
                for line in DisplayWidth.wrap(below[r - 1], width: max(1, maxWidth - indent.count)) {
                    out += indent + line + "\n"
                }
            }
        }
        return out
    }

    /// Whether the text has a line feed or carriage return.
    static func hasLineBreak(_ text: String) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable({ $0.contains(10) || $0.contains(13) }) { return found }
        return text.utf8.contains(10) || text.utf8.contains(13)
    }
}
