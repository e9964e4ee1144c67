import LiushiCore
import Yams

/// A message in both languages.
struct Words {
    var en: String
    var zh: String
    init(_ en: String, _ zh: String) { self.en = en; self.zh = zh }
}

/// A position as Yams reports it (1-based line, 1-based column counted in Unicode scalars).
struct MarkKey: Hashable, Comparable {
    var line: Int
    var column: Int
    init(line: Int, column: Int) { self.line = line; self.column = column }
    init?(_ mark: Mark?) {
        guard let m = mark else { return nil }
        line = m.line
        column = m.column
    }
    static func < (a: MarkKey, b: MarkKey) -> Bool { (a.line, a.column) < (b.line, b.column) }
}

/// One file being parsed: its name and its lines, so that errors can show the offending line.
struct SourceFile {
    let file: String
    /// The whole text; its lines are split only when an error needs one.
    let text: String
    var lines: [String] { SourceFile.splitLines(text) }

    init(file: String, text: String) {
        self.file = file
        self.text = text
    }

    /// Lines split at the line breaks YAML knows (LF, CRLF, CR, NEL, LS, PS).
    static func splitLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var previousCR = false
        for u in text.unicodeScalars {
            if u == "\n" && previousCR { previousCR = false; continue }
            previousCR = false
            if u == "\n" || u == "\r" || u == "\u{85}" || u == "\u{2028}" || u == "\u{2029}" {
                lines.append(String(current))
                current = String.UnicodeScalarView()
                previousCR = u == "\r"
            } else {
                current.append(u)
            }
        }
        lines.append(String(current))
        return lines
    }

    func error(line: Int, column: Int, _ w: Words) -> ConfigError {
        let l = max(1, line), c = max(1, column)
        let all = lines
        let shown = l <= all.count ? all[l - 1] : nil
        return ConfigError(file: file, line: l, column: c, english: w.en, chinese: w.zh, sourceLine: shown)
    }

    func error(at mark: MarkKey, _ w: Words) -> ConfigError {
        error(line: mark.line, column: mark.column, w)
    }

    func error(at node: YNode, _ w: Words) -> ConfigError {
        error(line: Int(node.line), column: Int(node.column), w)
    }
}

// MARK: - Composing a document

/// Which reader configuration text goes through. The fast reader is on unless a benchmark turns it
/// off for a scope (`YAMLReading.$fastReader.withValue(false) { … }`) to time the composer alone;
/// see docs/PERFORMANCE.md. A task-local value: no global state is written.
public enum YAMLReading {
    @TaskLocal public static var fastReader = true
}

enum YAMLDocument {
    /// Reads a document with `read`: from `FastYAML`'s tree when the text is in its subset and
    /// reads without a problem, else from the full composer's tree, where every error is found and
    /// reported. `empty` is the message for an empty document. A text larger than
    /// `YAMLLimits.maxBytes` is refused before anything reads it; both readers stop at
    /// `YAMLLimits.maxDepth` levels of nesting.
    static func read<T>(_ text: String, file: String, empty: Words,
                        _ read: (YNode, SourceFile) throws(ConfigError) -> T) throws(ConfigError) -> T {
        let plain = SourceFile(file: file, text: text)
        let size = text.utf8.count
        guard size <= YAMLLimits.maxBytes else {
            throw ConfigError(file: file, line: 1, column: 1,
                              english: "the file is \(size >> 20) MB; configuration files may be at most \(YAMLLimits.maxBytes >> 20) MB",
                              chinese: "文件有 \(size >> 20) MB；配置文件最大 \(YAMLLimits.maxBytes >> 20) MB", sourceLine: nil)
        }
        // (The fast reader gives up on duplicate keys and on deep nesting itself.)
        if YAMLReading.fastReader, let root = FastYAML.parse(text), let value = try? read(root, plain) {
            if size > 200_000 { Parallel.releaseInBackground(root) }
            return value
        }
        var src = plain
        guard let root = try compose(&src, text: text) else {
            throw src.error(line: 1, column: 1, empty)
        }
        return try read(root, src)
    }

    /// Parses `text` into its root node (nil for an empty document) without resolving any types:
    /// callers read the raw scalar strings. Syntax errors come back with libyaml's line and column
    /// (the positions Yams reports). Duplicate keys are errors at their second occurrence,
    /// whatever their quoting, naming the line of the first.
    static func compose(_ src: inout SourceFile, text: String) throws(ConfigError) -> YNode? {
        // Far more nodes than the text has characters can only come from aliases.
        switch YAMLComposer.compose(text, budget: 4 * text.utf8.count + 1_000) {
        case .success(let root):
            return root
        case .failure(let failure):
            throw convert(failure, src, text: text)
        }
    }

    static let hintEn = "; expected valid YAML (check the indentation, the space after each `:`, and quotes)"
    static let hintZh = "；应为合法的 YAML（请检查缩进、每个 `:` 后的空格和引号）"

    /// Converts a composing failure into a ConfigError at its position.
    static func convert(_ failure: ComposeFailure, _ src: SourceFile, text: String) -> ConfigError {
        switch failure {
        case .secondDocument(let at):
            return src.error(at: at, Words(
                "a second YAML document starts here; expected one document per file (remove the `---` line)",
                "这里开始了第二个 YAML 文档；每个文件只能有一个文档（请删去 `---` 这一行）"))
        case .undefinedAlias(let at):
            return src.error(at: at, Words("YAML syntax error: found undefined alias" + hintEn, "YAML 语法错误：found undefined alias" + hintZh))
        case .tooDeep(let at):
            return tooDeep(src, at)
        case .aliasBomb:
            return src.error(line: 1, column: 1, Words(
                "the aliases (`*name`) in this file repeat its values too many times; write the values out",
                "文件中的别名（`*名称`）把内容重复了太多次；请直接写出各个值"))
        case .duplicate(let key, let second, let firstLine):
            let shown = key.clipped()
            return src.error(at: second, Words(
                "duplicate key `\(shown)` (first at line \(firstLine)); each key may appear once in a mapping",
                "重复的键 `\(shown)`（第一次出现在第 \(firstLine) 行）；同一层里每个键只能出现一次"))
        case .syntax(let kind, let problem, let mark, let context, let byteOffset):
            switch kind {
            case .reader:
                let pos = byteOffset.map { position(ofByteOffset: $0, in: text) } ?? MarkKey(line: 1, column: 1)
                return src.error(at: pos, Words(
                    "cannot read the text: \(problem); expected UTF-8 text without control characters",
                    "无法读取文本：\(problem)；应为不含控制字符的 UTF-8 文本"))
            case .memory:
                return src.error(line: 1, column: 1, Words("cannot parse YAML: \(problem)", "无法解析 YAML：\(problem)"))
            case .scanner, .parser:
                if problem.hasPrefix("Maximum nesting level reached") { return tooDeep(src, mark) }
                var en = "YAML syntax error: \(problem)"
                var zh = "YAML 语法错误：\(problem)"
                if let c = context {
                    en += " (\(c.text), line \(c.mark.line) column \(c.mark.column))"
                    zh += "（\(c.text)，第 \(c.mark.line) 行第 \(c.mark.column) 列）"
                }
                // At the end of the text (an unclosed quote or bracket) the place that was left open
                // is the useful one to show.
                var at = mark
                if problem.contains("end of stream"), let c = context { at = c.mark }
                return src.error(at: at, Words(en + hintEn, zh + hintZh))
            }
        }
    }

    static func tooDeep(_ src: SourceFile, _ at: MarkKey) -> ConfigError {
        src.error(at: at, Words(
            "lists and mappings nest more than \(YAMLLimits.maxDepth) levels deep here; a configuration needs a few",
            "列表和映射在这里嵌套超过 \(YAMLLimits.maxDepth) 层；配置只需要几层"))
    }

    /// The 1-based line and scalar column of the byte at `offset` (LF, CRLF, CR, NEL, LS, PS end lines).
    static func position(ofByteOffset offset: Int, in text: String) -> MarkKey {
        var line = 1, column = 1, previousCR = false, i = 0
        for u in text.unicodeScalars {
            if i >= offset { break }
            i += UTF8.width(u)
            if u == "\n" && previousCR { previousCR = false; continue }
            previousCR = u == "\r"
            if u == "\n" || u == "\r" || u == "\u{85}" || u == "\u{2028}" || u == "\u{2029}" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return MarkKey(line: line, column: column)
    }

}

// MARK: - Reading nodes

/// A key of a mapping with its value.
struct Entry {
    let keyNode: YNode
    let value: YNode
    var key: String { keyNode.string }
}

enum Read {
    /// Where to point for a value: at its key when the value is empty (an empty value's own
    /// position is wherever the next token starts).
    static func anchor(_ value: YNode, key: YNode?) -> YNode {
        if let key, value.isNull { return key }
        return value
    }

    static func expected(_ value: YNode, key: YNode?, field: String, _ expectedWords: @autoclosure () -> Words,
                         _ src: SourceFile) -> ConfigError {
        let found = value.kindWords
        let expected = expectedWords()
        return src.error(at: anchor(value, key: key), Words(
            "`\(field)` must be \(expected.en), found \(found.en)",
            "`\(field)` 应为\(expected.zh)，这里是\(found.zh)"))
    }

    /// The entries of a mapping, each key checked against `allowed`.
    static func entries(_ node: YNode, key: YNode?, field fieldText: @autoclosure () -> String, allowed: [String], _ src: SourceFile)
        throws(ConfigError) -> [Entry] {
        guard node.kind == .mapping else {
            throw expected(node, key: key, field: fieldText(),
                           Words("a mapping with the keys \(allowed.joined(separator: ", "))",
                                 "含有键 \(allowed.joined(separator: "、")) 的映射"), src)
        }
        var out: [Entry] = []
        out.reserveCapacity(node.children.count / 2)
        for (k, v) in node.pairs {
            guard let name = k.keyText else {
                let field = fieldText()
                throw src.error(at: k, Words("a key in `\(field)` must be plain text", "`\(field)` 中的键应为文字"))
            }
            guard allowed.contains(name) else {
                let field = fieldText()
                let shown = name.clipped()
                var en = "unknown key `\(shown)` in `\(field)`; allowed keys: \(allowed.joined(separator: ", "))"
                var zh = "`\(field)` 中有未知的键 `\(shown)`；允许的键：\(allowed.joined(separator: "、"))"
                if let guess = closest(name, allowed) {
                    en += " (did you mean `\(guess)`?)"
                    zh += "（是不是 `\(guess)`？）"
                }
                throw src.error(at: k, Words(en, zh))
            }
            out.append(Entry(keyNode: k, value: v))
        }
        return out
    }

    /// The raw text of a scalar (never type-resolved: `08:30`, `5` and `"5"` are text).
    static func text(_ node: YNode, key: YNode?, field: @autoclosure () -> String, _ expectedWhat: @autoclosure () -> Words,
                     _ src: SourceFile) throws(ConfigError) -> String {
        guard node.kind == .scalar, !node.isNull else {
            throw expected(node, key: key, field: field(), expectedWhat(), src)
        }
        return node.string.trimmedText()
    }

    /// The items of a list; a single value stands for a list of one when `single` is true.
    static func items(_ node: YNode, key: YNode?, field: @autoclosure () -> String, single: Bool,
                      _ expectedWhat: @autoclosure () -> Words, _ src: SourceFile) throws(ConfigError) -> [YNode] {
        if node.kind == .sequence { return node.children }
        if single && node.kind == .scalar && !node.isNull { return [node] }
        throw expected(node, key: key, field: field(), expectedWhat(), src)
    }

    /// The allowed word closest to `word`, when it is a likely typo.
    static func closest(_ word: String, _ candidates: [String]) -> String? {
        // A typo is within two edits: a much longer word is none (and its table would be huge).
        let longest = candidates.map(\.count).max() ?? 0
        guard word.utf8.count <= 4 * longest + 8 else { return nil }
        let w = Array(word.lowercased())
        var best: (String, Int)?
        for c in candidates {
            let d = distance(w, Array(c))
            if d <= max(1, min(2, c.count / 3)), best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }

    /// Edit distance counting a swap of two neighbours as one edit (optimal string alignment).
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}

extension String {
    /// False when the text surely neither starts nor ends with whitespace: its first and last
    /// scalars are visible ASCII or CJK ideographs (which no combining mark follows in names).
    var mayNeedTrimming: Bool {
        func plain(_ u: Unicode.Scalar) -> Bool {
            (u.value > 0x20 && u.value < 0x7F) || (u.value >= 0x4E00 && u.value <= 0x9FFF)
        }
        guard let f = unicodeScalars.first, let l = unicodeScalars.last else { return false }
        return !(plain(f) && plain(l))
    }

    func trimmedText() -> String {
        if !mayNeedTrimming { return self }
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
