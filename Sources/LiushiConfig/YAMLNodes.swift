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
    /// Keys renamed while looking for the second occurrence of a duplicate key (see `compose`):
    /// position → the key as written.
    var renamed: [MarkKey: String] = [:]

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

    func error(at node: Node, _ w: Words) -> ConfigError {
        let m = MarkKey(node.mark) ?? MarkKey(line: 1, column: 1)
        return error(line: m.line, column: m.column, w)
    }

    /// The key as written (a key renamed by `compose` is given back its own text).
    func keyText(_ key: Node) -> String? {
        guard case .scalar(let s) = key else { return nil }
        if let m = MarkKey(s.mark), let original = renamed[m] { return original }
        return s.string
    }
}

// MARK: - Composing a document

enum YAMLDocument {
    /// Parses `text` into its root node (nil for an empty document) without resolving any types:
    /// callers read the raw scalar strings. Syntax errors come back with Yams' line and column.
    /// Duplicate keys are errors at their second occurrence, whatever their quoting.
    static func compose(_ src: inout SourceFile, text: String) throws(ConfigError) -> Node? {
        var current = text
        var nextPlaceholder: UInt32 = 0xE000
        // Yams rejects a mapping with two equal keys and reports the FIRST one. To point at the
        // second, the first is renamed in place (one scalar replaced by a private-use character, so
        // that every line and column stays the same) and the text is composed again; the scan below
        // then finds the second occurrence with the key's own text.
        for _ in 0..<256 {
            // The basic resolver: values are read from their raw text, so no tag needs resolving
            // (the default resolver runs regular expressions on every scalar).
            let result = Result { try Yams.compose(yaml: current, .basic) }
            switch result {
            case .success(let root):
                if let root, let dup = firstDuplicate(root, src) {
                    throw src.error(at: dup.second, Words(
                        "duplicate key `\(dup.key)` (first at line \(dup.firstLine)); each key may appear once in a mapping",
                        "重复的键 `\(dup.key)`（第一次出现在第 \(dup.firstLine) 行）；同一层里每个键只能出现一次"))
                }
                return root
            case .failure(let error):
                guard let yamlError = error as? YamlError else {
                    throw src.error(line: 1, column: 1, Words("cannot parse YAML: \(error)", "无法解析 YAML：\(error)"))
                }
                if case .duplicatedKeysInMapping(let keys, let context) = yamlError {
                    let mark = MarkKey(line: context.mark.line, column: context.mark.column)
                    let key = keys.first ?? "?"
                    guard let placeholder = Unicode.Scalar(nextPlaceholder),
                          let renamed = rename(current, at: mark, to: placeholder) else {
                        throw src.error(line: mark.line, column: mark.column, Words(
                            "duplicate key `\(key)`; each key may appear once in a mapping",
                            "重复的键 `\(key)`；同一层里每个键只能出现一次"))
                    }
                    nextPlaceholder += 1
                    src.renamed[mark] = key
                    current = renamed
                    continue
                }
                throw convert(yamlError, src, text: text)
            }
        }
        throw src.error(line: 1, column: 1, Words("too many duplicate keys", "重复的键太多"))
    }

    /// Converts a Yams error into a ConfigError at Yams' position.
    static func convert(_ error: YamlError, _ src: SourceFile, text: String) -> ConfigError {
        let hintEn = "; expected valid YAML (check the indentation, the space after each `:`, and quotes)"
        let hintZh = "；应为合法的 YAML（请检查缩进、每个 `:` 后的空格和引号）"
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            if problem == "but found another document" {
                return src.error(line: mark.line, column: mark.column, Words(
                    "a second YAML document starts here; expected one document per file (remove the `---` line)",
                    "这里开始了第二个 YAML 文档；每个文件只能有一个文档（请删去 `---` 这一行）"))
            }
            var en = "YAML syntax error: \(problem)"
            var zh = "YAML 语法错误：\(problem)"
            if let c = context {
                en += " (\(c.text), line \(c.mark.line) column \(c.mark.column))"
                zh += "（\(c.text)，第 \(c.mark.line) 行第 \(c.mark.column) 列）"
            }
            // At the end of the text (an unclosed quote or bracket) the place that was left open
            // is the useful one to show.
            var at = MarkKey(line: mark.line, column: mark.column)
            if problem.contains("end of stream"), let c = context {
                at = MarkKey(line: c.mark.line, column: c.mark.column)
            }
            return src.error(line: at.line, column: at.column, Words(en + hintEn, zh + hintZh))
        case .reader(let problem, let offset, _, _):
            let pos = offset.flatMap { position(ofCharacterOffset: $0, in: text) } ?? MarkKey(line: 1, column: 1)
            return src.error(line: pos.line, column: pos.column, Words(
                "cannot read the text: \(problem); expected UTF-8 text without control characters",
                "无法读取文本：\(problem)；应为不含控制字符的 UTF-8 文本"))
        default:
            return src.error(line: 1, column: 1, Words("cannot parse YAML: \(error)", "无法解析 YAML：\(error)"))
        }
    }

    /// The 1-based line and scalar column of the character at `offset`.
    static func position(ofCharacterOffset offset: Int, in text: String) -> MarkKey? {
        guard let index = text.index(text.startIndex, offsetBy: offset, limitedBy: text.endIndex) else { return nil }
        var line = 1, column = 1, previousCR = false
        for u in text.unicodeScalars[..<index] {
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

    /// `text` with the key that starts at `mark` renamed by replacing one of its scalars, or nil
    /// when the key is not a simple plain or quoted scalar.
    static func rename(_ text: String, at mark: MarkKey, to placeholder: Unicode.Scalar) -> String? {
        var scalars = Array(text.unicodeScalars)
        var line = 1, i = 0
        while line < mark.line && i < scalars.count {
            let u = scalars[i]
            i += 1
            if u == "\r" && i < scalars.count && scalars[i] == "\n" { i += 1 }
            if u == "\n" || u == "\r" || u == "\u{85}" || u == "\u{2028}" || u == "\u{2029}" { line += 1 }
        }
        var target = i + mark.column - 1
        guard line == mark.line, target < scalars.count else { return nil }
        if scalars[target] == "\"" || scalars[target] == "'" { target += 1 }
        guard target < scalars.count else { return nil }
        let u = scalars[target]
        if u == "\"" || u == "'" || u == "\n" || u == "\r" || u == "&" || u == "!" || u == "?" || u == "*" { return nil }
        scalars[target] = placeholder
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// The earliest second occurrence of a key in any mapping of the tree, comparing keys by their
    /// text as written (so `5` and `"5"` are the same key).
    static func firstDuplicate(_ root: Node, _ src: SourceFile) -> (key: String, second: Node, firstLine: Int)? {
        var best: (key: String, second: Node, firstLine: Int)?
        var bestMark: MarkKey?
        var visited = 0
        func walk(_ node: Node) {
            visited += 1
            if visited > 1_000_000 { return }
            switch node {
            case .mapping(let m):
                // Most mappings have a handful of keys: a list is cheaper than hashing them.
                let small = m.count <= 16
                var seenList: [(String, Node)] = []
                var seen: [String: Node] = [:]
                for (k, v) in m {
                    if let text = src.keyText(k) {
                        let earlier = small ? seenList.first(where: { $0.0 == text })?.1 : seen[text]
                        if let first = earlier {
                            if let mk = MarkKey(k.mark), bestMark == nil || mk < bestMark! {
                                bestMark = mk
                                best = (text, k, first.mark?.line ?? 1)
                            }
                        } else if small {
                            seenList.append((text, k))
                        } else {
                            seen[text] = k
                        }
                    }
                    walk(v)
                }
            case .sequence(let s):
                for n in s { walk(n) }
            case .scalar, .alias:
                break
            }
        }
        walk(root)
        return best
    }
}

// MARK: - Reading nodes

/// A key of a mapping with its value.
struct Entry {
    let key: String
    let keyNode: Node
    let value: Node
}

extension Node {
    /// A plain null: an empty value, `~` or `null`.
    var isNull: Bool {
        guard case .scalar(let s) = self, s.style == .plain || s.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    /// What this node is, to say what was found instead of what was expected.
    var kindWords: Words {
        if isNull { return Words("nothing", "空值") }
        switch self {
        case .mapping: return Words("a mapping (key: value lines)", "映射（键: 值）")
        case .sequence: return Words("a list", "列表")
        case .scalar(let s): return Words("the value `\(s.string)`", "值 `\(s.string)`")
        case .alias: return Words("an alias", "别名")
        }
    }
}

enum Read {
    /// Where to point for a value: at its key when the value is empty (an empty value's own
    /// position is wherever the next token starts).
    static func anchor(_ value: Node, key: Node?) -> Node {
        if let key, value.isNull { return key }
        return value
    }

    static func expected(_ value: Node, key: Node?, field: String, _ expectedWords: @autoclosure () -> Words,
                         _ src: SourceFile) -> ConfigError {
        let found = value.kindWords
        let expected = expectedWords()
        return src.error(at: anchor(value, key: key), Words(
            "`\(field)` must be \(expected.en), found \(found.en)",
            "`\(field)` 应为\(expected.zh)，这里是\(found.zh)"))
    }

    /// The entries of a mapping, each key checked against `allowed`.
    static func entries(_ node: Node, key: Node?, field fieldText: @autoclosure () -> String, allowed: [String], _ src: SourceFile)
        throws(ConfigError) -> [Entry] {
        guard case .mapping(let m) = node else {
            throw expected(node, key: key, field: fieldText(),
                           Words("a mapping with the keys \(allowed.joined(separator: ", "))",
                                 "含有键 \(allowed.joined(separator: "、")) 的映射"), src)
        }
        var out: [Entry] = []
        for (k, v) in m {
            guard let name = src.keyText(k), case .scalar = k else {
                let field = fieldText()
                throw src.error(at: k, Words("a key in `\(field)` must be plain text", "`\(field)` 中的键应为文字"))
            }
            guard allowed.contains(name) else {
                let field = fieldText()
                var en = "unknown key `\(name)` in `\(field)`; allowed keys: \(allowed.joined(separator: ", "))"
                var zh = "`\(field)` 中有未知的键 `\(name)`；允许的键：\(allowed.joined(separator: "、"))"
                if let guess = closest(name, allowed) {
                    en += " (did you mean `\(guess)`?)"
                    zh += "（是不是 `\(guess)`？）"
                }
                throw src.error(at: k, Words(en, zh))
            }
            out.append(Entry(key: name, keyNode: k, value: v))
        }
        return out
    }

    /// The raw text of a scalar (never type-resolved: `08:30`, `5` and `"5"` are text).
    static func text(_ node: Node, key: Node?, field: @autoclosure () -> String, _ expectedWhat: @autoclosure () -> Words,
                     _ src: SourceFile) throws(ConfigError) -> String {
        guard case .scalar(let s) = node, !node.isNull else {
            throw expected(node, key: key, field: field(), expectedWhat(), src)
        }
        return s.string.trimmedText()
    }

    /// The items of a list; a single value stands for a list of one when `single` is true.
    static func items(_ node: Node, key: Node?, field: @autoclosure () -> String, single: Bool,
                      _ expectedWhat: @autoclosure () -> Words, _ src: SourceFile) throws(ConfigError) -> [Node] {
        switch node {
        case .sequence(let s): return Array(s)
        case .scalar where single && !node.isNull: return [node]
        default: throw expected(node, key: key, field: field(), expectedWhat(), src)
        }
    }

    /// The allowed word closest to `word`, when it is a likely typo.
    static func closest(_ word: String, _ candidates: [String]) -> String? {
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
    func trimmedText() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
