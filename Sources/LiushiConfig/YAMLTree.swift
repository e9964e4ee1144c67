import Yams

/// A YAML node as the configuration reads it: raw scalar text (never type-resolved), whether the
/// scalar was plain, and the position of its first character. Built either by `FastYAML` (the
/// common, simple files) or from Yams' tree (everything else, and every file with an error).
/// A class: entries and rule fields keep nodes to point at in messages, and passing a reference
/// costs less than copying a node's text and children.
final class YNode {
    enum Kind: UInt8 { case scalar, mapping, sequence, alias }
    enum Style: UInt8 { case plain, quoted, block }

    let kind: Kind
    let style: Style
    /// 1-based line and column (columns counted in Unicode scalars, as Yams counts them).
    let line: Int32
    let column: Int32
    /// A scalar's text.
    let string: String
    /// A sequence's items; a mapping's keys and values, alternating.
    let children: [YNode]

    init(kind: Kind, style: Style = .plain, line: Int, column: Int, string: String = "", children: [YNode] = []) {
        self.kind = kind
        self.style = style
        self.line = Int32(truncatingIfNeeded: line)
        self.column = Int32(truncatingIfNeeded: column)
        self.string = string
        self.children = children
    }

    var mark: MarkKey { MarkKey(line: Int(line), column: Int(column)) }

    /// A mapping's entries in order.
    var pairs: Pairs { Pairs(children: kind == .mapping ? children : []) }

    struct Pairs: Sequence {
        let children: [YNode]
        struct Iterator: IteratorProtocol {
            let children: [YNode]
            var i = 0
            mutating func next() -> (key: YNode, value: YNode)? {
                guard i + 1 < children.count else { return nil }
                defer { i += 2 }
                return (children[i], children[i + 1])
            }
        }
        func makeIterator() -> Iterator { Iterator(children: children) }
    }

    /// A plain null: an empty value, `~` or `null`.
    var isNull: Bool {
        guard kind == .scalar, style == .plain else { return false }
        // Compared byte by byte: most values are names in Chinese, which String's `==` would
        // compare with Unicode normalization.
        var u = string.utf8.makeIterator()
        guard let c0 = u.next() else { return true }
        if c0 == 0x7E { return u.next() == nil }                       // ~
        guard c0 == 0x6E || c0 == 0x4E, string.utf8.count == 4 else { return false }
        return string == "null" || string == "Null" || string == "NULL"
    }

    /// What this node is, to say what was found instead of what was expected.
    var kindWords: Words {
        if isNull { return Words("nothing", "空值") }
        switch kind {
        case .mapping: return Words("a mapping (key: value lines)", "映射（键: 值）")
        case .sequence: return Words("a list", "列表")
        case .scalar: return Words("the value `\(string)`", "值 `\(string)`")
        case .alias: return Words("an alias", "别名")
        }
    }

    /// The key's text, for a scalar key.
    var keyText: String? { kind == .scalar ? string : nil }

    /// Yams' node (for comparing readings: the program composes with `YAMLComposer`). Yams copies
    /// an anchored node at each of its aliases, so a few lines can stand for billions of nodes: nil
    /// when the tree has more than `budget` nodes, or nests deeper than `depth`.
    static func converting(_ node: Node, budget: inout Int, depth: Int = 0) -> YNode? {
        budget -= 1
        if budget < 0 || depth > 2 * YAMLLimits.maxDepth + 2 { return nil }
        let m = MarkKey(node.mark) ?? MarkKey(line: 1, column: 1)
        switch node {
        case .scalar(let s):
            let style: Style
            switch s.style {
            case .plain, .any: style = .plain
            case .singleQuoted, .doubleQuoted: style = .quoted
            case .literal, .folded: style = .block
            }
            return YNode(kind: .scalar, style: style, line: m.line, column: m.column,
                         string: s.string)
        case .mapping(let map):
            var children: [YNode] = []
            children.reserveCapacity(map.count * 2)
            for (k, v) in map {
                guard let key = converting(k, budget: &budget, depth: depth + 1),
                      let value = converting(v, budget: &budget, depth: depth + 1) else { return nil }
                children.append(key)
                children.append(value)
            }
            return YNode(kind: .mapping, line: m.line, column: m.column, children: children)
        case .sequence(let seq):
            var children: [YNode] = []
            children.reserveCapacity(seq.count)
            for n in seq {
                guard let item = converting(n, budget: &budget, depth: depth + 1) else { return nil }
                children.append(item)
            }
            return YNode(kind: .sequence, line: m.line, column: m.column, children: children)
        case .alias:
            return YNode(kind: .alias, line: m.line, column: m.column)
        }
    }
}

/// A parser for the plain subset of YAML that configuration files are written in: block mappings
/// and sequences indented with spaces, one-line flow lists and mappings, plain and quoted one-line
/// scalars, comments. It gives up (nil) on anything else — tabs, anchors, tags, block scalars,
/// multi-line scalars or flow collections, escapes, several documents, duplicate keys, any syntax
/// error — and the caller then composes the text with Yams, so every file still means exactly what
/// YAML says and every error is reported from Yams' reading. A test compares both readings on
/// thousands of texts.
enum FastYAML {
    static func parse(_ text: String) -> YNode? {
        var copy = text
        return copy.withUTF8 { bytes -> YNode? in
            var p = FastYAMLParser(bytes)
            return p.document()
        }
    }
}

private struct GiveUp: Error {}

/// One line with content: where the content starts (moved right for `- key: value`), where the
/// line ends (before its comment is not known yet), its indentation and its number.
private struct Line {
    var start: Int
    var end: Int
    var lineStart: Int
    var indent: Int
    var number: Int
}

/// Where the last column was counted: the next one on the same line is counted from there, so a
/// long one-line list costs linear time, not a recount from the line's start for every item.
private final class ColumnCache {
    var lineStart = -1
    var byte = 0
    var column = 1
}

private struct FastYAMLParser {
    let b: UnsafeBufferPointer<UInt8>
    var lines: [Line] = []
    var at = 0
    let columns = ColumnCache()

    init(_ b: UnsafeBufferPointer<UInt8>) { self.b = b }

    mutating func document() -> YNode? {
        do {
            try split()
            // A document start marker on the first line is allowed; anything else like it is not.
            if let first = lines.first, first.indent == 0, isMarker(first, "-") {
                if first.end - first.start > 3 && !isComment(first.start + 3, first.end) { throw GiveUp() }
                at = 1
            }
            guard at < lines.count else { return nil }
            let root = try node(parent: -1, depth: 1)
            guard at == lines.count else { return nil }
            return root
        } catch {
            return nil
        }
    }

    // MARK: Lines

    /// Splits the text into lines with content (blank and comment-only lines dropped) and gives up
    /// on bytes the subset does not take: tabs, carriage returns, control characters, a byte order
    /// mark, NEL, LS and PS (YAML line breaks), and the non-characters U+FFFE/U+FFFF.
    mutating func split() throws {
        let n = b.count
        var i = 0, number = 0
        lines.reserveCapacity(n / 24)
        while i < n {
            number += 1
            let lineStart = i
            var end = i
            while end < n && b[end] != 0x0A {
                let c = b[end]
                if c < 0x20 || c == 0x7F { throw GiveUp() }
                if c == 0xC2, end + 1 < n, b[end + 1] >= 0x80 && b[end + 1] <= 0x9F { throw GiveUp() }
                if c == 0xE2, end + 2 < n, b[end + 1] == 0x80, b[end + 2] == 0xA8 || b[end + 2] == 0xA9 { throw GiveUp() }
                if c == 0xEF, end + 2 < n,
                   (b[end + 1] == 0xBB && b[end + 2] == 0xBF) || (b[end + 1] == 0xBF && b[end + 2] >= 0xBE) { throw GiveUp() }
                end += 1
            }
            var s = lineStart
            while s < end && b[s] == 0x20 { s += 1 }
            if s < end && b[s] != 0x23 {
                var e = end
                while e > s && b[e - 1] == 0x20 { e -= 1 }
                let line = Line(start: s, end: e, lineStart: lineStart, indent: s - lineStart, number: number)
                if line.indent == 0, isMarker(line, ".") || (isMarker(line, "-") && !lines.isEmpty) || b[s] == 0x25 {
                    throw GiveUp() // `...`, a second `---`, a directive
                }
                lines.append(line)
            }
            i = end + 1
        }
    }

    /// `---` or `...` at the start of the line, followed by a space or the end.
    func isMarker(_ l: Line, _ c: Unicode.Scalar) -> Bool {
        let ch = UInt8(c.value)
        guard l.end - l.start >= 3, b[l.start] == ch, b[l.start + 1] == ch, b[l.start + 2] == ch else { return false }
        return l.end - l.start == 3 || b[l.start + 3] == 0x20
    }

    /// Only spaces, then nothing or a comment, from `i` to `end`.
    func isComment(_ i: Int, _ end: Int) -> Bool {
        var j = i
        while j < end && b[j] == 0x20 { j += 1 }
        return j == end || (b[j] == 0x23 && j > 0 && b[j - 1] == 0x20)
    }

    /// The 1-based column of byte `i` in its line, in Unicode scalars.
    func column(_ i: Int, lineStart: Int) -> Int {
        var col = 1
        var j = lineStart
        let cache = columns
        if cache.lineStart == lineStart && cache.byte <= i {
            col = cache.column
            j = cache.byte
        }
        while j < i {
            if b[j] & 0xC0 != 0x80 { col += 1 }
            j += 1
        }
        cache.lineStart = lineStart
        cache.byte = i
        cache.column = col
        return col
    }

    /// Gives up past `YAMLLimits.maxDepth` levels (the full composer reports the place).
    func checkDepth(_ depth: Int) throws {
        if depth > YAMLLimits.maxDepth { throw GiveUp() }
    }

    func text(_ s: Int, _ e: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)
    }

    func isSeqEntry(_ l: Line) -> Bool {
        b[l.start] == 0x2D && (l.start + 1 == l.end || b[l.start + 1] == 0x20)
    }

    // MARK: Block structure

    /// The node starting at the current line, inside a collection indented `parent`.
    mutating func node(parent: Int, depth: Int) throws -> YNode {
        let l = lines[at]
        if isSeqEntry(l) { return try sequence(indent: l.indent, parent: parent, depth: depth) }
        if try keyEnd(l) != nil { return try mapping(indent: l.indent, parent: parent, depth: depth) }
        // A scalar or flow collection alone on its line(s).
        var i = l.start
        let value = try inline(&i, l, flow: false, depth: depth)
        guard isComment(i, l.end) else { throw GiveUp() }
        at += 1
        if at < lines.count && lines[at].indent > parent { throw GiveUp() }
        return value
    }

    mutating func sequence(indent n: Int, parent: Int, depth: Int) throws -> YNode {
        try checkDepth(depth)
        let first = lines[at]
        var items: [YNode] = []
        while at < lines.count && lines[at].indent == n && isSeqEntry(lines[at]) {
            var l = lines[at]
            var i = l.start + 1
            while i < l.end && b[i] == 0x20 { i += 1 }
            if isComment(i, l.end) {
                at += 1
                if at < lines.count && lines[at].indent > n {
                    items.append(try node(parent: n, depth: depth + 1))
                } else {
                    items.append(YNode(kind: .scalar, line: l.number, column: column(i, lineStart: l.lineStart)))
                }
            } else {
                // `- key: value` or `- item`: the rest of the line is a node indented where it starts.
                l.indent += i - l.start
                l.start = i
                lines[at] = l
                items.append(try node(parent: n, depth: depth + 1))
            }
        }
        if at < lines.count && lines[at].indent > parent && !(lines[at].indent == n && n == parent) { throw GiveUp() }
        return YNode(kind: .sequence, line: first.number, column: column(first.start, lineStart: first.lineStart), children: items)
    }

    mutating func mapping(indent n: Int, parent: Int, depth: Int) throws -> YNode {
        try checkDepth(depth)
        let first = lines[at]
        var children: [YNode] = []
        var keySet: Set<String> = []
        while at < lines.count && lines[at].indent == n {
            let l = lines[at]
            guard let (key, colon) = try keyEnd(l) else { throw GiveUp() }
            try checkNew(key, in: children, &keySet)
            children.append(key)
            var i = colon + 1
            while i < l.end && b[i] == 0x20 { i += 1 }
            if isComment(i, l.end) {
                at += 1
                if at < lines.count && lines[at].indent > n {
                    children.append(try node(parent: n, depth: depth + 1))
                } else if at < lines.count && lines[at].indent == n && isSeqEntry(lines[at]) {
                    children.append(try sequence(indent: n, parent: n, depth: depth + 1))
                } else {
                    children.append(YNode(kind: .scalar, line: l.number, column: column(i, lineStart: l.lineStart)))
                }
            } else {
                let value = try inline(&i, l, flow: false, depth: depth + 1)
                guard isComment(i, l.end) else { throw GiveUp() }
                children.append(value)
                at += 1
                if at < lines.count && lines[at].indent > n { throw GiveUp() }
            }
        }
        if at < lines.count && lines[at].indent > parent { throw GiveUp() }
        return YNode(kind: .mapping, line: first.number, column: column(first.start, lineStart: first.lineStart), children: children)
    }

    /// When the line is `key: …`, the key and the position of its colon.
    func keyEnd(_ l: Line) throws -> (YNode, Int)? {
        var i = l.start
        let c = b[i]
        let key: YNode
        if c == 0x22 || c == 0x27 {
            key = try quoted(&i, l)
            // YAML's implicit keys are at most 1024 characters long.
            guard i - l.start <= 1024 else { return nil }
            while i < l.end && b[i] == 0x20 { i += 1 }
            // In a block the colon after a quoted key must be followed by a space (or the end).
            guard i < l.end, b[i] == 0x3A, i + 1 == l.end || b[i + 1] == 0x20 else { return nil }
        } else {
            guard plainCanStart(i, l.end, flow: false) else { return nil }
            let s = i
            var lastNonSpace = i
            while i < l.end {
                let ch = b[i]
                if ch == 0x3A && (i + 1 == l.end || b[i + 1] == 0x20) { break }
                if ch == 0x23 && b[i - 1] == 0x20 { return nil }
                if ch != 0x20 { lastNonSpace = i + 1 }
                i += 1
            }
            guard i < l.end, lastNonSpace - s <= 1024 else { return nil }
            key = YNode(kind: .scalar, line: l.number, column: column(s, lineStart: l.lineStart), string: text(s, lastNonSpace))
        }
        return (key, i)
    }

    /// Gives up on a key already in the mapping (keys compare by their text, quoted or not): Yams
    /// reads the text again and the second occurrence is reported. `children` are the mapping's
    /// keys and values so far; past 16 keys a set is kept in `seen`.
    func checkNew(_ key: YNode, in children: [YNode], _ seen: inout Set<String>) throws {
        let count = children.count / 2
        if count < 16 {
            var j = 0
            while j < children.count {
                if children[j].string == key.string { throw GiveUp() }
                j += 2
            }
            if count == 15 { for j in stride(from: 0, to: children.count, by: 2) { seen.insert(children[j].string) } }
        }
        if count >= 15, !seen.insert(key.string).inserted { throw GiveUp() }
    }

    // MARK: Values on one line

    /// Indicators that cannot start a plain scalar (`-` can, before a non-space, and so can `?`
    /// and `:` outside brackets: inside them libyaml always reads those two as indicators).
    func plainCanStart(_ i: Int, _ end: Int, flow: Bool) -> Bool {
        let c = b[i]
        if flow && (c == 0x3F || c == 0x3A) { return false }
        switch c {
        case 0x2D, 0x3F, 0x3A: // - ? :
            guard i + 1 < end else { return false }
            let next = b[i + 1]
            if next == 0x20 { return false }
            if flow && (next == 0x2C || next == 0x5B || next == 0x5D || next == 0x7B || next == 0x7D) { return false }
            return true
        case 0x2C, 0x5B, 0x5D, 0x7B, 0x7D, 0x23, 0x26, 0x2A, 0x21, 0x7C, 0x3E, 0x27, 0x22, 0x25, 0x40, 0x60:
            return false // , [ ] { } # & * ! | > ' " % @ `
        default:
            return true
        }
    }

    /// A scalar or flow collection starting at `i`; `i` ends after it.
    func inline(_ i: inout Int, _ l: Line, flow: Bool, depth: Int) throws -> YNode {
        let c = b[i]
        if c == 0x22 || c == 0x27 { return try quoted(&i, l) }
        if c == 0x5B { return try flowSequence(&i, l, depth: depth) }
        if c == 0x7B { return try flowMapping(&i, l, depth: depth) }
        guard plainCanStart(i, l.end, flow: flow) else { throw GiveUp() }
        let s = i
        var lastNonSpace = i
        while i < l.end {
            let ch = b[i]
            if ch == 0x3A {
                let next: UInt8 = i + 1 < l.end ? b[i + 1] : 0x20
                if flow {
                    // `key: value` inside braces ends the key; before `,?[]{}` a colon is an error
                    // (libyaml's rule); before anything else it is part of the text (`08:30`).
                    if next == 0x20 { break }
                    if next == 0x2C || next == 0x3F || next == 0x5B || next == 0x5D || next == 0x7B || next == 0x7D {
                        throw GiveUp()
                    }
                }
                // `key: value: more` is an error in a block.
                if next == 0x20 { throw GiveUp() }
            }
            if ch == 0x23 && b[i - 1] == 0x20 { break }
            if flow && (ch == 0x2C || ch == 0x5B || ch == 0x5D || ch == 0x7B || ch == 0x7D) { break }
            if flow && ch == 0x23 { throw GiveUp() }
            if ch != 0x20 { lastNonSpace = i + 1 }
            i += 1
        }
        let node = YNode(kind: .scalar, line: l.number, column: column(s, lineStart: l.lineStart), string: text(s, lastNonSpace))
        i = lastNonSpace
        return node
    }

    /// A one-line quoted scalar without escapes (`''` in single quotes is a quote).
    func quoted(_ i: inout Int, _ l: Line) throws -> YNode {
        let q = b[i]
        let s = i
        let col = column(s, lineStart: l.lineStart)
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < l.end else { throw GiveUp() }
            let ch = b[i]
            if ch == q {
                if q == 0x27 && i + 1 < l.end && b[i + 1] == 0x27 {
                    out.append(0x27)
                    i += 2
                    continue
                }
                i += 1
                break
            }
            if q == 0x22 && ch == 0x5C { throw GiveUp() }
            out.append(ch)
            i += 1
        }
        // A comment or the next token must be separated from the closing quote.
        if i < l.end && b[i] == 0x23 { throw GiveUp() }
        return YNode(kind: .scalar, style: .quoted, line: l.number, column: col,
                     string: String(decoding: out, as: UTF8.self))
    }

    func skipSpaces(_ i: inout Int, _ l: Line) {
        while i < l.end && b[i] == 0x20 { i += 1 }
    }

    /// After an item in brackets: a comma (and the spaces after it), or the closing bracket.
    func separator(_ i: inout Int, _ l: Line, closing: UInt8) throws {
        skipSpaces(&i, l)
        guard i < l.end else { throw GiveUp() }
        if b[i] == 0x2C {
            i += 1
            skipSpaces(&i, l)
        } else if b[i] != closing {
            throw GiveUp()
        }
    }

    func flowSequence(_ i: inout Int, _ l: Line, depth: Int) throws -> YNode {
        try checkDepth(depth)
        let s = i
        let col = column(s, lineStart: l.lineStart)
        i += 1
        var items: [YNode] = []
        skipSpaces(&i, l)
        while true {
            guard i < l.end else { throw GiveUp() }
            if b[i] == 0x5D { i += 1; break }
            items.append(try inline(&i, l, flow: true, depth: depth + 1))
            try separator(&i, l, closing: 0x5D)
        }
        return YNode(kind: .sequence, line: l.number, column: col, children: items)
    }

    func flowMapping(_ i: inout Int, _ l: Line, depth: Int) throws -> YNode {
        try checkDepth(depth)
        let s = i
        let col = column(s, lineStart: l.lineStart)
        i += 1
        var children: [YNode] = []
        var keySet: Set<String> = []
        skipSpaces(&i, l)
        while true {
            guard i < l.end else { throw GiveUp() }
            if b[i] == 0x7D { i += 1; break }
            guard b[i] != 0x5B && b[i] != 0x7B else { throw GiveUp() }
            let key = try inline(&i, l, flow: true, depth: depth + 1)
            skipSpaces(&i, l)
            // `key: value`, with a space after the colon and a value.
            guard i + 1 < l.end, b[i] == 0x3A, b[i + 1] == 0x20 else { throw GiveUp() }
            i += 2
            skipSpaces(&i, l)
            guard i < l.end, b[i] != 0x2C, b[i] != 0x7D else { throw GiveUp() }
            try checkNew(key, in: children, &keySet)
            children.append(key)
            children.append(try inline(&i, l, flow: true, depth: depth + 1))
            try separator(&i, l, closing: 0x7D)
        }
        return YNode(kind: .mapping, line: l.number, column: col, children: children)
    }
}
