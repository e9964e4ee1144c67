import Foundation
import Testing

/// docs/liushi.1 is generated from the commands' own help by Scripts/gen-manpage.py; it must be
/// what the script makes from the binary these tests run.
@Suite("The man page (docs/liushi.1)")
struct ManPageTests {
    static let page = LiushiBinary.repositoryRoot.appendingPathComponent("docs/liushi.1")

    /// Runs `executable` with `arguments`; status, stdout, stderr.
    func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        p.environment = LiushiBinary.environment()
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        var o = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { o = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let e = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    @Test("docs/liushi.1 is current: regenerating it from the binary's help gives the same text (else run python3 Scripts/gen-manpage.py)")
    func current() throws {
        let binary = try #require(LiushiBinary.path)
        let script = LiushiBinary.repositoryRoot.appendingPathComponent("Scripts/gen-manpage.py").path
        let r = try run("/usr/bin/python3", [script, "--binary", binary, "-o", "-"])
        #expect(r.status == 0, "\(r.err)")
        let committed = try String(contentsOf: Self.page, encoding: .utf8)
        if r.out != committed {
            let a = committed.split(separator: "\n", omittingEmptySubsequences: false)
            let b = r.out.split(separator: "\n", omittingEmptySubsequences: false)
            let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            Issue.record("""
                docs/liushi.1 is out of date at line \(i + 1): run `swift build && python3 Scripts/gen-manpage.py`
                 committed: \(i < a.count ? String(a[i]) : "<end>")
                generated: \(i < b.count ? String(b[i]) : "<end>")
                """)
        }
    }

    @Test("the page documents every command, the global options, the environment and the exit statuses")
    func content() throws {
        let text = try String(contentsOf: Self.page, encoding: .utf8)
        for section in [".SH NAME", ".SH SYNOPSIS", ".SH GLOBAL OPTIONS", ".SH COMMANDS", ".SH ENVIRONMENT", ".SH EXIT STATUS"] {
            #expect(text.contains(section + "\n"), "\(section)")
        }
        for command in ["upcoming", "print", "holidays", "check", "item add", "item advance", "day mark", "undo", "init"] {
            #expect(text.contains(".SS \"liushi \(command)"), "\(command)")
        }
        for option in ["\\-\\-config", "\\-\\-today", "\\-\\-lang", "\\-\\-village", "\\-\\-format"] {
            #expect(text.contains("\\fB\(option)\\fR"), "\(option)")
        }
    }

    @Test("groff formats the page without a warning", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/groff")))
    func formats() throws {
        let r = try run("/usr/bin/groff", ["-k", "-man", "-Tutf8", "-ww", "-z", Self.page.path])
        #expect(r.status == 0)
        #expect(r.err.isEmpty, "\(r.err)")
        let rendered = try run("/usr/bin/groff", ["-k", "-man", "-Tutf8", Self.page.path])
        #expect(rendered.out.contains("liushi init"))
    }
}
