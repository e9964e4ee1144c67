import Foundation
import Testing

/// `liushi init [DIR]`, driven through the binary.
@Suite("liushi init, end to end")
struct InitCommandTests {
    let noDB = ["LIUSHI_DB": "/nonexistent-liushi-dir/liushi.sqlite"]

    var starter: Data {
        get throws { try Data(contentsOf: LiushiBinary.repositoryRoot.appendingPathComponent("Config/starter/liushi.yaml")) }
    }

    /// Every path under `dir` (relative) with its contents, to show that nothing changed.
    func snapshot(_ dir: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        guard let e = FileManager.default.enumerator(atPath: dir.path) else { return out }
        while let rel = e.nextObject() as? String {
            out[rel] = FileManager.default.contents(atPath: dir.appendingPathComponent(rel).path) ?? Data("<dir or link>".utf8)
        }
        return out
    }

    @Test("init writes the starter into $XDG_CONFIG_HOME/liushi; from then on every command uses it, and it passes liushi check")
    func writesIntoXDGConfigHome() throws {
        let tmp = try LiushiBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let env = noDB.merging(["XDG_CONFIG_HOME": tmp.path, "LANG": "en_US.UTF-8"]) { $1 }
        let r = try LiushiBinary.run(["init"], env: env)
        #expect(r.status == 0, "\(r.stderr)")
        let file = tmp.appendingPathComponent("liushi/liushi.yaml")
        #expect(try Data(contentsOf: file) == starter)
        #expect(r.stdout.contains(file.path))
        // The next steps, in order: edit, check, open.
        let edit = try #require(r.stdout.range(of: "Edit it"))
        let check = try #require(r.stdout.range(of: "liushi check"))
        let open = try #require(r.stdout.range(of: "schedule:"))
        #expect(edit.lowerBound < check.lowerBound && check.lowerBound < open.lowerBound)
        #expect(!r.stdout.contains("--config"))
        #expect(r.stderr.isEmpty)

        let upcoming = try LiushiBinary.run(["upcoming", "--today", "2026-03-02", "--days", "14"], env: env)
        #expect(upcoming.status == 0, "\(upcoming.stderr)")
        #expect(upcoming.stdout.contains("示例镇") && upcoming.stdout.contains("东村") && upcoming.stdout.contains("西村"))
        #expect(!upcoming.stdout.contains("乾潭镇"))
        let check1 = try LiushiBinary.run(["check", "--today", "2026-03-02"], env: env)
        #expect(check1.status == 0, "\(check1.stdout)\(check1.stderr)")
        #expect(check1.stdout.contains("示例镇") && check1.stdout.contains("No conflicts"))
    }

    @Test("the starter passes liushi check with no conflicts over ten years from 2024 and ten from 2090")
    func starterChecksCleanForYears() throws {
        let tmp = try LiushiBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        #expect(try LiushiBinary.run(["init", tmp.path], env: noDB).status == 0)
        for today in ["2024-01-01", "2034-01-01", "2090-01-01"] {
            let r = try LiushiBinary.run(["check", "--config", tmp.path, "--today", today, "--days", "3650", "--lang", "en"], env: noDB)
            #expect(r.status == 0, "\(today): \(r.stdout)\(r.stderr)")
            #expect(!r.stdout.contains("conflict:"))
        }
    }

    @Test("without XDG_CONFIG_HOME, init writes into ~/.config/liushi, making the missing folders")
    func fallsBackToHomeConfig() throws {
        let tmp = try LiushiBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let env = noDB.merging(["XDG_CONFIG_HOME": "", "HOME": tmp.path]) { $1 }
        let r = try LiushiBinary.run(["init"], env: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Data(contentsOf: tmp.appendingPathComponent(".config/liushi/liushi.yaml")) == starter)
        let upcoming = try LiushiBinary.run(["--today", "2026-03-02"], env: env)
        #expect(upcoming.status == 0 && upcoming.stdout.contains("示例镇"))
    }

    @Test("init DIR writes there (relative to the working folder) and prints the commands with --config")
    func writesIntoDir() throws {
        let tmp = try LiushiBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let r = try LiushiBinary.run(["init", "my town/config", "--lang", "en"], env: noDB, cwd: tmp.path)
        #expect(r.status == 0, "\(r.stderr)")
        let dir = tmp.appendingPathComponent("my town/config").resolvingSymlinksInPath().path
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/liushi.yaml")) == starter)
        #expect(r.stdout.contains("liushi --config '\(dir)' check"), "\(r.stdout)")
        // The printed command works as printed.
        let check = try LiushiBinary.run(["--config", dir, "check", "--today", "2026-03-02"], env: noDB)
        #expect(check.status == 0, "\(check.stderr)")
        // No temporary file is left next to it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["liushi.yaml"])
    }

    @Test("a folder that is a link to a folder is written through")
    func linkedFolder() throws {
        let tmp = try LiushiBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let real = tmp.appendingPathComponent("dotfiles/liushi")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: tmp.appendingPathComponent("liushi").path, withDestinationPath: real.path)
        let r = try LiushiBinary.run(["init"], env: noDB.merging(["XDG_CONFIG_HOME": tmp.path]) { $1 })
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Data(contentsOf: real.appendingPathComponent("liushi.yaml")) == starter)
    }

    @Test("the next steps are in Chinese under LANG=zh_CN.UTF-8 and with --lang zh")
    func chineseNextSteps() throws {
        for (args, lang) in [(["init"], "zh_CN.UTF-8"), (["init", "--lang", "zh"], "en_US.UTF-8")] {
            let tmp = try LiushiBinary.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: tmp) }
            let r = try LiushiBinary.run(args, env: noDB.merging(["XDG_CONFIG_HOME": tmp.path, "LANG": lang]) { $1 })
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("下一步") && r.stdout.contains("liushi check") && r.stdout.contains("编辑"), "\(r.stdout)")
        }
    }

    @Test("init never overwrites: with any part of a configuration there it exits 1 and changes nothing")
    func refusesToOverwrite() throws {
        let tmp = try LiushiBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let fm = FileManager.default
        // An edited liushi.yaml; only townships/ of a county; only county.yaml; a dangling link.
        let cases: [(String, (URL) throws -> Void)] = [
            ("edited", { try Data("township:\n  name: 我的镇\n".utf8).write(to: $0.appendingPathComponent("liushi.yaml")) }),
            ("county", { try fm.createDirectory(at: $0.appendingPathComponent("townships"), withIntermediateDirectories: false)
                         try Data("name: 建德市\n".utf8).write(to: $0.appendingPathComponent("townships/x.yaml")) }),
            ("countyFile", { try Data("name: 建德市\n".utf8).write(to: $0.appendingPathComponent("county.yaml")) }),
            ("link", { try fm.createSymbolicLink(atPath: $0.appendingPathComponent("liushi.yaml").path, withDestinationPath: "/nonexistent/x.yaml") }),
        ]
        for (name, prepare) in cases {
            let dir = tmp.appendingPathComponent(name)
            try fm.createDirectory(at: dir, withIntermediateDirectories: false)
            try Data("year: 2027\n".utf8).write(to: dir.appendingPathComponent("notes.txt"))
            try prepare(dir)
            let before = snapshot(dir)
            let r = try LiushiBinary.run(["init", dir.path, "--lang", "en"], env: noDB)
            #expect(r.status == 1, "\(name): \(r.stdout)\(r.stderr)")
            #expect(r.stderr.contains("already exists") && r.stderr.contains("nothing was changed"), "\(name): \(r.stderr)")
            #expect(r.stdout.isEmpty)
            #expect(snapshot(dir) == before, "\(name): the folder changed")
        }
        // Through $XDG_CONFIG_HOME too, in Chinese.
        let xdg = tmp
        try fm.moveItem(at: tmp.appendingPathComponent("edited"), to: tmp.appendingPathComponent("liushi"))
        let before = snapshot(tmp.appendingPathComponent("liushi"))
        let r = try LiushiBinary.run(["init"], env: noDB.merging(["XDG_CONFIG_HOME": xdg.path, "LANG": "zh_CN.UTF-8"]) { $1 })
        #expect(r.status == 1)
        #expect(r.stderr.contains("已存在") && r.stderr.contains("什么也没有改"), "\(r.stderr)")
        #expect(snapshot(tmp.appendingPathComponent("liushi")) == before)
    }

    @Test("init into a path that cannot be a folder exits 1 and makes nothing")
    func unusablePath() throws {
        let tmp = try LiushiBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        try Data("x".utf8).write(to: tmp.appendingPathComponent("file"))
        let before = snapshot(tmp)
        for target in ["file", "file/sub/deeper"] {
            let r = try LiushiBinary.run(["init", tmp.appendingPathComponent(target).path, "--lang", "en"], env: noDB)
            #expect(r.status == 1, "\(target): \(r.stderr)")
            #expect(r.stderr.hasPrefix("liushi: ") && r.stderr.contains("nothing was changed"), "\(r.stderr)")
            #expect(snapshot(tmp) == before)
        }
    }

    @Test("init with an empty DIR is a usage error (status 2)")
    func emptyDir() throws {
        let r = try LiushiBinary.run(["init", ""], env: noDB)
        #expect(r.status == 2)
    }
}
