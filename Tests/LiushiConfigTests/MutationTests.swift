import Foundation
import LiushiConfig
import LiushiCore
import LiushiEmbedded
import Testing

/// Bad input of every shape: the shipped configuration and a holiday file, damaged at random,
/// must give either a configuration or an error with a real position — never a trap.
@Suite("Randomly damaged configuration files")
struct MutationTests {
    static let pieces: [String] = [":", "-", " ", "\n", "[", "]", "{", "}", "\"", "'", "#", "0", "9", "-1", "99999999999999999999",
                                   "周", "三", "\t", ",", "&a", "*a", "!!int", "~", "last", "lunar", "?", "|", ">", "%"]

    static func mutate(_ text: String, _ g: inout SystemRandomNumberGenerator, pieces: [String] = pieces) -> String {
        var chars = Array(text)
        for _ in 0..<Int.random(in: 1...3, using: &g) where !chars.isEmpty {
            let i = Int.random(in: 0..<chars.count, using: &g)
            switch Int.random(in: 0..<3, using: &g) {
            case 0: chars.remove(at: i)
            case 1: chars.insert(contentsOf: Array(pieces.randomElement(using: &g)!), at: i)
            default: chars[i] = Array(pieces.randomElement(using: &g)!)[0]
            }
        }
        return String(chars)
    }

    @Test("500 damaged copies of the shipped liushi.yaml: each parses or names a position in the file")
    func damagedTownship() throws {
        let original = try #require(EmbeddedConfig.files["liushi.yaml"])
        var g = SystemRandomNumberGenerator()
        var errors = 0
        for _ in 0..<500 {
            let text = Self.mutate(original, &g)
            let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
            switch ConfigParser.parseTownship(text: text, file: "liushi.yaml") {
            case .success(let township):
                let schedule = Schedule(villages: township.villages, calendar: WorkCalendar(official: []))
                _ = try schedule.expand(from: Day(iso: "2027-01-01")!, to: Day(iso: "2027-12-31")!)
            case .failure(let e):
                errors += 1
                #expect(e.line >= 1 && e.line <= lineCount + 1, "\(e.rendered(chinese: false))")
                #expect(e.column >= 1)
                #expect(!e.rendered(chinese: true).isEmpty)
            }
        }
        #expect(errors > 0)
    }

    @Test("300 damaged copies of a holiday file: each parses or names a position")
    func damagedHolidays() throws {
        let original = try #require(EmbeddedConfig.files["holidays/2026.yaml"])
        var g = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let text = Self.mutate(original, &g)
            if case .failure(let e) = ConfigParser.parseHolidays(text: text, file: "2026.yaml") {
                #expect(e.line >= 1 && e.column >= 1, "\(e.rendered(chinese: false))")
            }
        }
    }
}
