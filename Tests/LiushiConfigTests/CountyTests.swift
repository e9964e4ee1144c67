import Foundation
@testable import LiushiConfig
import LiushiCore
import Testing

/// The county fixture (Tests/LiushiConfigTests/Fixtures/county): county.yaml and three township files.
enum CountyFixture {
    static let folder = repositoryRoot().appendingPathComponent("Tests/LiushiConfigTests/Fixtures/county")

    static func files() throws -> CountyFiles {
        let dir = folder.appendingPathComponent("townships")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }.sorted()
        let townships = try names.map { name in
            ConfigText(path: "townships/" + name, text: try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8))
        }
        let county = ConfigText(path: "county.yaml",
                                text: try String(contentsOf: folder.appendingPathComponent("county.yaml"), encoding: .utf8))
        return CountyFiles(townships: townships, county: county, folder: "townships")
    }

    static func load(_ files: CountyFiles, pieces: Int = Parallel.cores) -> Result<LoadedConfiguration, ConfigError> {
        ConfigLoader.load(county: files, holidayFiles: [], pieces: pieces)
    }

    static func error(_ files: CountyFiles) -> ConfigError? {
        if case .failure(let e) = load(files) { return e }
        return nil
    }

    /// A small township file with the given villages (`id: name` pairs), one rule.
    static func township(_ name: String, _ villages: [(String, String)]) -> String {
        var lines = ["township:", "  name: \(name)", "rhythms:", "  month:", "    day: 15", "villages:"]
        for (id, n) in villages { lines += ["  - id: \(id)", "    name: \(n)"] }
        return lines.joined(separator: "\n") + "\n"
    }
}

@Suite("County configuration")
struct CountyTests {
    @Test("the county fixture loads: townships by file stem in name order, the county's name, every village with its township")
    func loadsFixture() throws {
        let c = try CountyFixture.load(try CountyFixture.files()).get()
        #expect(c.isCounty)
        #expect(c.countyName == "建德市")
        #expect(c.township.townshipName == "建德市")
        #expect(c.townships.map(\.id) == ["meicheng", "qiantan", "shouchang"])
        #expect(c.townships.map(\.townshipName) == ["梅城镇", "乾潭镇", "寿昌镇"])
        #expect(c.townships.map(\.file) == ["townships/meicheng.yaml", "townships/qiantan.yaml", "townships/shouchang.yaml"])
        #expect(c.schedule.villages.map(\.id) == ["datong", "qiandong", "qianhe", "qiaodong", "sandu", "yuquan", "zilan"].filter { $0 != "qiandong" })
        let township = Dictionary(uniqueKeysWithValues: c.schedule.villages.map { ($0.id, $0.townshipName) })
        #expect(township == ["sandu": "乾潭镇", "zilan": "乾潭镇", "qianhe": "梅城镇", "yuquan": "梅城镇", "datong": "寿昌镇", "qiaodong": "寿昌镇"])
        // Each township keeps its own rules: 梅城镇's week is Monday 09:00, 乾潭镇's 08:30.
        let qianhe = try #require(c.schedule.villages.first { $0.id == "qianhe" })
        let sandu = try #require(c.schedule.villages.first { $0.id == "sandu" })
        #expect(qianhe.rule(.week)?.time == 9 * 60)
        #expect(sandu.rule(.week)?.time == 8 * 60 + 30)
        #expect(c.township(ofVillage: "qianhe")?.id == "meicheng")
        #expect(c.allVillageIDs.count == 6)
    }

    @Test("narrowing to a township keeps its villages and name; an unknown id gives nil")
    func narrowing() throws {
        let c = try CountyFixture.load(try CountyFixture.files()).get()
        let q = try #require(c.narrowed(to: "qiantan"))
        #expect(q.narrowedTo == "qiantan")
        #expect(q.township.townshipName == "乾潭镇")
        #expect(q.schedule.villages.map(\.id) == ["sandu", "zilan"])
        #expect(q.townships.map(\.id) == ["qiantan"])
        #expect(q.allTownships.count == 3)
        #expect(q.headerName(for: q.schedule.villages) == "乾潭镇")
        #expect(c.headerName(for: c.schedule.villages) == "建德市")
        #expect(c.narrowed(to: "nowhere") == nil)
        // Narrowed while loading: the same configuration.
        let early = try ConfigLoader.load(county: try CountyFixture.files(), holidayFiles: [], township: "qiantan").get()
        #expect(early.narrowedTo == "qiantan" && early.township == q.township && early.townships == q.townships)
        #expect(early.schedule.villages == q.schedule.villages && early.allTownships.count == 3)
        let unknown = try ConfigLoader.load(county: try CountyFixture.files(), holidayFiles: [], township: "nowhere").get()
        #expect(unknown.narrowedTo == nil && unknown.schedule.villages.count == 6)
        // A single liushi.yaml's township has the id `township`.
        let single = try ConfigLoader.load(main: nil, holidayFiles: []).get()
        #expect(single.townships.map(\.id) == [TownshipConfig.singleID])
        #expect(TownshipConfig.singleID == "township")
        #expect(single.narrowed(to: "township")?.schedule.villages.count == single.schedule.villages.count)
        #expect(single.narrowed(to: "qiantan") == nil)
    }

    @Test("reading in one piece or several, with or without the fast reader, gives the same county")
    func piecesAndReaders() throws {
        var files = try CountyFixture.files()
        // Enough files for several pieces.
        for k in 0..<20 {
            files.townships.append(ConfigText(path: "townships/t\(100 + k).yaml",
                                              text: CountyFixture.township("镇\(k)", [("v\(k)a", "甲\(k)"), ("v\(k)b", "乙\(k)")])))
        }
        let one = try CountyFixture.load(files, pieces: 1).get()
        for pieces in [2, 3, 4] {
            let many = try CountyFixture.load(files, pieces: pieces).get()
            #expect(many.townships == one.townships)
            #expect(many.schedule.villages == one.schedule.villages)
        }
        let composer = try YAMLReading.$fastReader.withValue(false) { try CountyFixture.load(files, pieces: 2).get() }
        #expect(composer.townships == one.townships)
    }

    @Test("a village id used in two township files is an error at the second, naming both files and lines")
    func duplicateAcrossFiles() throws {
        let files = CountyFiles(townships: [
            ConfigText(path: "townships/a.yaml", text: CountyFixture.township("甲镇", [("one", "一村"), ("two", "二村")])),
            ConfigText(path: "townships/b.yaml", text: CountyFixture.township("乙镇", [("three", "三村"), ("two", "又一个二村")])),
        ], folder: "townships")
        let e = try #require(CountyFixture.error(files))
        // b.yaml: the second village's id is on line 9, column 9; a.yaml had it on line 9 too.
        #expect("\(e.file):\(e.line):\(e.column)" == "townships/b.yaml:9:9", "\(e)")
        #expect(e.english.contains("townships/a.yaml line 9"))
        #expect(e.english.contains("`two`"))
        #expect(e.chinese.contains("townships/a.yaml 第 9 行"))
        #expect(e.sourceLine == "  - id: two")
        #expect(e.rendered(chinese: false).hasSuffix("  - id: two\n          ^"))
        // In the other order the error moves to the file read second.
        let swapped = CountyFiles(townships: [files.townships[0], ConfigText(path: "townships/0.yaml", text: files.townships[1].text)].reversed(),
                                  folder: "townships")
        #expect(CountyFixture.error(swapped)?.file == "townships/a.yaml")
    }

    @Test("county.yaml: unknown keys, a missing or empty name and a non-mapping are errors with positions")
    func countyFileErrors() throws {
        var files = try CountyFixture.files()
        files.county = ConfigText(path: "county.yaml", text: "name: 建德市\ncode: 330182\n")
        let e = try #require(CountyFixture.error(files))
        expectError(e, "county.yaml:2:1", "code")
        files.county = ConfigText(path: "county.yaml", text: "名称: 建德市\n")
        expectError(CountyFixture.error(files), "county.yaml:1:1", "名称")
        files.county = ConfigText(path: "county.yaml", text: "name: \"\"\n")
        expectError(CountyFixture.error(files), "county.yaml:1:7", "empty")
        files.county = ConfigText(path: "county.yaml", text: "- 建德市\n")
        expectError(CountyFixture.error(files), "county.yaml:1:1", "mapping")
        // Without county.yaml the county has no name.
        files.county = nil
        let c = try CountyFixture.load(files).get()
        #expect(c.countyName == nil && c.township.townshipName == "")
    }

    @Test("a township file's name must be an id; a folder without township files is an error; errors in a township file keep their position")
    func fileNames() throws {
        let good = CountyFixture.township("甲镇", [("one", "一村")])
        let bad = CountyFiles(townships: [ConfigText(path: "townships/Qian Tan.yaml", text: good)], folder: "townships")
        let e = try #require(CountyFixture.error(bad))
        #expect(e.file == "townships/Qian Tan.yaml" && e.english.contains("township's id"))
        let empty = try #require(CountyFixture.error(CountyFiles(townships: [], folder: "/cfg/townships")))
        #expect(e.line == 1 && empty.file == "/cfg/townships" && empty.english.contains("no township files"))
        let broken = CountyFiles(townships: [
            ConfigText(path: "townships/a.yaml", text: good),
            ConfigText(path: "townships/b.yaml", text: good.replacingOccurrences(of: "day: 15", with: "day: 0").replacingOccurrences(of: "one", with: "uno")),
        ], folder: "townships")
        expectError(CountyFixture.error(broken), "townships/b.yaml:5:10", "0")
    }

    @Test("a folder with both liushi.yaml and townships/ is refused at liushi.yaml")
    func bothLayouts() {
        let e = ConfigLoader.bothLayouts(main: ConfigText(path: "/cfg/liushi.yaml", text: "township:\n  name: 乾潭镇\n"), folder: "/cfg/townships")
        #expect(e.file == "/cfg/liushi.yaml" && e.line == 1 && e.column == 1)
        #expect(e.english.contains("both liushi.yaml and /cfg/townships/"))
        #expect(e.sourceLine == "township:")
    }
}
