import Foundation
import LiushiConfig
import LiushiCore
import Testing

/// The error of parsing `yaml` as liushi.yaml, or nil when it parsed.
func townshipError(_ yaml: String, file: String = "liushi.yaml") -> ConfigError? {
    if case .failure(let e) = ConfigParser.parseTownship(text: yaml, file: file) { return e }
    return nil
}

/// Parses `yaml` that must be valid.
func township(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) -> TownshipConfig? {
    switch ConfigParser.parseTownship(text: yaml, file: "liushi.yaml") {
    case .success(let t): return t
    case .failure(let e):
        Issue.record("unexpected error: \(e.rendered(chinese: false))", sourceLocation: sourceLocation)
        return nil
    }
}

/// Asserts that `error` is at `file:line:column` and that its English message contains `phrase`.
func expectError(_ error: ConfigError?, _ position: String, _ phrase: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    guard let e = error else {
        Issue.record("expected an error at \(position)", sourceLocation: sourceLocation)
        return
    }
    #expect("\(e.file):\(e.line):\(e.column)" == position, "\(e.rendered(chinese: false))", sourceLocation: sourceLocation)
    #expect(e.english.contains(phrase), "message was: \(e.english)", sourceLocation: sourceLocation)
    #expect(!e.chinese.isEmpty && e.chinese != e.english, sourceLocation: sourceLocation)
    #expect(e.sourceLine != nil, sourceLocation: sourceLocation)
}

/// Asserts that parsing `yaml` as liushi.yaml fails at `liushi.yaml:position` with `phrase`.
func expectTownshipError(_ yaml: String, at position: String, _ phrase: String,
                         sourceLocation: SourceLocation = #_sourceLocation) {
    expectError(townshipError(yaml), "liushi.yaml:" + position, phrase, sourceLocation: sourceLocation)
}

/// A township with one rule for `rhythm` at lines 3–5+ (`day` on line 5, column 10) and one village.
func oneRule(_ rhythm: String, day: String, extra: [String] = []) -> String {
    var lines = ["township:", "  name: 乾潭镇", "rhythms:", "  \(rhythm):", "    day: \(day)"]
    lines += extra.map { "    " + $0 }
    lines += ["villages:", "  - id: a", "    name: 甲村"]
    return lines.joined(separator: "\n") + "\n"
}

/// The repository root, found from this file's path (Tests/LiushiConfigTests/Support.swift).
func repositoryRoot(_ path: String = #filePath) -> URL {
    URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
