import Foundation
import Testing
@testable import LiushiCore

#if canImport(Glibc)
import Glibc
#endif

/// glibc's wcwidth, which Swift's Glibc module does not expose.
@_silgen_name("wcwidth") private func c_wcwidth(_ c: Int32) -> Int32

private let samples = [
    "",
    "a",
    "三都村村民代表大会",
    "hello world, this is a fairly long English sentence that needs wrapping",
    "三都村 村民代表大会 定于每月初五召开，请各位代表准时参加。",
    "第一季度：党员大会（全体党员）、村两委联席会议，以及 monthly review 和 Q1 report。",
    "supercalifragilisticexpialidocious 超长单词测试",
    "  indented text with   multiple   spaces  ",
    "e\u{301}te\u{301} cafe\u{301} naïve 😀 emoji 👍🏽 and ZWJ 👨‍👩‍👧 family",
    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
    "line one\nline two is longer than the rest\n\n第四行",
    "「引号」《书名》（括号）——破折号……省略号",
]

private func withoutBlanks(_ s: String) -> String {
    String(s.filter { $0 != " " && !$0.isNewline })
}

@Suite("Display width")
struct DisplayWidthTests {

    @Test func cjkIsTwoColumnsAsciiOneCombiningZero() {
        #expect(DisplayWidth.of("三" as Character) == 2)
        #expect(DisplayWidth.of(Unicode.Scalar(0x4E09)!) == 2)
        #expect(DisplayWidth.of("，" as Character) == 2)
        #expect(DisplayWidth.of("　" as Character) == 2)   // ideographic space
        #expect(DisplayWidth.of("A" as Character) == 1)
        #expect(DisplayWidth.of(" " as Character) == 1)
        #expect(DisplayWidth.of(Unicode.Scalar(0x0301)!) == 0)   // combining acute accent
        #expect(DisplayWidth.of(Unicode.Scalar(0x200B)!) == 0)   // zero width space
        #expect(DisplayWidth.of("e\u{301}" as Character) == 1)
        #expect(DisplayWidth.of("…" as Character) == 1)
        #expect(DisplayWidth.of("😀" as Character) == 2)
        #expect(DisplayWidth.of(Unicode.Scalar(0x07)!) == 0)      // control characters count 0
        #expect(DisplayWidth.of(Unicode.Scalar(0x7F)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0x9B)!) == 0)
        #expect(DisplayWidth.of("") == 0)
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("三都村") == 6)
        #expect(DisplayWidth.of("三都村 Sandu") == 12)
        #expect(DisplayWidth.of("cafe\u{301}") == 4)
        #expect(DisplayWidth.of("a\tb\r\n") == 2)
        #expect(DisplayWidth.of("三都村村民"[...]) == 10)        // Substring
    }

    @Test func widthsAgreeWithGlibcWcwidthForEveryPrintableCodePoint() {
        #expect(setlocale(LC_ALL, "C.UTF-8") != nil, "the C.UTF-8 locale is missing")
        var differences: [String] = []
        var checked = 0
        for v in UInt32(0x20)...UInt32(0x2FFFF) {
            guard let scalar = Unicode.Scalar(v) else { continue }   // surrogates
            let expected = c_wcwidth(Int32(v))
            guard expected >= 0 else { continue }
            checked += 1
            let ours = DisplayWidth.of(scalar)
            if ours != Int(expected) {
                differences.append(String(v, radix: 16) + ": ours \(ours), wcwidth \(expected)")
            }
        }
        #expect(checked > 100_000)
        #expect(differences.isEmpty, "\(differences.count) differences from wcwidth, first: \(differences.prefix(10))")
    }

    @Test func textWidthIsTheSumOfCharacterWidths() {
        // The fast path over scalars must agree with the definition (sum over characters).
        for text in samples + ["\r\n", "a\u{0}b", "三\u{301}都", "🇨🇳中国", "한국어", "ｶﾞ", "x\u{AD}y"] {
            #expect(DisplayWidth.of(text) == text.reduce(0) { $0 + DisplayWidth.of($1) }, "\(text)")
        }
        // Scalars on the fast path form one grapheme each, even next to each other and after
        // any letter, and have the width of the tables.
        var checked = 0
        for v in UInt32(0)...UInt32(0xFFFF) {
            guard let fast = DisplayWidth.singleScalarGraphemeWidth(v), let scalar = Unicode.Scalar(v) else { continue }
            checked += 1
            #expect(fast == DisplayWidth.of(scalar), "U+\(String(v, radix: 16))")
            let s = String(Character(scalar))
            if v != 0x0D && v != 0x0A {
                #expect(("a" + s + s + "a").count == 4, "U+\(String(v, radix: 16)) joins a neighbour")
                #expect(("三" + s + "三").count == 3, "U+\(String(v, radix: 16)) joins a neighbour")
            }
        }
        #expect(checked > 25_000)
    }

    @Test func truncateNeverExceedsTheWidthNorSplitsAWideCharacter() {
        #expect(DisplayWidth.truncate("三都村村民", to: 5) == "三都…")
        #expect(DisplayWidth.truncate("三都村村民", to: 6) == "三都…")
        #expect(DisplayWidth.truncate("三都村村民", to: 7) == "三都村…")
        #expect(DisplayWidth.truncate("三都村村民", to: 10) == "三都村村民")
        #expect(DisplayWidth.truncate("三都村村民", to: 1) == "…")
        #expect(DisplayWidth.truncate("三都村村民", to: 0) == "")
        #expect(DisplayWidth.truncate("abcdef", to: 4) == "abc…")
        #expect(DisplayWidth.truncate("abcdef", to: 6) == "abcdef")
        #expect(DisplayWidth.truncate("abcdef", to: 4, ellipsis: "...") == "a...")
        #expect(DisplayWidth.truncate("abcdef", to: 2, ellipsis: "...") == "ab")
        #expect(DisplayWidth.truncate("", to: 3) == "")
        #expect(DisplayWidth.truncate("cafe\u{301}s", to: 4) == "caf…")
        for text in samples {
            for width in 0...40 {
                let cut = DisplayWidth.truncate(text, to: width)
                #expect(DisplayWidth.of(cut) <= width, "\(text) to \(width): \(cut)")
                if DisplayWidth.of(text) <= width {
                    #expect(cut == text)
                } else if width >= 1 {
                    #expect(cut.hasSuffix("…"))
                    // The kept part is a prefix of whole characters.
                    let kept = cut.dropLast()
                    #expect(text.hasPrefix(kept))
                    #expect(Array(text).starts(with: Array(kept)))
                    // Nothing more would have fitted: the next character is too wide.
                    let next = Array(text)[kept.count]
                    #expect(DisplayWidth.of(kept) + DisplayWidth.of(next) > width - 1)
                }
            }
        }
    }

    @Test func padGivesExactlyTheWidth() {
        #expect(DisplayWidth.pad("三都", to: 6) == "三都  ")
        #expect(DisplayWidth.pad("三都", to: 6, alignRight: true) == "  三都")
        #expect(DisplayWidth.pad("三都村村民", to: 5) == "三都…")
        #expect(DisplayWidth.pad("三都村村民", to: 6) == "三都… ")
        #expect(DisplayWidth.pad("ab", to: 2) == "ab")
        #expect(DisplayWidth.pad("", to: 3) == "   ")
        #expect(DisplayWidth.pad("abc", to: 0) == "")
        for text in samples where !text.contains("\n") {
            for width in 1...40 {
                for right in [false, true] {
                    let padded = DisplayWidth.pad(text, to: width, alignRight: right)
                    #expect(DisplayWidth.of(padded) == width, "\(text) to \(width)")
                }
            }
        }
    }

    @Test func wrapKeepsEveryLineWithinTheWidthAndLosesNoText() {
        for text in samples {
            for width in 2...40 {
                let lines = DisplayWidth.wrap(text, width: width)
                #expect(!lines.isEmpty)
                for line in lines {
                    #expect(DisplayWidth.of(line) <= width, "\(text) at \(width): \(line)")
                    #expect(!line.hasSuffix(" "), "\(text) at \(width): trailing space in \"\(line)\"")
                }
                #expect(withoutBlanks(lines.joined()) == withoutBlanks(text), "\(text) at \(width): \(lines)")
                // Paragraphs stay apart: at least one line per paragraph.
                #expect(lines.count >= text.split(separator: "\n", omittingEmptySubsequences: false).count)
                // Only the first line of a paragraph may start with a space (indentation).
                for line in lines.dropFirst() where !text.hasPrefix(" ") {
                    #expect(!line.hasPrefix(" "), "\(text) at \(width): leading space in \"\(line)\"")
                }
                // Closing punctuation never starts a line, unless the word it closes is wider
                // than the line (the samples have no such word of more than 8 columns).
                if width >= 8 {
                    for line in lines {
                        #expect(!(line.first.map { "，。、）》」".contains($0) } ?? false), "\(text) at \(width): \(lines)")
                    }
                }
            }
        }
    }

    @Test func wrapIsGreedyAndBreaksAtSpacesThenAnywhereInCJK() {
        #expect(DisplayWidth.wrap("", width: 10) == [""])
        #expect(DisplayWidth.wrap("short", width: 10) == ["short"])
        #expect(DisplayWidth.wrap("hello world foo", width: 11) == ["hello world", "foo"])
        #expect(DisplayWidth.wrap("hello world foo", width: 10) == ["hello", "world foo"])
        #expect(DisplayWidth.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(DisplayWidth.wrap("三都村村民代表大会", width: 6) == ["三都村", "村民代", "表大会"])
        #expect(DisplayWidth.wrap("三都村村民代表大会", width: 7) == ["三都村", "村民代", "表大会"])
        #expect(DisplayWidth.wrap("村民 meeting 开会", width: 8) == ["村民", "meeting", "开会"])
        #expect(DisplayWidth.wrap("开会讨论，通过。", width: 6) == ["开会讨", "论，通", "过。"])
        #expect(DisplayWidth.wrap("a\nb", width: 5) == ["a", "b"])
        #expect(DisplayWidth.wrap("a\n\nb", width: 5) == ["a", "", "b"])
        #expect(DisplayWidth.wrap("a   b", width: 5) == ["a   b"])
        #expect(DisplayWidth.wrap("a   b", width: 3) == ["a", "b"])
        // Greedy: each line is as full as the next word allows.
        let text = samples[3]
        let lines = DisplayWidth.wrap(text, width: 20)
        for (line, next) in zip(lines, lines.dropFirst()) {
            let firstWord = next.split(separator: " ").first.map(String.init) ?? ""
            #expect(DisplayWidth.of(line) + 1 + DisplayWidth.of(firstWord) > 20, "\(lines)")
        }
    }
}
