import LiushiCore

/// A plain-text table aligned by display width (CJK = 2 columns). Columns that do not fit are
/// narrowed, widest first, and their cells wrap inside the column, never across.
public struct TextTable {
    public var headers: [String]
    public var rows: [[String]]
    /// Columns that may be narrowed (and wrap); the others keep their natural width.
    public var flexible: Set<Int>

    public init(headers: [String], rows: [[String]], flexible: Set<Int> = []) {
        self.headers = headers
        self.rows = rows
        self.flexible = flexible
    }

    public func render(maxWidth: Int = 80, gap: Int = 2) -> String {
        let n = headers.count
        var widths = (0..<n).map { c in
            // A cell with line breaks is as wide as its widest line.
            ([headers[c]] + rows.map { $0[c] }).map { cell in
                cell.split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline }).map { DisplayWidth.of($0) }.max() ?? 0
            }.max() ?? 0
        }
        let total = { widths.reduce(0, +) + gap * (n - 1) }
        while total() > maxWidth {
            // The widest flexible column gives way first; ties go to the rightmost (deterministic).
            guard let c = flexible.sorted().filter({ widths[$0] > 6 }).max(by: { widths[$0] < widths[$1] }) else { break }
            widths[c] -= 1
        }
        var out: [String] = []
        func emit(_ cells: [String]) {
            let wrapped = (0..<n).map { c -> [String] in
                let cell = cells[c]
                // Most cells fit on one line: no need to wrap them.
                if !cell.contains(where: \.isNewline) && DisplayWidth.of(cell) <= widths[c] { return [cell] }
                return DisplayWidth.wrap(cell, width: max(1, widths[c]))
            }
            let height = wrapped.map(\.count).max() ?? 1
            for line in 0..<height {
                var parts: [String] = []
                for c in 0..<n {
                    let text = line < wrapped[c].count ? wrapped[c][line] : ""
                    parts.append(c == n - 1 ? text : DisplayWidth.pad(text, to: widths[c]))
                }
                out.append(String(parts.joined(separator: String(repeating: " ", count: gap)).trimmingSuffixSpaces()))
            }
        }
        emit(headers)
        out.append(String(repeating: "-", count: min(maxWidth, total())))
        for r in rows { emit(r) }
        return out.joined(separator: "\n") + "\n"
    }
}

extension String {
    func trimmingSuffixSpaces() -> Substring {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
