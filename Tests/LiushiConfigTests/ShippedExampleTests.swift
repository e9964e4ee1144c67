import Foundation
import LiushiConfig
import LiushiCore
import LiushiEmbedded
import Testing

@Suite("The shipped example township (Config/liushi.yaml)")
struct ShippedExampleTests {
    func loaded() throws -> LoadedConfiguration {
        try ConfigLoader.load(main: nil, holidayFiles: []).get()
    }

    var rules: [Rule] { (try? loaded().township.villages.flatMap(\.rules)) ?? [] }

    @Test("the shipped example parses into at least 12 villages with unique ids")
    func parses() throws {
        let c = try loaded()
        #expect(c.isShippedExample)
        #expect(c.township.townshipName == "乾潭镇")
        #expect(c.township.file == "Config/liushi.yaml")
        #expect(c.township.villages.count >= 12)
        let ids = c.township.villages.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(c.township.villages.allSatisfy { $0.rules.count == 5 })
    }

    @Test("the example's rules use every form of day")
    func everyDayForm() {
        let days = rules.map(\.day)
        #expect(days.contains { if case .nth(let n) = $0 { return n > 0 }; return false })
        #expect(days.contains { if case .nth(let n) = $0 { return n < 0 }; return false })
        #expect(days.contains { if case .weekday = $0 { return true }; return false })
        #expect(days.contains { if case .nthWeekday(let o, _) = $0 { return o > 0 }; return false })
        #expect(days.contains { if case .nthWeekday(let o, _) = $0 { return o == -1 }; return false })
        #expect(days.contains(.nthWorkday(ordinal: 1)))
        #expect(days.contains(.nthWorkday(ordinal: -1)))
    }

    @Test("the example writes days, matters, calendars and policies in Chinese too")
    func chineseForms() throws {
        let text = try #require(EmbeddedConfig.files["liushi.yaml"])
        for written in ["day: 周三", "day: 第2个周三", "day: 第1个工作日", "[理事, 办事]", "holiday: 提前", "holiday: 顺延", "calendar: 农历"] {
            #expect(text.contains(written), "\(written)")
        }
    }

    @Test("the example uses every holiday policy")
    func everyPolicy() {
        #expect(Set(rules.map(\.holiday)) == Set(HolidayPolicy.allCases))
    }

    @Test("the example narrows quarter and year rules by month")
    func monthNarrowing() {
        #expect(rules.contains { $0.rhythm == .quarter && $0.month != nil && $0.month != 1 })
        #expect(rules.contains { $0.rhythm == .quarter && $0.month == 1 })
        #expect(rules.contains { $0.rhythm == .year && $0.month == 12 })
        #expect(rules.contains { $0.rhythm == .year && $0.month == 1 })
    }

    @Test("the example has a village on the lunar calendar")
    func lunarVillage() throws {
        let c = try loaded()
        let lunar = c.township.villages.filter { $0.rules.contains { $0.calendar == .lunar } }
        #expect(!lunar.isEmpty)
        let anren = try #require(c.township.villages.first { $0.id == "anren" })
        #expect(anren.rule(.month)?.calendar == .lunar)
        #expect(anren.rule(.month)?.day == .nth(15))
        #expect(anren.rule(.year)?.calendar == .lunar)
        #expect(rules.contains { $0.rhythm == .xun && $0.calendar == .lunar })
    }

    @Test("the example shares one liaison leader across villages and one instructor between two")
    func sharedPeople() throws {
        let c = try loaded()
        var byLiaison: [String: Int] = [:]
        var byInstructor: [String: Int] = [:]
        for v in c.township.villages {
            if let l = v.people[.liaison] { byLiaison[l, default: 0] += 1 }
            if let i = v.people[.instructor] { byInstructor[i, default: 0] += 1 }
        }
        #expect(byLiaison.values.contains { $0 >= 3 })
        #expect(byInstructor.values.contains(2))
        #expect(c.township.villages.contains { $0.people[.committees]?.contains("、") == true })
    }

    @Test("the example sets times, durations and attendees, and a daily rule")
    func timesAndPeople() throws {
        let c = try loaded()
        #expect(rules.allSatisfy { $0.time != nil && $0.duration != nil && !$0.attendees.isEmpty })
        #expect(Set(rules.compactMap(\.duration)).count >= 3)
        let zhifeng = try #require(c.township.villages.first { $0.id == "zhifeng" })
        #expect(zhifeng.daily.matters == [.handle, .supervise])
        #expect(zhifeng.daily.time == 8 * 60)
    }

    @Test("the example expands into fixed days for every village through 2026")
    func expands() throws {
        let c = try loaded()
        let days = try c.schedule.expand(from: Day(year: 2026, month: 1, day: 1)!, to: Day(year: 2026, month: 12, day: 31)!)
        let villagesSeen = Set(days.map(\.village))
        #expect(villagesSeen.count == c.township.villages.count)
        #expect(!c.calendar.isProvisional(year: 2026))
        #expect(c.officialYears.map(\.year).contains(2026))
    }
}

@Suite("EmbeddedConfig mirrors Config/")
struct EmbeddedConfigTests {
    @Test("EmbeddedConfig.files is byte-identical to the .yaml files under Config/ and lists every one")
    func identical() throws {
        let config = repositoryRoot().appendingPathComponent("Config").resolvingSymlinksInPath()
        let fm = FileManager.default
        let enumerator = try #require(fm.enumerator(atPath: config.path))
        var onDisk: [String: Data] = [:]
        while let rel = enumerator.nextObject() as? String {
            guard rel.hasSuffix(".yaml") else { continue }
            onDisk[rel] = try Data(contentsOf: config.appendingPathComponent(rel))
        }
        #expect(onDisk.keys.contains("liushi.yaml"))
        #expect(onDisk.keys.contains("holidays/2026.yaml"))
        #expect(Set(onDisk.keys) == Set(EmbeddedConfig.files.keys), "run python3 Scripts/embed-config.py")
        for (path, data) in onDisk {
            let embedded = Data((EmbeddedConfig.files[path] ?? "").utf8)
            #expect(embedded == data, "\(path) differs from its embedded copy: run python3 Scripts/embed-config.py")
        }
    }
}
