@testable import LiushiConfig
import LiushiEmbedded
import Testing
import Yams

/// Issue 11: configuration text cannot crash the program or make it work without bound.
@Suite("YAML limits and linear-time reading")
struct YAMLLimitsTests {
    static func township(_ text: String) -> ConfigError? {
        if case .failure(let e) = ConfigParser.parseTownship(text: text, file: "t.yaml") { return e }
        return nil
    }

    static func holidays(_ text: String) -> ConfigError? {
        if case .failure(let e) = ConfigParser.parseHolidays(text: text, file: "h.yaml") { return e }
        return nil
    }

    @Test func thirtyThousandNestedBlockSequencesAreAnErrorWithAPosition() throws {
        let e = try #require(Self.township("x: " + String(repeating: "- ", count: 30_000) + "a\n"))
        #expect(e.line == 1)
    }

    @Test func deeplyIndentedBlockSequencesStopAtTheDepthLimit() throws {
        let text = (0..<3_000).map { String(repeating: " ", count: $0) + "-\n" }.joined()
        let e = try #require(Self.township(text))
        #expect(e.english.contains("nest more than 64 levels"))
        #expect(e.line == 64)
    }

    @Test func closedAndUnclosedBracketsBeyondTheLimitAreAnError() throws {
        for text in ["x: " + String(repeating: "[", count: 37_500) + String(repeating: "]", count: 37_500) + "\n",
                     "x: " + String(repeating: "[", count: 58_000) + "\n",
                     "x: " + String(repeating: "{a: ", count: 20_000) + "\n"] {
            let e = try #require(Self.township(text))
            #expect(e.english.contains("nest more than 64 levels"))
            #expect(e.line == 1 && e.column > 1)
        }
    }

    @Test func holidayFilesHaveTheSameLimits() throws {
        let e = try #require(Self.holidays("year: " + String(repeating: "[", count: 58_000) + "\n"))
        #expect(e.english.contains("nest more than 64 levels"))
    }

    @Test func nestingUpToTheLimitIsRead() {
        let text = "x: " + String(repeating: "[", count: 55) + String(repeating: "]", count: 55) + "\n"
        var src = SourceFile(file: "t", text: text)
        #expect((try? YAMLDocument.compose(&src, text: text)) != nil)
        #expect(FastYAML.parse(text) != nil)
        let deeper = "x: " + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "\n"
        #expect(FastYAML.parse(deeper) == nil)
        var src2 = SourceFile(file: "t", text: deeper)
        #expect(throws: ConfigError.self) { try YAMLDocument.compose(&src2, text: deeper) }
    }

    @Test func aFileLargerThanTheLimitIsRefusedBeforeReading() throws {
        let e = try #require(Self.township(String(repeating: "# padding\n", count: 1_700_000)))
        #expect(e.english.contains("at most 16 MB"))
    }

    @Test func aLongOneLineListIsReadInLinearTime() throws {
        // 1 MB of `[sort, sort, …]`: took 46 s when each item's column was counted from the line's start.
        let text = "x: [" + Array(repeating: "sort", count: 200_000).joined(separator: ", ") + "]\n"
        let root = try #require(FastYAML.parse(text))
        let list = root.children[1]
        #expect(list.children.count == 200_000)
        #expect(list.children.last?.column == Int32(4 + 6 * 199_999 + 1))
        let many = "x: [" + Array(repeating: "[a]", count: 100_000).joined(separator: ",") + "]\n"
        #expect(FastYAML.parse(many)?.children[1].children.last?.column == Int32(4 + 4 * 99_999 + 1))
    }

    @Test func duplicateKeysAreFoundInOnePassAtTheFirstSecondOccurrence() throws {
        var text = ""
        for i in 0..<300 { text += "k\(i): 1\nk\(i): 2\n" }
        text += "x: " + String(repeating: "a", count: 1_000_000) + "\n"
        var src = SourceFile(file: "t", text: text)
        do {
            _ = try YAMLDocument.compose(&src, text: text)
            Issue.record("duplicates not found")
        } catch {
            #expect(error.line == 2 && error.column == 1)
            #expect(error.english.contains("duplicate key `k0` (first at line 1)"))
        }
    }

    @Test func aNestedDuplicateIsReportedWhereItIs() throws {
        let text = "a:\n  b: 1\n  c: 2\n  b: 3\nd: 4\n"
        var src = SourceFile(file: "t", text: text)
        #expect(throws: ConfigError.self) { try YAMLDocument.compose(&src, text: text) }
        do { _ = try YAMLDocument.compose(&src, text: text) } catch {
            #expect(error.line == 4 && error.column == 3)
            #expect(error.english.contains("first at line 2"))
        }
    }

    @Test func aTenMegabyteKeyGivesAShortMessage() throws {
        let e = try #require(Self.township("township: x\n" + String(repeating: "b", count: 10_000_000) + ": 1\n"))
        #expect(e.rendered(chinese: false).utf8.count < 1_000)
        let e2 = try #require(Self.township("township: x\n\"" + String(repeating: "b", count: 2_000_000) + "\": 1\n"))
        #expect(e2.rendered(chinese: false).utf8.count < 3_000)
    }

    @Test func aliasesStandingForTooManyNodesAreRefused() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1..<12 { text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let e = try #require(Self.township(text))
        #expect(e.english.contains("aliases"))
    }

    @Test func controlCharactersInAnErrorLineAreShownVisibly() throws {
        let e = try #require(Self.township("township: x\nbad\u{1B}]52;c;x\u{07}: 1\n"))
        let r = e.rendered(chinese: false)
        #expect(!r.contains("\u{1B}"))
    }

    /// The composer the program uses reads every text as Yams does (positions, text, structure).
    @Test func theComposerAgreesWithYamsOnDamagedFiles() throws {
        let originals = [try #require(EmbeddedConfig.files["liushi.yaml"]), try #require(EmbeddedConfig.files["holidays/2026.yaml"]),
                         FastYAMLTests.samples.joined(separator: "z:\n")]
        let pieces = MutationTests.pieces + ["&a ", "*a", "!!str ", "|\n  x\n", ">-\n  y\n", "? k\n: v\n", "\"\\u00e9\""]
        var g = SystemRandomNumberGenerator()
        for k in 0..<1_000 {
            let text = MutationTests.mutate(originals[k % originals.count], &g, pieces: pieces)
            guard let yams = try? Yams.compose(yaml: text, .basic) else { continue }
            var budget = 1_000_000
            guard let converted = YNode.converting(yams, budget: &budget) else { continue }
            var src = SourceFile(file: "t", text: text)
            guard let ours = try? YAMLDocument.compose(&src, text: text) else {
                Issue.record("Yams reads what the composer refuses:\n\(text)")
                continue
            }
            if let d = FastYAMLTests.difference(converted, ours) { Issue.record("trees differ at \(d) for:\n\(text)") }
        }
    }
}

/// Inputs the fuzzer found (Scripts/fuzz.sh); each was a crash or a failed property.
@Suite("Fuzzer findings")
struct FuzzFindingTests {
    @Test func aQuotedKeyWithAColonAndNoSpaceIsLeftToTheFullReader() {
        // The fast reader took `'y''s':to` as a key; libyaml refuses it.
        let text = "c:\n  - x\n  - 'y''s':to w words\n  - x\n"
        #expect(FastYAML.parse(text) == nil)
        #expect(FastYAML.parse("- \"k\":v\n") == nil)
        #expect(FastYAML.parse("- \"k\": v\n") != nil)
    }
}
