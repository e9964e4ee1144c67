import Foundation
@testable import LiushiConfig
import LiushiCore
import Testing

@Suite("Townships kept between runs (ConfigCache)")
struct ConfigCacheTests {
    static let salt: UInt64 = 0x1234_5678

    static func shipped() -> ConfigText {
        ConfigText(path: "/cfg/liushi.yaml", text: ConfigLoader.shippedFiles["liushi.yaml"] ?? "")
    }

    /// Every rule form, both calendars, every policy, people and daily rules: random valid townships.
    static func randomTownship(_ rng: inout SplitMix, file: String) -> TownshipConfig {
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        var villages: [Village] = []
        var positions: [SourcePosition] = []
        for v in 0..<Int(rng.next() % 12) {
            var rules: [Rule] = []
            for rhythm in Rhythm.allCases where rng.next() % 3 != 0 {
                var rule: Rule
                repeat {
                    let day: DaySpec = pick([
                        .nth(Int(rng.next() % 9) + 1), .nth(-Int(rng.next() % 5) - 1),
                        .weekday(Int(rng.next() % 7) + 1),
                        .nthWeekday(ordinal: pick([1, 2, 3, -1]), weekday: Int(rng.next() % 7) + 1),
                        .nthWorkday(ordinal: pick([1, 2, -1])),
                    ])
                    let month: Int? = rhythm == .year ? pick([nil, 1, 12]) : rhythm == .quarter ? pick([nil, 2]) : nil
                    rule = Rule(rhythm: rhythm, day: day, month: month,
                                calendar: rhythm == .xun || rhythm == .month ? pick([.gregorian, .lunar]) : .gregorian,
                                holiday: pick(HolidayPolicy.allCases),
                                matters: Array(Matter.allCases.shuffled(using: &rng).prefix(Int(rng.next() % 3) + 1)),
                                time: pick([nil, 0, 510, 23 * 60 + 59]), duration: pick([nil, 90, 24 * 60]),
                                attendees: Array(Role.allCases.shuffled(using: &rng).prefix(Int(rng.next() % 4))))
                } while rule.problem() != nil
                rules.append(rule)
            }
            var people: [Role: String] = [:]
            for role in Role.allCases where rng.next() % 2 == 0 { people[role] = pick(["王", "李四、张三", "Ann O'Neil", "\"q\"\\"]) }
            let daily = DailyRule(matters: pick([[.handle], [.sort, .handle]]), time: pick([nil, 480]),
                                  duration: pick([nil, 30]), attendees: pick([[], [.committees]]))
            villages.append(Village(id: "v\(v)-\(rng.next() % 1000)", name: pick(["三都村", "Sandu", "🌾村", ""]), people: people,
                                    rules: rules, daily: daily, townshipName: pick(["乾潭镇", ""])))
            positions.append(SourcePosition(line: Int32(rng.next() % 100_000), column: Int32(rng.next() % 80) + 1))
        }
        return TownshipConfig(townshipName: pick(["乾潭镇", "Qiantan"]), villages: villages, file: file,
                              id: pick(["township", "qiantan"]), idPositions: positions)
    }

    @Test("a township written and read back is the same township: the shipped example, the county fixture, 300 random ones")
    func roundTrip() throws {
        var entries: [(file: ConfigText, township: TownshipConfig)] = []
        let main = Self.shipped()
        entries.append((main, try ConfigParser.parseTownship(text: main.text, file: main.path).get()))
        for f in try CountyFixture.files().townships {
            entries.append((f, try ConfigParser.parseTownship(text: f.text, file: f.path).get()))
        }
        var rng = SplitMix(seed: 15)
        for k in 0..<300 {
            let file = ConfigText(path: "/r/\(k).yaml", text: "text \(k)")
            entries.append((file, Self.randomTownship(&rng, file: file.path)))
        }
        let cache = ConfigCache(bytes: ConfigCache.encode(entries, salt: Self.salt), salt: Self.salt)
        #expect(cache.count == entries.count)
        for (file, township) in entries {
            #expect(cache.township(file, key: ConfigCache.key(file)) == township)
        }
    }

    @Test("an entry is only found for the exact text and path it was made of, and by the program that wrote it")
    func exactText() throws {
        let main = Self.shipped()
        let t = try ConfigParser.parseTownship(text: main.text, file: main.path).get()
        let bytes = ConfigCache.encode([(main, t)], salt: Self.salt)
        let cache = ConfigCache(bytes: bytes, salt: Self.salt)
        var changed = main
        changed.text = main.text.replacingOccurrences(of: "day: 5", with: "day: 6")
        #expect(changed.text != main.text && changed.text.utf8.count == main.text.utf8.count)
        #expect(cache.township(changed, key: ConfigCache.key(changed)) == nil)
        let moved = ConfigText(path: "/elsewhere/liushi.yaml", text: main.text)
        #expect(cache.township(moved, key: ConfigCache.key(moved)) == nil)
        #expect(ConfigCache(bytes: bytes, salt: Self.salt + 1).township(main, key: ConfigCache.key(main)) == nil)
        // Every single-byte change of a text gives another key.
        var keys = Set<ConfigCache.Key>()
        let base = Array("week: { day: mon }\n".utf8)
        for i in base.indices {
            var b = base
            b[i] ^= 0x01
            keys.insert(ConfigCache.key(ConfigText(path: "p", text: String(decoding: b, as: UTF8.self))))
        }
        keys.insert(ConfigCache.key(ConfigText(path: "p", text: String(decoding: base, as: UTF8.self))))
        #expect(keys.count == base.count + 1)
    }

    @Test("a damaged cache file is never trusted and never traps: every truncation and thousands of changed bytes")
    func damaged() throws {
        let main = Self.shipped()
        let t = try ConfigParser.parseTownship(text: main.text, file: main.path).get()
        let bytes = ConfigCache.encode([(main, t)], salt: Self.salt)
        let key = ConfigCache.key(main)
        for n in 0..<bytes.count {
            #expect(ConfigCache(bytes: Array(bytes.prefix(n)), salt: Self.salt).township(main, key: key) == nil)
        }
        var rng = SplitMix(seed: 7)
        for _ in 0..<3_000 {
            var b = bytes
            for _ in 0...(rng.next() % 3) { b[Int(rng.next() % UInt64(b.count))] ^= UInt8(1 + rng.next() % 255) }
            if let got = ConfigCache(bytes: b, salt: Self.salt).township(main, key: key) {
                #expect(got == t) // only a change the checksum cannot see (none here) could give anything else
            }
        }
        #expect(ConfigCache(bytes: Array("not a cache".utf8), salt: Self.salt).count == 0)
    }

    @Test("loading with the cache gives the same configuration without parsing; a changed file of a county is the only one read again")
    func loaderUsesIt() throws {
        let main = Self.shipped()
        let first = try ConfigLoader.load(main: (main.path, main.text), holidayFiles: []).get()
        #expect(first.filesParsed == 1)
        let entries = try #require(ConfigLoader.cacheEntries(first, files: [main]))
        let cache = ConfigCache(bytes: ConfigCache.encode(entries, salt: Self.salt), salt: Self.salt)
        let again = try ConfigLoader.load(main: (main.path, main.text), holidayFiles: [], cache: cache).get()
        #expect(again.filesParsed == 0)
        #expect(again.township == first.township)
        #expect(again.schedule.villages == first.schedule.villages)

        var county = try CountyFixture.files()
        let whole = try ConfigLoader.load(county: county, holidayFiles: []).get()
        #expect(whole.filesParsed == county.townships.count)
        let countyCache = ConfigCache(bytes: ConfigCache.encode(try #require(ConfigLoader.cacheEntries(whole, files: county.townships)),
                                                                salt: Self.salt), salt: Self.salt)
        let cached = try ConfigLoader.load(county: county, holidayFiles: [], cache: countyCache).get()
        #expect(cached.filesParsed == 0)
        #expect(cached.allTownships == whole.allTownships)
        // Narrowed to one township with every file in the cache: that township whole, the others
        // as summaries (ids and names), the same schedule as reading every file.
        let narrowedParsed = try ConfigLoader.load(county: county, holidayFiles: [], township: "qiantan").get()
        let narrowed = try ConfigLoader.load(county: county, holidayFiles: [], township: "qiantan", cache: countyCache).get()
        #expect(narrowed.filesParsed == 0 && narrowed.narrowedTo == "qiantan")
        #expect(narrowed.township == narrowedParsed.township && narrowed.townships == narrowedParsed.townships)
        #expect(narrowed.schedule.villages == narrowedParsed.schedule.villages)
        #expect(narrowed.allVillageIDs == narrowedParsed.allVillageIDs)
        #expect(narrowed.township(ofVillage: "qianhe")?.id == narrowedParsed.township(ofVillage: "qianhe")?.id)
        for (a, b) in zip(narrowed.allTownships, narrowedParsed.allTownships) where a.id != "qiantan" {
            #expect(a.villages.map(\.id) == b.villages.map(\.id) && a.villages.map(\.name) == b.villages.map(\.name))
            #expect(a.villages.allSatisfy { $0.rules.isEmpty } && a.idPositions == b.idPositions)
        }
        #expect(narrowed.hasSummaries && ConfigLoader.cacheEntries(narrowed, files: county.townships) == nil)
        // A kept entry that turns out damaged is parsed again, and the summaries are never cached.
        var damagedBytes = ConfigCache.encode(try #require(ConfigLoader.cacheEntries(whole, files: county.townships)), salt: Self.salt)
        damagedBytes[damagedBytes.count - 3] ^= 0xFF   // inside the last entry (shouchang)
        let damaged = try ConfigLoader.load(county: county, holidayFiles: [], township: "qiantan",
                                            cache: ConfigCache(bytes: damagedBytes, salt: Self.salt)).get()
        #expect(damaged.filesParsed == 1 && damaged.hasSummaries)
        #expect(ConfigLoader.cacheEntries(damaged, files: county.townships) == nil)
        #expect(damaged.township == narrowedParsed.township)
        // An unknown township, or a file not in the cache: no summaries.
        #expect(try ConfigLoader.load(county: county, holidayFiles: [], township: "nowhere", cache: countyCache).get().allTownships
                == whole.allTownships)
        county.townships[1].text = county.townships[1].text.replacingOccurrences(of: "name: 乾潭镇", with: "name: 乾潭镇（新）")
        let partly = try ConfigLoader.load(county: county, holidayFiles: [], township: "meicheng", cache: countyCache).get()
        #expect(partly.filesParsed == 1 && partly.allTownships[2] == whole.allTownships[2])
        let edited = try ConfigLoader.load(county: county, holidayFiles: [], cache: countyCache).get()
        #expect(edited.filesParsed == 1)
        #expect(edited.allTownships[1].townshipName == "乾潭镇（新）")
        #expect(edited.allTownships[0] == whole.allTownships[0])
        // A duplicate id across files is still found when both files come from the cache.
        var dup = county
        dup.townships[2].text = CountyFixture.township("寿昌镇", [("sandu", "又一个三都村")])
        let dupOnce = ConfigLoader.load(county: dup, holidayFiles: [], cache: countyCache)
        guard case .failure(let e) = dupOnce else { Issue.record("a duplicate id must be an error"); return }
        #expect(e.english.contains("duplicate village id `sandu`"))
        // (A configuration with an error is never written to the cache: nothing to read back.)
        #expect(ConfigLoader.cacheEntries(whole, files: Array(county.townships.prefix(2))) == nil)
    }
}

/// A small seeded generator for reproducible random cases.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
