import LiushiCore

/// A configuration error: where (file, line, column — all 1-based) and what was wrong and expected,
/// in English and in Chinese. docs/DESIGN.md §4: every error names the file, line and column and shows the
/// offending line with a caret placed by display width.
public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var english: String
    public var chinese: String
    /// The text of the offending line, when there is one.
    public var sourceLine: String?

    public init(file: String, line: Int, column: Int, english: String, chinese: String, sourceLine: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.english = english
        self.chinese = chinese
        self.sourceLine = sourceLine
    }

    public func message(chinese: Bool) -> String { chinese ? self.chinese : english }

    /// `FILE:LINE:COL: message`, then the line indented by two spaces and a caret under the column.
    ///
    /// The caret is placed by display width: CJK characters take two columns. A tab counts as one
    /// column for simplicity, and so that this holds on screen the shown line has each tab replaced
    /// by one space.
    public func rendered(chinese: Bool) -> String {
        var out = "\(file):\(line):\(column): \(message(chinese: chinese).clipped(to: ConfigError.longestMessage))"
        guard let source = sourceLine else { return out }
        let (window, col) = ConfigError.window(source, column: column)
        let shown = ConfigError.displayable(window)
        out += "\n  " + shown + "\n  " + String(repeating: " ", count: ConfigError.caretOffset(shown, column: col)) + "^"
        return out
    }

    public var description: String { rendered(chinese: false) }

    /// Messages are cut at this many characters (a message quotes keys and values of the file).
    static let longestMessage = 2_000
    /// Scalars of the offending line shown around the column.
    static let shownBefore = 60, shownAfter = 100

    /// A long line's part around `column` (with … where cut), and the column within it.
    static func window(_ line: String, column: Int) -> (String, Int) {
        let count = line.unicodeScalars.count
        guard count > shownBefore + shownAfter else { return (line, column) }
        let scalars = Array(line.unicodeScalars)
        let start = min(max(0, column - 1 - shownBefore), count)
        let end = min(count, max(start, column - 1) + shownAfter)
        var view = String.UnicodeScalarView()
        if start > 0 { view.append("…") }
        view.append(contentsOf: scalars[start..<end])
        if end < count { view.append("…") }
        return (String(view), column - start + (start > 0 ? 1 : 0))
    }

    /// The display columns before `column` (1-based, counted in Unicode scalars as the YAML parser
    /// counts them). A column past the end of the line counts one column per missing scalar.
    static func caretOffset(_ line: String, column: Int) -> Int {
        let scalars = Array(line.unicodeScalars)
        let before = max(0, column - 1)
        let taken = min(before, scalars.count)
        var prefix = String.UnicodeScalarView()
        prefix.append(contentsOf: scalars[0..<taken])
        return DisplayWidth.of(String(prefix)) + (before - taken)
    }

    /// The line as shown under the message: tabs become one space (see `rendered`), and a stray
    /// carriage return is dropped.
    static func displayable(_ line: String) -> String {
        var s = String.UnicodeScalarView()
        for u in line.unicodeScalars where u != "\r" {
            s.append(u == "\t" ? " " : u)
        }
        // Controls made visible one column each, bidi controls dropped: the caret stays in place
        // only when nothing is dropped, which a real configuration line never has.
        return TerminalText.visible(String(s), keepLineBreaks: false)
    }

    /// The file could not be read (missing, a directory, no permission…): reported at line 1, column 1.
    public static func unreadable(file: String, reason: String) -> ConfigError {
        ConfigError(file: file, line: 1, column: 1,
                    english: "cannot read the file: \(reason); expected a readable YAML file",
                    chinese: "无法读取文件：\(reason)；应为可读取的 YAML 文件")
    }
}

extension String {
    /// The text cut to `limit` characters, with … at the cut (for quoting a file's text in a message).
    public func clipped(to limit: Int = 80) -> String {
        guard utf8.count > limit else { return self }
        var out = String(prefix(limit))
        if out.count < count { out += "…" }
        return out
    }
}
