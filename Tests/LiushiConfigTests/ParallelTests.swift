import Foundation
@testable import LiushiConfig
import LiushiCore
import Testing

/// Long inputs are read in pieces at once; the result must be what one piece gives.
@Suite("Reading in pieces gives what reading in one piece gives")
struct ParallelTests {
    @Test("map and array keep the order of the elements, whatever the number of pieces")
    func order() {
        for count in [0, 1, 7, 999, 1_000, 2_001, 10_000] {
            for pieces in 1...4 {
                let parts = Parallel.map(count: count, minimum: 500, maxPieces: pieces) { range in Array(range) }
                #expect(parts.flatMap { $0 } == Array(0..<count))
                #expect(parts.count == max(1, min(pieces, count / 500)))
                #expect(Parallel.array(count: count, minimum: 500, maxPieces: pieces) { $0 * 3 } == (0..<count).map { $0 * 3 })
            }
        }
    }

    /// A township of `count` villages; `edit` may change village i's lines.
    static func township(_ count: Int, edit: (Int, String) -> String = { $1 }) -> String {
        var out = "township:\n  name: 测试镇\nrhythms:\n  week: { day: mon, matters: [sort] }\n  xun:\n    day: 5\nvillages:\n"
        for i in 0..<count {
            out += edit(i, "  - id: v\(i)\n    name: 第\(i)村\n    liaison: 领导\(i % 7)\n    rhythms:\n      xun: { day: \(i % 10 + 1) }\n")
        }
        return out
    }

    static func parse(_ text: String, pieces: Int) -> Result<TownshipConfig, ConfigError> {
        Result { () throws(ConfigError) -> TownshipConfig in try TownshipParser.parse(text: text, file: "liushi.yaml", pieces: pieces) }
    }

    @Test("3,000 villages: the same configuration from one, two or three pieces")
    func sameVillages() throws {
        let text = Self.township(3_000)
        let one = try Self.parse(text, pieces: 1).get()
        #expect(one.villages.count == 3_000)
        #expect(one.villages[2_999].id == "v2999")
        for pieces in 2...3 { #expect(try Self.parse(text, pieces: pieces).get() == one) }
    }

    @Test("3,000 villages: the first problem in file order is reported, whichever piece holds it")
    func firstProblem() {
        // A duplicate id whose two occurrences fall in different pieces.
        let crossing = Self.township(3_000) { i, s in i == 2_500 ? s.replacingFirst("id: v2500", with: "id: v10") : s }
        // A bad day in the first half and a duplicate id in the second: the bad day comes first.
        let both = Self.township(3_000) { i, s in
            if i == 200 { return s.replacingFirst("day: 1 }", with: "day: 99 }") }
            if i == 2_800 { return s.replacingFirst("id: v2800", with: "id: v2799") }
            return s
        }
        // Two bad days in the second half.
        let late = Self.township(3_000) { i, s in i == 2_100 || i == 2_900 ? s.replacingFirst("day: 1 }", with: "day: 0 }") : s }
        for text in [crossing, both, late] {
            guard case .failure(let expected) = Self.parse(text, pieces: 1) else {
                Issue.record("expected an error")
                continue
            }
            for pieces in 2...3 {
                guard case .failure(let e) = Self.parse(text, pieces: pieces) else {
                    Issue.record("expected an error with \(pieces) pieces")
                    continue
                }
                #expect(e == expected)
            }
        }
        if case .failure(let e) = Self.parse(crossing, pieces: 2) {
            #expect(e.english.hasPrefix("duplicate village id `v10`"))
            #expect(e.line == 8 + 2_500 * 5)
        }
        if case .failure(let e) = Self.parse(both, pieces: 2) { #expect(e.line == 8 + 200 * 5 + 4) }
        if case .failure(let e) = Self.parse(late, pieces: 2) { #expect(e.line == 8 + 2_100 * 5 + 4) }
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let r = range(of: target) else { return self }
        return replacingCharacters(in: r, with: replacement)
    }
}
