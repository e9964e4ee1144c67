import LiushiConfig
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
    /// Columns of lists of names ("村两委干部（陈书记）、党员群众代表"): their cells wrap only after
    /// `、`, before `（` and at spaces, so a name stays whole, and they are narrowed below their
    /// widest name only when the other columns are down to 10. A name wider than the column
    /// wraps as usual.
    public var names: Set<Int>

    public init(headers: [String], rows: [[String]], flexible: Set<Int> = [], below: [String] = [], names: Set<Int> = []) {
        self.headers = headers
        self.rows = rows
        self.flexible = flexible
        self.below = below
        self.names = names
    }

    /// The unbreakable pieces of one line of a names cell: a piece ends after `、` or a space,
    /// and a new one starts at `（`.
    static func namePieces(_ line: Substring) -> [String] {
        var pieces: [String] = []
        var current = ""
        for ch in line {
            if ch == "（" || ch == "(", !current.isEmpty { pieces.append(current); current = "" }
            current.append(ch)
            if ch == "、" || ch == " " || ch == "，" || ch == "," { pieces.append(current); current = "" }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// Wraps a names cell: whole pieces greedily, a piece wider than the column by `DisplayWidth.wrap`.
    public static func wrapNames(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline }) {
            var line = "", lineWidth = 0
            for piece in namePieces(paragraph) {
                let w = DisplayWidth.of(piece)
                if lineWidth + w <= width {
                    line += piece
                    lineWidth += w
                    continue
                }
                if !line.isEmpty { lines.append(line.trimmingTrailingSpaces()); line = ""; lineWidth = 0 }
                let trimmed = piece.trimmingTrailingSpaces()
                if DisplayWidth.of(trimmed) <= width {
                    line = piece
                    lineWidth = w
                } else {
                    let parts = DisplayWidth.wrap(trimmed, width: width)
                    lines.append(contentsOf: parts.dropLast())
                    line = parts.last ?? ""
                    lineWidth = DisplayWidth.of(line)
                }
            }
            lines.append(line.trimmingTrailingSpaces())
        }
        return lines.isEmpty ? [""] : lines
    }

    /// The widest unbreakable piece of a names cell.
    static func widestName(_ text: String) -> Int {
        var widest = 0
        for line in text.split(whereSeparator: { $0.isNewline }) {
            for piece in namePieces(line) { widest = max(widest, DisplayWidth.of(piece.trimmingTrailingSpaces())) }
        }
        return widest
    }

    public func render(maxWidth: Int = 80, gap: Int = 2) -> String {
        render(maxWidth: maxWidth, gap: gap, pieces: Parallel.cores)
    }

    /// `pieces`: how many parts of a long table are measured and laid out at once (tests compare).
    func render(maxWidth: Int, gap: Int, pieces maxPieces: Int) -> String {
        let n = headers.count
        let rowCount = rows.count + 1
        let headers = self.headers, rows = self.rows, below = self.below, names = self.names
        func cells(_ r: Int) -> [String] { r == 0 ? headers : rows[r - 1] }
        // Each cell's width, measured once (a cell with line breaks: its widest line; −1 marks
        // such a cell, which always goes through wrapping). Row r's widths are at r * n. A long
        // table is measured, and later laid out, in pieces at once.
        let measured = Parallel.map(count: rowCount, minimum: 5_000, maxPieces: maxPieces) { range -> (cells: [Int], columns: [Int]) in
            var cellWidths = [Int](repeating: 0, count: range.count * n)
            var widths = [Int](repeating: 0, count: n)
            for r in range {
                let row = cells(r), base = (r - range.lowerBound) * n
                for c in 0..<n {
                    let cell = row[c]
                    if Self.hasLineBreak(cell) {
                        let w = cell.split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline })
                            .map { DisplayWidth.of($0) }.max() ?? 0
                        widths[c] = max(widths[c], w)
                        cellWidths[base + c] = -1
                    } else {
                        let w = DisplayWidth.of(cell)
                        cellWidths[base + c] = w
                        widths[c] = max(widths[c], w)
                    }
                }
            }
            return (cellWidths, widths)
        }
        let cellWidths = measured.count == 1 ? measured[0].cells : measured.flatMap(\.cells)
        var natural = [Int](repeating: 0, count: n)
        for piece in measured { for c in 0..<n { natural[c] = max(natural[c], piece.columns[c]) } }
        // First, names columns keep their widest name while the other flexible columns can give
        // way down to 10 columns; then every flexible column gives way down to 6.
        var soft = [Int](repeating: 6, count: n)
        for c in flexible.sorted() where c < n {
            if names.contains(c) {
                var widest = 0
                for r in 0..<rowCount { widest = max(widest, Self.widestName(cells(r)[c])) }
                soft[c] = max(6, min(widest, natural[c]))
            } else {
                soft[c] = max(6, min(10, natural[c]))
            }
        }
        let lines = TableLines(widths: TableLines.fit(natural: natural, flexible: flexible, soft: soft, maxWidth: maxWidth, gap: gap),
                               gap: gap, maxWidth: maxWidth, names: names)
        func emit(_ r: Int, into out: inout String) {
            let base = r * n
            let text = r > 0 && r - 1 < below.count ? below[r - 1] : ""
            lines.append(cells(r), cellWidth: { cellWidths[base + $0] }, below: text, into: &out)
        }
        var out = ""
        out.reserveCapacity(rowCount * (maxWidth + 8))
        emit(0, into: &out)
        out += lines.rule
        let pieces = Parallel.map(count: rowCount - 1, minimum: 5_000, maxPieces: maxPieces) { range -> String in
            var part = ""
            part.reserveCapacity(range.count * (maxWidth + 8))
            for r in range { emit(r + 1, into: &part) }
            return part
        }
        for part in pieces { out += part }
        return out
    }

    /// Whether the text has a line feed or carriage return.
    static func hasLineBreak(_ text: String) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable({ $0.contains(10) || $0.contains(13) }) { return found }
        return text.utf8.contains(10) || text.utf8.contains(13)
    }
}

extension StringProtocol {
    /// Without the spaces at the end.
    func trimmingTrailingSpaces() -> String {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " { end = index(before: end) }
        return String(self[startIndex..<end])
    }
}
