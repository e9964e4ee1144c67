import Foundation
import LiushiConfig
import LiushiCore
import LiushiEmbedded
import Testing

/// The commented starter `liushi init` writes (Config/starter/liushi.yaml, compiled in).
@Suite("The starter configuration (Config/starter/liushi.yaml)")
struct StarterConfigTests {
    static let key = "starter/liushi.yaml"

    func loaded() throws -> LoadedConfiguration {
        let text = try #require(EmbeddedConfig.files[Self.key])
        switch ConfigLoader.load(main: ("liushi.yaml", text), holidayFiles: []) {
        case .success(let c): return c
        case .failure(let e):
            Issue.record("the starter does not parse: \(e.rendered(chinese: false))")
            throw e
        }
    }

    @Test("the copy compiled into the program is byte-identical to Config/starter/liushi.yaml")
    func embeddedCopyIsCurrent() throws {
        let url = repositoryRoot().appendingPathComponent("Config/starter/liushi.yaml")
        let onDisk = try Data(contentsOf: url)
        let embedded = Data(try #require(EmbeddedConfig.files[Self.key], "run python3 Scripts/embed-config.py").utf8)
        #expect(embedded == onDisk, "Config/starter/liushi.yaml differs from its embedded copy: run python3 Scripts/embed-config.py")
    }

    @Test("the starter is a township with two villages, each with a rule for every rhythm")
    func twoVillages() throws {
        let c = try loaded()
        #expect(!c.isShippedExample)
        #expect(c.township.villages.count == 2)
        let ids = c.township.villages.map(\.id)
        #expect(Set(ids).count == 2)
        #expect(c.township.villages.allSatisfy { $0.rules.count == 5 })
        #expect(c.township.villages.allSatisfy { !$0.name.isEmpty })
    }

    @Test("the starter uses the common rule forms: a weekday, the Nth day, the Nth weekday, the Nth working day, a month, holiday policies")
    func commonForms() throws {
        let rules = try loaded().township.villages.flatMap(\.rules)
        let days = rules.map(\.day)
        #expect(days.contains { if case .weekday = $0 { return true }; return false })
        #expect(days.contains { if case .nth(let n) = $0 { return n > 0 }; return false })
        #expect(days.contains { if case .nthWeekday(let o, _) = $0 { return o > 0 }; return false })
        #expect(days.contains(.nthWorkday(ordinal: 1)))
        #expect(days.contains(.nthWorkday(ordinal: -1)))
        #expect(rules.contains { $0.rhythm == .quarter && $0.month == 1 })
        #expect(rules.contains { $0.rhythm == .year && $0.month == 12 })
        let policies = Set(rules.map(\.holiday))
        #expect(policies.contains(.later) && policies.contains(.earlier))
        // A village overrides only some fields: the other village keeps the township's rule.
        let week = rules.filter { $0.rhythm == .week }
        #expect(week.count == 2 && week[0].day != week[1].day && week[0].matters == week[1].matters)
    }


    @Test("the starter's comments are in Chinese and in English, and it explains every rule field")
    func bilingualComments() throws {
        let text = try #require(EmbeddedConfig.files[Self.key])
        let comments = text.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
        #expect(comments.count >= 20)
        #expect(comments.contains { $0.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } })
        #expect(comments.contains { $0.contains("Next steps") })
        #expect(comments.contains { $0.contains("下一步") })
        for field in ["day:", "holiday:", "month:", "calendar:", "matters:", "attendees:", "time:", "duration:"] {
            #expect(comments.contains { $0.contains(field) }, "\(field) is not explained")
        }
        #expect(text.contains("liushi check"))
    }
}
