import Foundation
import Testing

/// The townships kept between runs (`$XDG_CACHE_HOME/liushi/config-*.bin`) through the real
/// binary: never a different answer from reading the files, whatever happens to the cache.
@Suite("Configuration cache through the binary", .serialized)
struct ConfigCacheFileTests {
    static let county = LiushiBinary.repositoryRoot.appendingPathComponent("Tests/LiushiConfigTests/Fixtures/county").path

    struct Env {
        let dir: URL
        var cache: String { dir.appendingPathComponent("cache").path }
        var config: String { dir.appendingPathComponent("county").path }
        func run(_ args: [String], cacheHome: String? = nil, extra: [String: String] = [:]) throws -> LiushiBinary.Result {
            var env = ["XDG_CACHE_HOME": cacheHome ?? cache]
            for (k, v) in extra { env[k] = v }
            return try LiushiBinary.run(args + ["--config", config, "--db", dir.appendingPathComponent("db.sqlite").path,
                                                "--today", "2026-03-02", "--lang", "en"], env: env)
        }
        func cacheFiles() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: cache + "/liushi")) ?? []).filter { $0.hasSuffix(".bin") }
        }
    }

    static func env() throws -> Env {
        let dir = try LiushiBinary.temporaryDirectory()
        try FileManager.default.copyItem(at: URL(fileURLWithPath: county), to: dir.appendingPathComponent("county"))
        return Env(dir: dir)
    }

    @Test("the second run answers from the cache with the same output; a file changed in place, same size and same time, is read again")
    func sameAnswer() throws {
        let e = try Self.env()
        defer { try? FileManager.default.removeItem(at: e.dir) }
        let first = try e.run(["upcoming", "--days", "14"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(e.cacheFiles().count == 1)
        let cacheFile = e.cache + "/liushi/" + (e.cacheFiles().first ?? "")
        func inode() -> Int? { (try? FileManager.default.attributesOfItem(atPath: cacheFile))?[.systemFileNumber] as? Int }
        let written = inode()
        let second = try e.run(["upcoming", "--days", "14"])
        #expect(second.stdout == first.stdout && second.status == 0)
        // Every township came from the cache: nothing was parsed, so the file was not rewritten.
        #expect(inode() == written && written != nil)
        try LiushiBinary.expectGolden(second.stdout, "county-upcoming-2026-03-02.txt")
        // Rename a village without changing the file's size or its modification time.
        let path = e.config + "/townships/qiantan.yaml"
        let before = try FileManager.default.attributesOfItem(atPath: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("三都村"))
        try text.replacingOccurrences(of: "三都村", with: "三都乡").write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: before[.modificationDate] as Any], ofItemAtPath: path)
        #expect((try FileManager.default.attributesOfItem(atPath: path))[.size] as? Int == before[.size] as? Int)
        let third = try e.run(["upcoming", "--days", "14"])
        #expect(third.status == 0 && third.stdout.contains("三都乡") && !third.stdout.contains("三都村"), "\(third.stdout)")
        #expect(inode() != written)
        // An error in a file is reported even though the file's township was cached before.
        try "township: [".write(toFile: path, atomically: false, encoding: .utf8)
        let broken = try e.run(["upcoming", "--days", "14"])
        #expect(broken.status == 2 && broken.stderr.contains("qiantan.yaml"), "\(broken.stderr)")
    }

    @Test("a damaged or foreign cache file, an unwritable cache folder and LIUSHI_CACHE=off change nothing")
    func neverAnError() throws {
        let e = try Self.env()
        defer { try? FileManager.default.removeItem(at: e.dir) }
        let plain = try e.run(["upcoming", "--days", "14"], extra: ["LIUSHI_CACHE": "off"])
        #expect(plain.status == 0)
        #expect(e.cacheFiles().isEmpty)
        _ = try e.run(["upcoming", "--days", "14"])
        let file = try #require(e.cacheFiles().first)
        let path = e.cache + "/liushi/" + file
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        for i in stride(from: 40, to: bytes.count, by: 97) { bytes[i] ^= 0x5A }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let damaged = try e.run(["upcoming", "--days", "14"])
        #expect(damaged.status == 0 && damaged.stdout == plain.stdout && damaged.stderr.isEmpty)
        try Data("LIUSHI-CFG-CACHE garbage".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try e.run(["upcoming", "--days", "14"]).stdout == plain.stdout)
        // The cache "folder" is a file: nothing can be written, the command works as ever.
        let blocked = e.dir.appendingPathComponent("blocked").path
        try Data().write(to: URL(fileURLWithPath: blocked))
        let noCache = try e.run(["upcoming", "--days", "14"], cacheHome: blocked)
        #expect(noCache.status == 0 && noCache.stdout == plain.stdout && noCache.stderr.isEmpty)
    }
}
