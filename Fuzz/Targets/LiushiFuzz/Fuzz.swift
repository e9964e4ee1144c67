import Foundation
@testable import LiushiConfig
@testable import LiushiCore
import LiushiStore
import Yams

// libFuzzer entry points for Liushi's readers of user input. One binary, several targets: the
// target is chosen by $LIUSHI_FUZZ_TARGET (Scripts/fuzz.sh sets it):
//   config    configuration text; differential: a tree the fast reader gives must equal the
//             composer's and Yams' trees; then the township reader
//   holidays  holiday files
//   text      every parser of user text: dates, times, durations, day forms (English and Chinese),
//             names of rhythms, matters, stages, roles; the terminal sanitiser
//   store     opening a store file of arbitrary bytes
//   cache     a configuration cache file of arbitrary bytes: read, looked up, never trusted unless whole
// A failed property calls abort(), which libFuzzer reports as a crash with the input saved.

nonisolated(unsafe) var target = "config"
nonisolated(unsafe) var scratch = ""

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    target = ProcessInfo.processInfo.environment["LIUSHI_FUZZ_TARGET"] ?? "config"
    scratch = NSTemporaryDirectory() + "/liushi-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    switch target {
    case "config": fuzzConfig(bytes)
    case "holidays": fuzzHolidays(bytes)
    case "text": fuzzText(bytes)
    case "store": fuzzStore(bytes)
    case "cache": fuzzCache(bytes)
    default:
        FileHandle.standardError.write(Data("unknown LIUSHI_FUZZ_TARGET \(target)\n".utf8))
        abort()
    }
    return 0
}

func fail(_ message: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Never {
    FileHandle.standardError.write(Data(("property failed: " + message + "\n").utf8))
    abort()
}

/// What differs between two trees (empty values' positions are not compared), or nil.
func difference(_ a: YNode, _ b: YNode, path: String = "") -> String? {
    if a.kind != b.kind { return "\(path): kind \(a.kind) vs \(b.kind)" }
    if a.kind == .scalar {
        if a.string != b.string { return "\(path): text \(a.string.debugDescription) vs \(b.string.debugDescription)" }
        if (a.style == .plain) != (b.style == .plain) { return "\(path): style" }
        if a.isNull { return nil }
    }
    if a.line != b.line || a.column != b.column { return "\(path): position \(a.line):\(a.column) vs \(b.line):\(b.column)" }
    if a.children.count != b.children.count { return "\(path): \(a.children.count) vs \(b.children.count) children" }
    for (i, (x, y)) in zip(a.children, b.children).enumerated() {
        if let d = difference(x, y, path: path + "/\(i)") { return d }
    }
    return nil
}

func fuzzConfig(_ bytes: UnsafeBufferPointer<UInt8>) {
    let text = String(decoding: bytes, as: UTF8.self)
    _ = YAMLLimits.installed
    var src = SourceFile(file: "f.yaml", text: text)
    let composed = try? YAMLDocument.compose(&src, text: text)
    if let fast = FastYAML.parse(text) {
        guard let c = composed else { fail("fast reader accepted what the composer refuses", bytes) }
        if let d = difference(fast, c) { fail("fast vs composer: \(d)", bytes) }
        if let yams = try? Yams.compose(yaml: text, .basic) {
            var budget = 1_000_000
            if let y = YNode.converting(yams, budget: &budget), let d = difference(fast, y) { fail("fast vs Yams: \(d)", bytes) }
        } else {
            fail("fast reader accepted what Yams refuses", bytes)
        }
    }
    switch ConfigParser.parseTownship(text: text, file: "f.yaml") {
    case .success: break
    case .failure(let e): _ = e.rendered(chinese: bytes.count % 2 == 0)
    }
}

func fuzzHolidays(_ bytes: UnsafeBufferPointer<UInt8>) {
    let text = String(decoding: bytes, as: UTF8.self)
    switch ConfigParser.parseHolidays(text: text, file: "holidays/2026.yaml") {
    case .success(let y):
        if y.holidays.count > HolidayFileParser.maxHolidays { fail("too many holidays accepted", bytes) }
    case .failure(let e):
        _ = e.rendered(chinese: true)
    }
}

func fuzzText(_ bytes: UnsafeBufferPointer<UInt8>) {
    let text = String(decoding: bytes, as: UTF8.self)
    if let d = Day(iso: text) {
        if Day(iso: d.iso) != d { fail("date does not round-trip: \(d.iso)", bytes) }
    }
    if let t = ClockTime.parse(text) {
        if !(0..<1440).contains(t) || ClockTime.parse(ClockTime.text(t)) != t { fail("time \(t)", bytes) }
    }
    if let m = ClockTime.parseDuration(text) {
        if !(1...ClockTime.maxDuration).contains(m) || ClockTime.parseDuration(ClockTime.durationText(m)) != m { fail("duration \(m)", bytes) }
    }
    if let spec = DaySpec.parse(text) {
        for rhythm in Rhythm.allCases {
            let rule = Rule(rhythm: rhythm, day: spec)
            if rule.problem() == nil, let n = spec.count, n.magnitude > 366 { fail("day \(n) accepted for \(rhythm)", bytes) }
            _ = rule.problem()?.message(chinese: true)
        }
        if case .weekday = spec {} else if spec.text.isEmpty { fail("empty day text", bytes) }
    }
    _ = Weekdays.parse(text)
    _ = Stage(name: text)
    _ = Matter(name: text)
    _ = Rhythm(key: text)
    _ = Role(rawValue: text)
    let shown = TerminalText.visible(text)
    for u in shown.unicodeScalars {
        let v = u.value
        if (v < 0x20 && v != 0x0A) || (v >= 0x7F && v < 0xA0) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
            fail("control U+\(String(v, radix: 16)) left in terminal text", bytes)
        }
    }
    if TerminalText.visible(shown) != shown { fail("sanitiser not idempotent", bytes) }
    _ = DisplayWidth.wrap(text, width: 1 + bytes.count % 40)
    _ = DisplayWidth.truncate(text, to: bytes.count % 30)
}

nonisolated(unsafe) var storeRun = 0

func fuzzStore(_ bytes: UnsafeBufferPointer<UInt8>) {
    storeRun += 1
    let path = scratch + "/s\(storeRun % 4).sqlite"
    for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    guard FileManager.default.createFile(atPath: path, contents: Data(buffer: bytes)) else { return }
    chmod(path, 0o600)
    do {
        let store = try Store.open(path: path)
        _ = try? store.items()
        store.close()
    } catch {
        _ = error.message(chinese: true)
    }
    for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
}

// SwiftPM links an executable with its entry point renamed (`main` = `liushi_fuzz_main`): that
// entry point hands over to libFuzzer's driver, so libFuzzer's own `main` is not needed.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

@_cdecl("liushi_fuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var vector = argv
    return LLVMFuzzerRunDriver(&count, &vector) { data, size in
        guard let data else { return 0 }
        return testOneInput(data, size)
    }
}

/// The shipped example's township, and a valid cache holding it under `cacheFile`'s key.
let cacheFile = ConfigText(path: "/c/liushi.yaml", text: ConfigLoader.shippedFiles["liushi.yaml"] ?? "")
nonisolated(unsafe) let cachedTownship = try? ConfigParser.parseTownship(text: cacheFile.text, file: cacheFile.path).get()

func fuzzCache(_ bytes: UnsafeBufferPointer<UInt8>) {
    let key = ConfigCache.key(cacheFile)
    // The bytes as a whole file, and spliced into a valid file's entry (past its header and key).
    let cache = ConfigCache(bytes: Array(bytes), salt: 1)
    if let t = cache.township(cacheFile, key: key), t.file != cacheFile.path { fail("an entry for another file", bytes) }
    guard let township = cachedTownship else { fail("the shipped example does not parse", bytes) }
    var valid = ConfigCache.encode([(cacheFile, township)], salt: 1)
    let header = 49 // magic, format, salt, count, key
    let shift: Int = Int(bytes.first ?? 0) % 64
    let at: Int = min(valid.count, header + shift)
    valid.replaceSubrange(at..<min(valid.count, at + bytes.count), with: bytes)
    if let t = ConfigCache(bytes: valid, salt: 1).township(cacheFile, key: key) {
        for v in t.villages { for r in v.rules where r.problem() != nil { fail("an invalid rule read back", bytes) } }
    }
}
