import LiushiCore

/// One terminal cell: a grapheme of width 1, the left half of a wide (2-column) grapheme, or the
/// right half of one (`text == ""`, `width == 0`, called a continuation).
public struct Cell: Hashable, Sendable {
    /// One grapheme; "" for the right half of a wide character.
    public var text: String
    /// 1, 2 for the left half of a wide character, 0 for its right half.
    public var width: UInt8
    public var style: Style

    public init(text: String = " ", width: UInt8 = 1, style: Style = .plain) {
        self.text = text
        self.width = width
        self.style = style
    }

    public static let blank = Cell()
    public var isContinuation: Bool { width == 0 }
}

/// A screen's worth of cells. Widths come from `DisplayWidth` (LiushiCore), the product's one
/// width function. Invariant: a wide character always occupies its cell and a continuation cell
/// to its right; writes that would break a wide character replace both halves of it by spaces.
public struct CellBuffer: Hashable, Sendable {
    public let width: Int
    public let height: Int
    /// Row-major cells, `width * height` of them.
    public private(set) var cells: [Cell]
    /// Where the terminal's cursor goes (after the typed text of a prompt, where input methods
    /// anchor their window); nil hides it.
    public var cursor: Cursor?

    public struct Cursor: Hashable, Sendable {
        public var x: Int
        public var y: Int
    }

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    @inline(__always) func contains(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// A cell; outside the buffer a blank cell is read and writes are ignored. Writing a wide
    /// cell also writes its continuation (or a space at the right edge); writing over half of a
    /// wide character blanks its other half. A continuation written directly becomes a space.
    public subscript(x: Int, y: Int) -> Cell {
        get { contains(x, y) ? cells[y * width + x] : .blank }
        set { if contains(x, y) { write(newValue, x, y) } }
    }

    /// Stores `cell` at (x, y), keeping the wide-character invariant. (x, y) must be inside.
    private mutating func write(_ cell: Cell, _ x: Int, _ y: Int) {
        let i = y * width + x
        clear(i, x)
        if cell.width == 2 {
            if x + 1 >= width {
                cells[i] = Cell(text: " ", width: 1, style: cell.style)
                return
            }
            clear(i + 1, x + 1)
            cells[i] = cell
            cells[i + 1] = Cell(text: "", width: 0, style: cell.style)
        } else if cell.width == 0 {
            cells[i] = Cell(text: " ", width: 1, style: cell.style)
        } else {
            cells[i] = cell
        }
    }

    /// Before cell i (column x) is overwritten: blanks the other half of a wide character there.
    @inline(__always) private mutating func clear(_ i: Int, _ x: Int) {
        let old = cells[i]
        if old.width == 0, x > 0 {
            cells[i - 1] = Cell(text: " ", width: 1, style: cells[i - 1].style)
        } else if old.width == 2, x + 1 < width {
            cells[i + 1] = Cell(text: " ", width: 1, style: cells[i + 1].style)
        }
    }

    /// Writes text at (x, y) clipped to `maxWidth` columns (and to the buffer's edges) by display
    /// width. A wide character that would not fit entirely is replaced by a space, never split;
    /// control characters become spaces and lone zero-width characters are dropped. Returns the
    /// columns used (including columns clipped off at a negative `x`).
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        var limit = width - x
        if let m = maxWidth { limit = min(limit, m) }
        guard limit > 0 else { return 0 }
        var used = 0
        for ch in text {
            var w = DisplayWidth.of(ch)
            var s = String(ch)
            if w == 0 {
                guard ch.unicodeScalars.contains(where: TerminalText.isControl)
                else { continue }
                w = 1
                s = " "
            }
            let col = x + used
            if used + w > limit {
                if col >= 0 && used < limit { write(Cell(text: " ", width: 1, style: style), col, y) }
                if used < limit { used += 1 }
                break
            }
            if col >= 0 {
                write(Cell(text: s, width: UInt8(w), style: style), col, y)
            } else if col + w > 0 {
                write(Cell(text: " ", width: 1, style: style), 0, y)   // a wide character cut by the left edge
            }
            used += w
        }
        return used
    }

    /// Sets a rectangle to spaces in `style` (clipped to the buffer).
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, style: Style) {
        let x0 = max(0, x), y0 = max(0, y)
        let x1 = min(width, x + max(0, w)), y1 = min(height, y + max(0, h))
        guard x0 < x1, y0 < y1 else { return }
        let blank = Cell(text: " ", width: 1, style: style)
        for row in y0..<y1 { for col in x0..<x1 { write(blank, col, row) } }
    }

    /// Changes the style of a rectangle's cells without touching their text (both halves of a
    /// wide character that the rectangle cuts are restyled).
    mutating func restyle(x: Int, y: Int, width w: Int, height h: Int, _ change: (inout Style) -> Void) {
        let x0 = max(0, x), y0 = max(0, y)
        let x1 = min(width, x + max(0, w)), y1 = min(height, y + max(0, h))
        guard x0 < x1, y0 < y1 else { return }
        for row in y0..<y1 {
            let base = row * width
            let a = cells[base + x0].width == 0 && x0 > 0 ? x0 - 1 : x0
            let b = x1 < width && cells[base + x1].width == 0 ? x1 + 1 : x1
            for col in a..<b { change(&cells[base + col].style) }
        }
    }

    /// The rows as plain text (a wide character once, its continuation skipped), trailing
    /// spaces trimmed — for tests and logs.
    public func lines() -> [String] {
        (0..<height).map { row in
            var s = ""
            for col in 0..<width {
                let c = cells[row * width + col]
                if c.width != 0 { s += c.text }
            }
            while s.last == " " { s.removeLast() }
            return s
        }
    }

    /// The rows that differ from `old` (all of them when `old` is nil or of another size).
    public func changedRows(since old: CellBuffer?) -> [Int] {
        guard let old, old.width == width, old.height == height else { return Array(0..<height) }
        var out: [Int] = []
        cells.withUnsafeBufferPointer { a in
            old.cells.withUnsafeBufferPointer { b in
                for row in 0..<height {
                    let base = row * width
                    for col in 0..<width where a[base + col] != b[base + col] {
                        out.append(row)
                        break
                    }
                }
            }
        }
        return out
    }
}
