import Foundation
import Testing

/// `liushi --generate-completion-script bash|zsh|fish` (argument-parser's), through the
/// program's own entry point; each script is loaded into its shell when that shell is installed.
@Suite("Shell completions, end to end")
struct CompletionTests {
    static func installed(_ shell: String) -> String? {
        ["/usr/bin/", "/bin/", "/usr/local/bin/"].map { $0 + shell }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func script(_ shell: String) throws -> String {
        let r = try LiushiBinary.run(["--generate-completion-script", shell])
        #expect(r.status == 0, "\(shell): \(r.stderr)")
        #expect(r.stderr.isEmpty)
        return r.stdout
    }

    /// Runs `command` in `shell` with the binary's folder first on PATH; stdout.
    func inShell(_ shell: String, _ command: String) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(Self.installed(shell)))
        p.arguments = ["-c", command]
        let bin = URL(fileURLWithPath: try #require(LiushiBinary.path)).deletingLastPathComponent().path
        p.environment = LiushiBinary.environment(["PATH": bin + ":/usr/bin:/bin"])
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    func temporaryFile(_ text: String, _ name: String) throws -> URL {
        let dir = try LiushiBinary.temporaryDirectory()
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test("bash: the script completes the commands (init among them), a command's options and an option's values")
    func bash() throws {
        let text = try script("bash")
        #expect(text.contains("complete -o filenames -F _liushi liushi"))
        #expect(text.contains("init"))
        guard Self.installed("bash") != nil else { return }
        let file = try temporaryFile(text, "liushi.bash")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        // What bash does on Tab: sets COMP_* and calls the function with the command, word and previous word.
        func complete(_ words: [String]) throws -> [String] {
            let quoted = words.map { "'\($0)'" }.joined(separator: " ")
            let line = words.joined(separator: " ")
            let command = """
            source '\(file.path)'
            COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}
            _liushi liushi '\(words.last ?? "")' '\(words.count > 1 ? words[words.count - 2] : "")'
            printf '%s\\n' "${COMPREPLY[@]}"
            """
            let r = try inShell("bash", command)
            #expect(r.status == 0, "\(r.err)")
            return r.out.split(separator: "\n").map(String.init)
        }
        let commands = try complete(["liushi", ""])
        for c in ["upcoming", "print", "holidays", "check", "item", "day", "undo", "init"] {
            #expect(commands.contains(c), "\(c) not offered: \(commands)")
        }
        #expect(try complete(["liushi", "in"]) == ["init"])
        #expect(try complete(["liushi", "print", "--for"]) == ["--format"])
        #expect(Set(try complete(["liushi", "print", "--format", ""])) == ["text", "json", "csv", "html", "ics"])
        #expect(try complete(["liushi", "item", "adv"]) == ["advance"])
    }

    @Test("zsh: the script is a #compdef function for liushi that zsh reads without error")
    func zsh() throws {
        let text = try script("zsh")
        #expect(text.hasPrefix("#compdef liushi"))
        #expect(text.contains("init") && text.contains("upcoming"))
        guard Self.installed("zsh") != nil else { return }
        let file = try temporaryFile(text, "_liushi")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let syntax = try inShell("zsh", "zsh -n '\(file.path)'")
        #expect(syntax.status == 0, "\(syntax.err)")
        // Loaded as completion systems load it (compinit calls compdef), it defines _liushi.
        let loaded = try inShell("zsh", "compdef() { :; }; source '\(file.path)'; whence -w _liushi")
        #expect(loaded.status == 0 && loaded.out.contains("_liushi: function"), "\(loaded.out)\(loaded.err)")
    }

    @Test("fish: the script completes the commands, a command's options and an option's values")
    func fish() throws {
        let text = try script("fish")
        #expect(text.contains("complete -c 'liushi'"))
        guard Self.installed("fish") != nil else { return }
        let file = try temporaryFile(text, "liushi.fish")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        func complete(_ line: String) throws -> [String] {
            let r = try inShell("fish", "source '\(file.path)'; complete -C '\(line)'")
            #expect(r.status == 0, "\(r.err)")
            return r.out.split(separator: "\n").map { String($0.split(separator: "\t").first ?? "") }
        }
        let commands = try complete("liushi ")
        for c in ["upcoming", "print", "holidays", "check", "item", "day", "undo", "init"] {
            #expect(commands.contains(c), "\(c) not offered: \(commands)")
        }
        #expect(try complete("liushi in") == ["init"])
        #expect(try complete("liushi print --for") == ["--format"])
        #expect(Set(try complete("liushi print --format ")) == ["text", "json", "csv", "html", "ics"])
    }

    @Test("an unknown shell is a usage error with the shells named")
    func unknownShell() throws {
        let r = try LiushiBinary.run(["--generate-completion-script", "tcsh"])
        #expect(r.status == 2, "\(r.status) \(r.stderr)")
        #expect(r.stderr.contains("bash") && r.stderr.contains("zsh") && r.stderr.contains("fish"), "\(r.stderr)")
    }
}
