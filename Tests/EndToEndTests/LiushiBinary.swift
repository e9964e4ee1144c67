import Foundation
import Testing

/// Runs the built `liushi` binary as a user would: arguments in; status, stdout, stderr out.
enum LiushiBinary {
    /// The binary next to the test bundle (the test target depends on the executable, so
    /// `swift test` builds it).
    static let path: String? = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("liushi").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let fallback = repositoryRoot.appendingPathComponent(".build/debug/liushi").path
        return FileManager.default.isExecutableFile(atPath: fallback) ? fallback : nil
    }()

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// A clean environment: no user configuration or database leaks into tests.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var env: [String: String] = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": NSTemporaryDirectory(),
                                     "XDG_CONFIG_HOME": "/nonexistent-liushi-config", "USER": "tester"]
        for (k, v) in extra { env[k] = v }
        return env
    }

    static func run(_ arguments: [String], env: [String: String] = [:], cwd: String? = nil,
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> Result {
        guard let path else {
            Issue.record("the liushi binary was not built next to the tests", sourceLocation: sourceLocation)
            return Result(status: -1, stdout: "", stderr: "")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        p.environment = environment(env)
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // Read both pipes while the process runs, so a large output cannot block it.
        // On a thread of its own, not Dispatch's pool: tests running at once can hold all of the
        // pool's few threads, and a read waiting for one would never end.
        final class Box: @unchecked Sendable { var data = Data() }
        let outBox = Box()
        let finished = DispatchSemaphore(value: 0)
        let reader = Thread { outBox.data = out.fileHandleForReading.readDataToEndOfFile(); finished.signal() }
        reader.start()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        finished.wait()
        let outData = outBox.data
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Compares `text` with a golden file; LIUSHI_UPDATE_GOLDEN=1 rewrites it.
    static func expectGolden(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = repositoryRoot.appendingPathComponent("Tests/EndToEndTests/Golden/" + name)
        if ProcessInfo.processInfo.environment["LIUSHI_UPDATE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let want = try String(contentsOf: url, encoding: .utf8)
        if want != text {
            let a = want.split(separator: "\n", omittingEmptySubsequences: false)
            let b = text.split(separator: "\n", omittingEmptySubsequences: false)
            let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            Issue.record("\(name) differs at line \(i + 1):\n want: \(i < a.count ? String(a[i]) : "<end>")\n  got: \(i < b.count ? String(b[i]) : "<end>")",
                         sourceLocation: sourceLocation)
        }
    }

    static func temporaryDirectory() throws -> URL {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("liushi-e2e-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
