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
        let all = [headers] + rows
        // Each cell's width, measured once (a cell with line breaks: its widest line; −1 marks
        // such a cell, which always goes through wrapping).
        var cellWidths = [[Int]](repeating: [], count: all.count)
        var widths = [Int](repeating: 0, count: n)
        for (r, cells) in all.enumerated() {
            var ws = [Int](repeating: 0, count: n)
            for c in 0..<n {
                let cell = cells[c]
                if cell.utf8.contains(10) || cell.utf8.contains(13) {
                    let w = cell.split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline })
                        .map { DisplayWidth.of($0) }.max() ?? 0
                    widths[c] = max(widths[c], w)
                    ws[c] = -1
                } else {
                    ws[c] = DisplayWidth.of(cell)
                    widths[c] = max(widths[c], ws[c])
                }
            }
            cellWidths[r] = ws
        }
        let total = { widths.reduce(0, +) + gap * (n - 1) }
        let order = flexible.sorted()
        while total() > maxWidth {
            // The widest flexible column gives way first; ties go to the rightmost (deterministic).
            guard let c = order.filter({ widths[$0] > 6 }).max(by: { widths[$0] < widths[$1] }) else { break }
            widths[c] -= 1
        }
        let spaces = String(repeating: " ", count: widths.reduce(0, +) + gap * (n + 1))
        var out = ""
        out.reserveCapacity(all.count * (maxWidth + 8))
        func emitLine(_ texts: [String], _ textWidths: [Int]) {
            var line = ""
            var pending = 0   // spaces owed before the next non-empty text (trailing ones are dropped)
            for c in 0..<n {
                let t = texts[c]
                if !t.isEmpty {
                    if pending > 0 { line += spaces.prefix(pending) }
                    line += t
                    pending = widths[c] - textWidths[c]
                } else {
                    pending += widths[c]
                }
                pending += gap
            }
            out += line
            out += "\n"
        }
        func emit(_ r: Int) {
            let cells = all[r], ws = cellWidths[r]
            if (0..<n).allSatisfy({ ws[$0] >= 0 && ws[$0] <= widths[$0] }) {
                emitLine(cells, ws)   // the common case: every cell fits on one line
                return
            }
            let wrapped = (0..<n).map { c -> [String] in
                ws[c] >= 0 && ws[c] <= widths[c] ? [cells[c]] : DisplayWidth.wrap(cells[c], width: max(1, widths[c]))
            }
            let height = wrapped.map(\.count).max() ?? 1
            for k in 0..<height {
                let texts = (0..<n).map { k < wrapped[$0].count ? wrapped[$0][k] : "" }
                emitLine(texts, texts.map { DisplayWidth.of($0) })
            }
        }
        emit(0)
        out += String(repeating: "-", count: min(maxWidth, total())) + "\n"
        let indent = "    "
        for r in 1..<all.count {
            emit(r)
            if r - 1 < below.count, !below[r - 1].isEmpty {
                for line in DisplayWidth.wrap(below[r - 1], width: max(1, maxWidth - indent.count)) {
                    out += indent + line + "\n"
                }
            }
        }
        return out
    }
}
