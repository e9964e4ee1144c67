/// Terminal display width: the one measure of text width for the whole product (screen, text
/// reports, error carets). Widths are glibc's `wcwidth` in a UTF-8 locale (the table in
/// WidthTable.swift is generated from it), so they agree with what ncursesw draws:
/// CJK = 2 columns, ASCII = 1, combining marks = 0; control characters count as 0.
public enum DisplayWidth {

    /// Binary search of a table of (low, high) pairs.
    @inline(__always)
    private static func contains(_ table: [UInt32], _ v: UInt32) -> Bool {
        let pairs = table.count >> 1
        guard pairs > 0, v >= table[0], v <= table[table.count - 1] else { return false }
        var lo = 0, hi = pairs - 1
        while lo <= hi {
            let mid = (lo + hi) >> 1
            if v > table[2 &* mid &+ 1] {
                lo = mid + 1
            } else if v < table[2 &* mid] {
                hi = mid - 1
            } else {
                return true
            }
        }
        return false
    }

    /// Columns of one Unicode scalar: 0, 1 or 2.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x7F { return v >= 0x20 ? 1 : 0 }
        if contains(WidthTable.wide, v) { return 2 }
        if contains(WidthTable.zero, v) { return 0 }
        return 1
    }

    /// Columns of a grapheme: the widest of its scalars (a base letter with combining marks
    /// is as wide as the letter; an emoji sequence as wide as its widest emoji).
    public static func of(_ character: Character) -> Int {
        var width = 0
        for scalar in character.unicodeScalars {
            let w = of(scalar)
            if w > width { width = w }
        }
        return width
    }

    /// Columns of a text: the sum over its characters.
    public static func of(_ text: some StringProtocol) -> Int {
        // Fast path: when every scalar is one that always forms a grapheme of its own (ASCII,
        // Latin-1, common punctuation, CJK ideographs and punctuation, fullwidth forms), the sum
        // over scalars is the sum over characters, without grapheme breaking.
        var total = 0
        for scalar in text.unicodeScalars {
            guard let w = singleScalarGraphemeWidth(scalar.value) else {
                total = 0
                for character in text { total += of(character) }
                return total
            }
            total += w
        }
        return total
    }

    /// The width of scalars that never join a neighbour into one grapheme (Grapheme_Cluster_Break
    /// Other or Control, and no emoji), or nil for any other scalar. Tested against `of(_:)`.
    @inline(__always)
    static func singleScalarGraphemeWidth(_ v: UInt32) -> Int? {
        switch v {
        case 0x20..<0x7F: return 1
        case 0..<0x20, 0x7F..<0xA0: return 0
        case 0xA0...0xFF, 0x2010...0x2027: return 1
        case 0x3000...0x3029, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF01...0xFF60: return 2
        default: return nil
        }
    }

    /// The longest prefix of `text` that fits in `width` columns together with `ellipsis`,
    /// followed by `ellipsis`; `text` itself when it fits. Never splits a character, so the
    /// result may be one column narrower than `width` when a wide character would straddle it.
    /// When not even the ellipsis fits, the prefix alone (without ellipsis) is returned.
    public static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        if of(text) <= width { return text }
        let ellipsisWidth = of(ellipsis)
        let withEllipsis = ellipsisWidth <= width
        let budget = withEllipsis ? width - ellipsisWidth : width
        var used = 0
        var end = text.startIndex
        while end < text.endIndex {
            let w = of(text[end])
            if used + w > budget { break }
            used += w
            end = text.index(after: end)
        }
        let prefix = String(text[..<end])
        return withEllipsis ? prefix + ellipsis : prefix
    }

    /// `text` truncated (with "…") to `width` columns if longer, then padded with spaces to
    /// exactly `width` columns: on the right, or on the left when `alignRight`.
    public static func pad(_ text: String, to width: Int, alignRight: Bool = false) -> String {
        guard width > 0 else { return "" }
        let cut = truncate(text, to: width)
        let fill = width - of(cut)
        if fill <= 0 { return cut }
        let spaces = String(repeating: " ", count: fill)
        return alignRight ? spaces + cut : cut + spaces
    }

    /// Greedy word wrap by display width. Lines break at spaces where possible (the spaces at
    /// a break are dropped), before and after any wide (CJK) character, and inside a word only
    /// when the word alone is wider than a line. Closing punctuation (，。、）」 …) stays with
    /// the character before it and wide opening punctuation (（「《 …) with the one after it.
    /// Newlines in `text` end lines. Every line is at most `width` columns wide (a width below
    /// 1 counts as 1, and a single character wider than the line gets a line of its own).
    /// Never returns an empty array: `wrap("", width: n) == [""]`.
    public static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(width, 1)
        var lines: [String] = []
        let paragraphs = text.split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline })
        for paragraph in paragraphs {
            wrapParagraph(paragraph, width: width, into: &lines)
        }
        return lines.isEmpty ? [""] : lines
    }

    private enum Token {
        case spaces(Int)
        case word(String, Int)
    }

    /// Punctuation kept with the character before it / after it, by scalar value (a lookup by
    /// `Character` hashes a normalized string: far slower in this loop).
    private static let closingPunctuation: Set<UInt32> = Set("，。、；：？！）》」』】〉〕］｝”’…·,.;:?!)]}%".unicodeScalars.map(\.value))
    private static let openingPunctuation: Set<UInt32> = Set("（《「『【〈〔［｛“‘".unicodeScalars.map(\.value))

    /// Whether a one-scalar character is in `set`.
    @inline(__always) private static func isOne(_ c: Character, of set: Set<UInt32>) -> Bool {
        let scalars = c.unicodeScalars
        guard let first = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex else { return false }
        return set.contains(first.value)
    }

    /// Splits a paragraph into runs of spaces and unbreakable words.
    private static func tokens(_ paragraph: Substring) -> [Token] {
        var tokens: [Token] = []
        var word = ""
        var wordWidth = 0
        var breakAfter = false   // the word ends with a wide character: a break may follow it
        var joinNext = false     // the word ends with opening punctuation: no break may follow it
        func endWord() {
            if !word.isEmpty { tokens.append(.word(word, wordWidth)) }
            word = ""
            wordWidth = 0
            breakAfter = false
            joinNext = false
        }
        for character in paragraph {
            if character == " " {
                endWord()
                if case .spaces(let n)? = tokens.last {
                    tokens[tokens.count - 1] = .spaces(n + 1)
                } else {
                    tokens.append(.spaces(1))
                }
                continue
            }
            let w = of(character)
            if w == 0 || isOne(character, of: closingPunctuation) {
                if word.isEmpty, case .word(let previous, let previousWidth)? = tokens.last {
                    tokens.removeLast()
                    word = previous
                    wordWidth = previousWidth
                }
                word.append(character)
                wordWidth += w
                if w > 0 {
                    breakAfter = w == 2
                    joinNext = false
                }
            } else if w == 2 {
                if !joinNext { endWord() }
                word.append(character)
                wordWidth += w
                joinNext = isOne(character, of: openingPunctuation)
                breakAfter = !joinNext
            } else {
                if breakAfter { endWord() }
                word.append(character)
                wordWidth += w
                joinNext = isOne(character, of: openingPunctuation)
            }
        }
        endWord()
        return tokens
    }

    private static func wrapParagraph(_ paragraph: Substring, width: Int, into lines: inout [String]) {
        var line = ""
        var lineWidth = 0
        var hasWord = false      // the line holds more than indentation
        var pendingSpaces = 0    // spaces after the line's last word, written only if a word follows
        var atStart = true       // still at the beginning of the paragraph: spaces are indentation
        func endLine() {         // called only when the line has a word
            lines.append(line)
            line = ""
            lineWidth = 0
            hasWord = false
            pendingSpaces = 0
        }
        for token in tokens(paragraph) {
            switch token {
            case .spaces(let n):
                if atStart {
                    let k = min(n, width - 1)
                    line = String(repeating: " ", count: max(k, 0))
                    lineWidth = line.count
                } else if hasWord {
                    pendingSpaces += n
                }
            case .word(let word, let w):
                atStart = false
                let gap = hasWord ? pendingSpaces : 0
                if lineWidth + gap + w <= width {
                    line += String(repeating: " ", count: gap) + word
                    lineWidth += gap + w
                } else if w <= width {
                    if hasWord { endLine() } else { line = ""; lineWidth = 0 }
                    line = word
                    lineWidth = w
                } else {
                    // Wider than a line: fill the current line, then break between characters.
                    if hasWord {
                        if lineWidth + gap < width {
                            line += String(repeating: " ", count: gap)
                            lineWidth += gap
                        } else {
                            endLine()
                        }
                    }
                    for character in word {
                        let cw = of(character)
                        if lineWidth + cw > width && lineWidth > 0 {
                            if hasWord { endLine() } else { line = ""; lineWidth = 0 }
                        }
                        line.append(character)
                        lineWidth += cw
                        hasWord = true
                    }
                }
                hasWord = true
                pendingSpaces = 0
            }
        }
        lines.append(line)
    }
}
