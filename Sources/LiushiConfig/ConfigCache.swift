import LiushiCore

/// Townships already read, kept between runs: each entry is one configuration file's township
/// (its villages with their effective rules, already validated), found by a 128-bit hash of the
/// file's path and every byte of its text. A file whose text changed has another hash, so it is
/// read again; an entry is only ever taken for the exact text it was made from. The `salt` names
/// the program that wrote the entries (the executable changes it when it is rebuilt), so a new
/// reading of the same text is never answered from an old program's entry.
///
/// Pure: the executable reads and writes the cache file (docs/PERFORMANCE.md (l)). A damaged,
/// truncated, foreign or older file is simply not used: every read below is bounds-checked, each
/// entry carries a checksum of its bytes, and any surprise makes the entry a miss.
public struct ConfigCache: Sendable {
    /// What the entries are found by.
    public struct Key: Hashable, Sendable {
        public var a: UInt64
        public var b: UInt64
    }

    /// The layout of the file; changed whenever the encoding of a township changes.
    static let format: UInt64 = 1
    static let magic: [UInt8] = Array("LIUSHI-CFG-CACHE".utf8)

    private let bytes: [UInt8]
    private let index: [Key: Range<Int>]

    /// The entries of a cache file written with the same `salt`; an unreadable file has none.
    public init(bytes: [UInt8], salt: UInt64) {
        self.bytes = bytes
        self.index = ConfigCache.readIndex(bytes, salt: salt) ?? [:]
    }

    /// An empty cache (nothing kept yet).
    public init() {
        bytes = []
        index = [:]
    }

    public var count: Int { index.count }

    /// The key of one file: its path and its whole text.
    public static func key(_ file: ConfigText) -> Key {
        var h = Hasher128()
        h.add(Array(file.path.utf8))
        h.add([0])
        var text = file.text
        text.withUTF8 { h.add($0) }
        return h.finish()
    }

    /// Whether an entry is kept under `key` (not yet checked: `township` may still refuse it).
    public func contains(_ key: Key) -> Bool { index[key] != nil }

    /// The township kept for exactly this file, if any. `summary`: its villages with their ids,
    /// names and township only — no people, no rules (for the townships a narrowed run only
    /// names and counts; never written back).
    public func township(_ file: ConfigText, key: Key, summary: Bool = false) -> TownshipConfig? {
        guard let range = index[key] else { return nil }
        return bytes.withUnsafeBufferPointer { all -> TownshipConfig? in
            let entry = UnsafeBufferPointer(rebasing: all[range])
            guard entry.count >= 8 else { return nil }
            let body = UnsafeBufferPointer(rebasing: entry[8...])
            var check = Hasher128()
            check.add(body)
            var r = ByteReader(entry)
            guard r.u64() == check.finish().a else { return nil }
            var reader = ByteReader(body)
            guard let t = TownshipCodec.decode(&reader, summary: summary), reader.atEnd, t.file == file.path else { return nil }
            return t
        }
    }

    /// A cache file holding these townships, each under its file's key.
    public static func encode(_ entries: [(file: ConfigText, township: TownshipConfig)], salt: UInt64) -> [UInt8] {
        var out = ByteWriter()
        out.bytes.append(contentsOf: magic)
        out.u64(format)
        out.u64(salt)
        out.varint(UInt64(entries.count))
        for (file, township) in entries {
            let key = ConfigCache.key(file)
            var body = ByteWriter()
            TownshipCodec.encode(township, into: &body)
            var check = Hasher128()
            body.bytes.withUnsafeBufferPointer { check.add($0) }
            out.u64(key.a)
            out.u64(key.b)
            out.varint(UInt64(body.bytes.count + 8))
            out.u64(check.finish().a)
            out.bytes.append(contentsOf: body.bytes)
        }
        return out.bytes
    }

    /// Key → where its entry is (checksum and body), or nil when the file is not one of ours.
    static func readIndex(_ bytes: [UInt8], salt: UInt64) -> [Key: Range<Int>]? {
        bytes.withUnsafeBufferPointer { all -> [Key: Range<Int>]? in
            var r = ByteReader(all)
            guard let head = r.raw(magic.count), head.elementsEqual(magic), r.u64() == format, r.u64() == salt,
                  let count = r.count(minimumBytesEach: 17) else { return nil }
            var index: [Key: Range<Int>] = [:]
            index.reserveCapacity(count)
            for _ in 0..<count {
                guard let a = r.u64(), let b = r.u64(), let n = r.count(minimumBytesEach: 1), n >= 8 else { return nil }
                let start = r.offset
                guard r.raw(n) != nil else { return nil }
                index[Key(a: a, b: b)] = start..<(start + n)
            }
            return r.atEnd ? index : nil
        }
    }
}

/// A 128-bit hash of bytes, eight at a time: two lanes with different multipliers, each finished
/// with MurmurHash3's mix. Not cryptographic: it tells texts apart, nobody attacks their own cache.
struct Hasher128 {
    private var a: UInt64 = 0x243F_6A88_85A3_08D3
    private var b: UInt64 = 0x1319_8A2E_0370_7344
    private var length: UInt64 = 0

    mutating func add(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { add($0) } }

    mutating func add(_ p: UnsafeBufferPointer<UInt8>) {
        guard let base = p.baseAddress else { return }
        let n = p.count
        var i = 0
        let raw = UnsafeRawPointer(base)
        while i + 8 <= n {
            let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            mix(w)
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n { w |= UInt64(base[i]) << shift; shift += 8; i += 1 }
            mix(w ^ (0xFF << shift))
        }
        length &+= UInt64(n)
    }

    private mutating func mix(_ w: UInt64) {
        a = (a ^ w) &* 0x9E37_79B9_7F4A_7C15
        a = (a << 31) | (a >> 33)
        b = (b &+ w) &* 0xC2B2_AE3D_27D4_EB4F
        b = (b << 27) | (b >> 37)
        b ^= a
    }

    static func fmix(_ k: UInt64) -> UInt64 {
        var k = k
        k ^= k >> 33
        k &*= 0xFF51_AFD7_ED55_8CCD
        k ^= k >> 33
        k &*= 0xC4CE_B9FE_1A85_EC53
        k ^= k >> 33
        return k
    }

    func finish() -> ConfigCache.Key {
        ConfigCache.Key(a: Hasher128.fmix(a ^ length), b: Hasher128.fmix(b &+ Hasher128.fmix(a) ^ length))
    }
}

struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }

    mutating func u64(_ v: UInt64) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func varint(_ v: UInt64) {
        var x = v
        while x >= 0x80 { bytes.append(UInt8(truncatingIfNeeded: x) | 0x80); x >>= 7 }
        bytes.append(UInt8(x))
    }

    /// A signed number, zigzag-encoded.
    mutating func int(_ v: Int) {
        let x = Int64(v)
        varint(UInt64(bitPattern: (x << 1) ^ (x >> 63)))
    }

    /// nil as 0, a value as itself + 1 (zigzag).
    mutating func optional(_ v: Int?) {
        guard let v else { varint(0); return }
        let x = Int64(v)
        let z = UInt64(bitPattern: (x << 1) ^ (x >> 63))
        varint(z &+ 1)
    }

    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { p in
            varint(UInt64(p.count))
            bytes.append(contentsOf: p)
        }
    }
}

/// Reads what `ByteWriter` wrote; every read checks the bounds and returns nil past them.
struct ByteReader {
    let p: UnsafeBufferPointer<UInt8>
    private(set) var offset = 0

    init(_ p: UnsafeBufferPointer<UInt8>) { self.p = p }

    var atEnd: Bool { offset == p.count }

    mutating func u8() -> UInt8? {
        guard offset < p.count else { return nil }
        defer { offset += 1 }
        return p[offset]
    }

    mutating func u64() -> UInt64? {
        guard p.count - offset >= 8 else { return nil }
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(p[offset + k]) << (8 * UInt64(k)) }
        offset += 8
        return v
    }

    mutating func varint() -> UInt64? {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while shift < 64 {
            guard let byte = u8() else { return nil }
            let part = UInt64(byte & 0x7F)
            if shift == 63 && part > 1 { return nil }
            v |= part << shift
            if byte & 0x80 == 0 { return v }
            shift += 7
        }
        return nil
    }

    /// A count of things each at least `minimumBytesEach` long: never more than the bytes left allow.
    mutating func count(minimumBytesEach: Int) -> Int? {
        guard let v = varint(), v <= UInt64(p.count - offset) / UInt64(max(1, minimumBytesEach)) else { return nil }
        return Int(v)
    }

    mutating func int() -> Int? {
        guard let z = varint() else { return nil }
        return Int(truncatingIfNeeded: Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1))))
    }

    mutating func optional() -> Int?? {
        guard let z = varint() else { return nil }
        if z == 0 { return .some(nil) }
        let y = z - 1
        return .some(Int(truncatingIfNeeded: Int64(bitPattern: (y >> 1) ^ (0 &- (y & 1)))))
    }

    mutating func raw(_ n: Int) -> UnsafeBufferPointer<UInt8>? {
        guard n >= 0, p.count - offset >= n else { return nil }
        defer { offset += n }
        return UnsafeBufferPointer(rebasing: p[offset..<(offset + n)])
    }

    mutating func string() -> String? {
        guard let n = count(minimumBytesEach: 1), let bytes = raw(n) else { return nil }
        return String(decoding: bytes, as: UTF8.self)   // the entry's checksum already held
    }
}

/// One township in bytes: its rules once (villages that keep the township's rule share it), then
/// each village naming its rules by number.
enum TownshipCodec {
    static func encode(_ t: TownshipConfig, into w: inout ByteWriter) {
        w.string(t.id)
        w.string(t.townshipName)
        w.string(t.file)
        // The villages go first into their own buffer, naming rules by number as they are met;
        // the table of rules is written before them. Most villages keep the township's rule of a
        // rhythm (the same array storage), so the last rule of each rhythm is tried before the table.
        var rules: [Rule] = []
        var ruleIndex: [Rule: Int] = [:]
        var lastOfRhythm = [Int](repeating: -1, count: Rhythm.allCases.count)
        var dailies: [DailyRule] = []
        var v = ByteWriter()
        v.bytes.reserveCapacity(t.villages.count * 48)
        v.varint(UInt64(t.villages.count))
        for village in t.villages {
            v.string(village.id)
            v.string(village.name)
            v.string(village.townshipName)
            var people = 0
            for role in Role.allCases where village.people[role] != nil { people += 1 }
            v.varint(UInt64(people))
            for (k, role) in Role.allCases.enumerated() {
                guard let name = village.people[role] else { continue }
                v.u8(UInt8(k))
                v.string(name)
            }
            v.varint(UInt64(village.rules.count))
            for r in village.rules {
                let last = lastOfRhythm[r.rhythm.rawValue]
                let k: Int
                if last >= 0, rules[last] == r {
                    k = last
                } else if let found = ruleIndex[r] {
                    k = found
                } else {
                    k = rules.count
                    ruleIndex[r] = k
                    rules.append(r)
                }
                lastOfRhythm[r.rhythm.rawValue] = k
                v.varint(UInt64(k))
            }
            let d: Int
            if let last = dailies.indices.last, dailies[last] == village.daily {
                d = last
            } else if dailies.count < 64, let found = dailies.firstIndex(of: village.daily) {
                d = found
            } else {
                d = dailies.count
                dailies.append(village.daily)
            }
            v.varint(UInt64(d))
        }
        w.varint(UInt64(rules.count))
        for r in rules { encode(r, into: &w) }
        w.varint(UInt64(dailies.count))
        for d in dailies {
            matters(d.matters, &w)
            w.optional(d.time)
            w.optional(d.duration)
            roles(d.attendees, &w)
        }
        w.bytes.append(contentsOf: v.bytes)
        w.varint(UInt64(t.idPositions.count))
        for p in t.idPositions {
            w.int(Int(p.line))
            w.int(Int(p.column))
        }
    }

    static func encode(_ r: Rule, into w: inout ByteWriter) {
        w.u8(UInt8(r.rhythm.rawValue))
        switch r.day {
        case .nth(let n): w.u8(0); w.int(n)
        case .weekday(let d): w.u8(1); w.int(d)
        case .nthWeekday(let o, let d): w.u8(2); w.int(o); w.int(d)
        case .nthWorkday(let o): w.u8(3); w.int(o)
        }
        w.optional(r.month)
        w.u8(r.calendar == .lunar ? 1 : 0)
        w.u8(UInt8(HolidayPolicy.allCases.firstIndex(of: r.holiday) ?? 0))
        matters(r.matters, &w)
        w.optional(r.time)
        w.optional(r.duration)
        roles(r.attendees, &w)
    }

    static func matters(_ m: [Matter], _ w: inout ByteWriter) {
        w.varint(UInt64(m.count))
        for x in m { w.u8(UInt8(x.rawValue)) }
    }

    static func roles(_ list: [Role], _ w: inout ByteWriter) {
        w.varint(UInt64(list.count))
        for x in list { w.u8(UInt8(Role.allCases.firstIndex(of: x) ?? 0)) }
    }

    static func decode(_ r: inout ByteReader, summary: Bool = false) -> TownshipConfig? {
        guard let id = r.string(), let name = r.string(), let file = r.string(),
              let ruleCount = r.count(minimumBytesEach: 10) else { return nil }
        var rules: [Rule] = []
        rules.reserveCapacity(ruleCount)
        for _ in 0..<ruleCount {
            guard let rule = decodeRule(&r) else { return nil }
            rules.append(rule)
        }
        guard let dailyCount = r.count(minimumBytesEach: 4) else { return nil }
        var dailies: [DailyRule] = []
        for _ in 0..<dailyCount {
            guard let m = matters(&r), let time = r.optional(), let duration = r.optional(), let a = roles(&r) else { return nil }
            dailies.append(DailyRule(matters: m, time: time, duration: duration, attendees: a))
        }
        guard let villageCount = r.count(minimumBytesEach: 6) else { return nil }
        var villages: [Village] = []
        villages.reserveCapacity(villageCount)
        for _ in 0..<villageCount {
            guard let vid = r.string(), let vname = r.string(), let tname = r.string(),
                  let peopleCount = r.count(minimumBytesEach: 2), peopleCount <= Role.allCases.count else { return nil }
            var people: [Role: String] = [:]
            for _ in 0..<peopleCount {
                guard let k = r.u8(), Int(k) < Role.allCases.count else { return nil }
                if summary {
                    guard let n = r.count(minimumBytesEach: 1), r.raw(n) != nil else { return nil }
                } else {
                    guard let n = r.string() else { return nil }
                    people[Role.allCases[Int(k)]] = n
                }
            }
            guard let n = r.count(minimumBytesEach: 1), n <= Rhythm.allCases.count else { return nil }
            var mine: [Rule] = []
            if !summary { mine.reserveCapacity(n) }
            for _ in 0..<n {
                guard let k = r.varint(), k < UInt64(rules.count) else { return nil }
                if !summary { mine.append(rules[Int(k)]) }
            }
            guard let d = r.varint(), d < UInt64(dailies.count) else { return nil }
            villages.append(Village(id: vid, name: vname, people: people, rules: mine, daily: summary ? DailyRule() : dailies[Int(d)],
                                    townshipName: tname))
        }
        guard let positionCount = r.count(minimumBytesEach: 2) else { return nil }
        var positions: [SourcePosition] = []
        positions.reserveCapacity(positionCount)
        for _ in 0..<positionCount {
            guard let line = r.int(), let column = r.int(),
                  let l = Int32(exactly: line), let c = Int32(exactly: column) else { return nil }
            positions.append(SourcePosition(line: l, column: c))
        }
        return TownshipConfig(townshipName: name, villages: villages, file: file, id: id, idPositions: positions)
    }

    static func decodeRule(_ r: inout ByteReader) -> Rule? {
        guard let rh = r.u8(), let rhythm = Rhythm(rawValue: Int(rh)), let form = r.u8() else { return nil }
        let day: DaySpec
        switch form {
        case 0: guard let n = r.int() else { return nil }; day = .nth(n)
        case 1: guard let d = r.int() else { return nil }; day = .weekday(d)
        case 2: guard let o = r.int(), let d = r.int() else { return nil }; day = .nthWeekday(ordinal: o, weekday: d)
        case 3: guard let o = r.int() else { return nil }; day = .nthWorkday(ordinal: o)
        default: return nil
        }
        guard let month = r.optional(), let cal = r.u8(), cal <= 1, let hol = r.u8(), Int(hol) < HolidayPolicy.allCases.count,
              let m = matters(&r), let time = r.optional(), let duration = r.optional(), let a = roles(&r) else { return nil }
        let rule = Rule(rhythm: rhythm, day: day, month: month, calendar: cal == 1 ? .lunar : .gregorian,
                        holiday: HolidayPolicy.allCases[Int(hol)], matters: m, time: time, duration: duration, attendees: a)
        // Only valid rules are ever written: anything else is not ours.
        return rule.problem() == nil ? rule : nil
    }

    static func matters(_ r: inout ByteReader) -> [Matter]? {
        guard let n = r.count(minimumBytesEach: 1), n <= Matter.allCases.count else { return nil }
        var out: [Matter] = []
        for _ in 0..<n {
            guard let k = r.u8(), let m = Matter(rawValue: Int(k)) else { return nil }
            out.append(m)
        }
        return out
    }

    static func roles(_ r: inout ByteReader) -> [Role]? {
        guard let n = r.count(minimumBytesEach: 1), n <= Role.allCases.count else { return nil }
        var out: [Role] = []
        for _ in 0..<n {
            guard let k = r.u8(), Int(k) < Role.allCases.count else { return nil }
            out.append(Role.allCases[Int(k)])
        }
        return out
    }
}
