@testable import LiushiConfig
import LiushiEmbedded
import Testing

/// The fast reader of the plain YAML subset must read every text it accepts exactly as Yams does,
/// and leave everything else to Yams.
@Suite("Fast YAML reader agrees with Yams")
struct FastYAMLTests {
    /// What differs between the two trees, or nil. Positions are compared except for empty values
    /// (whose position is wherever the next token starts, and never shown: an empty value is
    /// reported at its key).
    static func difference(_ a: YNode, _ b: YNode, path: String = "") -> String? {
        if a.kind != b.kind { return "\(path): kind \(a.kind) vs \(b.kind)" }
        if a.kind == .scalar {
            if a.string != b.string { return "\(path): text \(a.string.debugDescription) vs \(b.string.debugDescription)" }
            if (a.style == .plain) != (b.style == .plain) { return "\(path): style \(a.style) vs \(b.style)" }
            if a.isNull { return nil }
        }
        if a.line != b.line || a.column != b.column {
            return "\(path): position \(a.line):\(a.column) vs \(b.line):\(b.column)"
        }
        if a.children.count != b.children.count { return "\(path): \(a.children.count) vs \(b.children.count) children" }
        for (i, (x, y)) in zip(a.children, b.children).enumerated() {
            if let d = difference(x, y, path: path + "/\(i)") { return d }
        }
        return nil
    }

    /// Checks one text; true when the fast reader took it.
    @discardableResult
    static func check(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard let fast = FastYAML.parse(text) else { return false }
        var src = SourceFile(file: "t.yaml", text: text)
        do {
            let slow = try YAMLDocument.compose(&src, text: text)
            guard let slow else {
                Issue.record("fast reader gave a tree, Yams none, for:\n\(text)", sourceLocation: sourceLocation)
                return true
            }
            if let d = difference(fast, slow) {
                Issue.record("trees differ at \(d) for:\n\(text)", sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("fast reader accepted what Yams refuses (\(error.rendered(chinese: false))):\n\(text)",
                         sourceLocation: sourceLocation)
        }
        return true
    }

    static let samples: [String] = [
        "a: 1\nb: two words  # comment\nc:\n  - x\n  - 'y''s'\n  - \"z\"\n",
        "list:\n- a\n- b\nnext: c\n",
        "---\nroot: [a, b, \"c d\", 'e']\n",
        "--- # start\nm: { day: mon, time: \"08:30\", attendees: [committees, instructor] }\n",
        "t: 08:30\nu: http://example.org/x#y\nv: a#b\nw: -1\nx: ~\ny: null\nz:\n",
        "- id: sandu\n  name: 三都村\n  rhythms:\n    xun:\n      day: 1st workday\n- id: b\n  name: 乙村\n",
        "- - a\n  - b\n- c\n",
        "-\n  a: 1\n- \n",
        "\"quoted key\": 1\n'single': 2\n\"key\" : 3\n",
        "中文键: 中文值\n名称: 乾潭镇 # 注释\n",
        "a: []\nb: {}\nc: [ ]\nd: [x,]\n",
        "plain\n",
        "[a, [b, c], {d: e}]\n",
        "a:\n  b:\n    c: d\n  e: f\ng: h\n",
        "# only a comment\n\na: 1\n\n# trailing\n",
        "a: 1\n  # indented comment\nb: 2\n",
        "a: 'it''s'\nb: ''\nc: \"\"\n",
        "a: x:y\nb: -x\nc: ?y\nd: :z\n",
        "a: [08:30]\n",
        "a: {t: 08:30}\n",
        "a: [x y, z]\n", "a: [x:y, \"08:30\"]\n",
        "?x: 1\n",
        "a:  \n  b: 1\n",
        "-1: a\n",
        "a: 1 # x\n# y\nb:   [1,2,3]   # z\n",
        "  a: 1\n  b: 2\n",
        "a: \"中文 'quote'\"\n",
        "a : b\nc   :   d   \n", "- a\n-   b\n", "a:\n  - x\n  -   y: 1\n      z: 2\n", "a:\n    - x\n    - y\nb: 1\n",
        "a: [ ]\nb: [a , b ]\nc: { x: 1 , y: [2, 3] }\n", "a: 'x' # c\nb: \"y\"   \n", "a: b#c d\n",
        "a:\n\n\n  b: 1\n\n", "- \n- x\n",
        "a: 2026-01-01..2026-01-03\nb: [\"2026-01-04\", 2026-02-14]\n", "a: 第2个周二\nb: 最后一个工作日\n",
    ]

    /// Texts the fast reader must leave to Yams (outside its subset or invalid).
    static let leftToYams: [String] = [
        "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: |\n  text\n", "a: >\n  text\n", "a:\tb\n", "a: b\r\n",
        "a: \"esc\\n\"\n", "a: plain\n  continued\n", "a: [1,\n 2]\n", "a: 'open\n", "a: b: c\n", "- a\nb: c\n",
        "a: 1\n - b\n", "---\na: 1\n---\nb: 2\n", "a: 1\n...\n", "%YAML 1.1\n---\na: 1\n", "\u{FEFF}a: 1\n",
        "a: @x\n", "a: `x`\n", "? a\n: b\n", "a: {b}\n", "a: {b: }\n", "a: [b: c]\n", "a: \"x\"y\n", "a: 1\n    b: 2\n",
        "a: 1\na: 2\n", "m:\n  x: 1\n  y: 2\n  x: 3\n", "k: { a: 1, a: 2 }\n", "5: a\n\"5\": b\n",
        (0..<20).map { "k\($0): v\n" }.joined() + "k3: again\n", "k: {" + (0..<20).map { "k\($0): v, " }.joined() + "k19: w}\n",
        "\"" + String(repeating: "k", count: 1_100) + "\": v\n", String(repeating: "k", count: 1_100) + ": v\n", "? : x\n", "a: -\n", "a: - x\n", "x\ny\n", "a: b\n c\n", "a: 1\n\tb: 2\n",
        "", "# nothing\n", "a:\u{85}b\n", "a: [a#b]\n", "a: [x:]\n", "a: {x:, y}\n", "a: [?x]\n", "a: [:x]\n", "a: {?x: 1}\n",
    ]

    @Test("hand-written texts in the subset read the same; texts outside it are left to Yams")
    func handWritten() {
        for text in Self.samples {
            #expect(Self.check(text), "not taken by the fast reader:\n\(text)")
        }
        for text in Self.leftToYams {
            #expect(FastYAML.parse(text) == nil, "the fast reader took:\n\(text)")
        }
    }

    @Test("every shipped file is read by the fast reader, the same as by Yams")
    func shippedFiles() {
        for (name, text) in EmbeddedConfig.files where name.hasSuffix(".yaml") {
            #expect(Self.check(text), "\(name) not taken by the fast reader")
        }
    }

    @Test("4,000 damaged copies of the shipped files: whatever the fast reader takes, it reads as Yams does")
    func damaged() throws {
        let originals = [try #require(EmbeddedConfig.files["liushi.yaml"]), try #require(EmbeddedConfig.files["holidays/2026.yaml"]),
                         Self.samples.joined(separator: "z:\n")]
        let pieces = MutationTests.pieces + ["08:30", "a: b", "\"x\"", "'y'", "''", "\\", " #c", "---", "...", "- ", "  ",
                                             "{a: b}", "[x, y]", "\r\n", "\n  ", "\n    - ", ": ", "\u{85}", "\u{3000}"]
        var g = SystemRandomNumberGenerator()
        var taken = 0
        for k in 0..<4_000 {
            if Self.check(MutationTests.mutate(originals[k % originals.count], &g, pieces: pieces)) { taken += 1 }
        }
        // Most damage (a changed letter or digit) stays in the subset: the comparison is not empty.
        #expect(taken > 1_000, "only \(taken) damaged texts were taken by the fast reader")
    }
}
