import Foundation
import Testing

/// The terminal UI, end to end: the real `liushi` binary in a real terminal (tmux), driven by
/// keys, checked by what the screen shows, what the store holds afterwards, and the state the
/// terminal is left in.
@Suite("Terminal UI in tmux", .serialized,
       .enabled(if: TmuxPane.tmuxPath != nil, "tmux is not installed (CI installs it: .ci/run)"))
struct TUITests {
    static let township = "乾潭镇"

    @Test("open, add an item with a Chinese title, advance it, quit with q: the store has it, the tty is restored")
    func addAndAdvance() throws {
        guard let pane = try TmuxPane.start() else { return }
        defer { pane.close() }
        let before = try #require(pane.ttyState())
        pane.go()
        try #require(pane.waitForScreen(containing: Self.township) != nil, "first screen: \(pane.capture())")

        // a → village picker; typing filters; Enter chooses; then the title prompt.
        pane.keys("a")
        pane.literal("qiantan")
        try #require(pane.waitForScreen { $0.contains("乾潭村") } != nil)
        pane.keys("Enter")
        let title = "村道路灯维修 lamp"
        pane.literal(title)
        try #require(pane.waitForScreen(containing: "村道路灯维修") != nil, "the title is echoed: \(pane.capture())")
        pane.keys("Enter")
        try #require(pane.waitForScreen(containing: "#1") != nil, "added: \(pane.capture())")

        // The board (3): the new item is at sort, under the cursor; Space asks for an optional note, Enter saves.
        pane.keys("3")
        try #require(pane.waitForScreen(containing: "#1 村道路灯") != nil, "board: \(pane.capture())")   // cut to the column
        pane.keys("Space")
        try #require(pane.waitForScreen { $0.contains("discuss") || $0.contains("议事") } != nil, "confirmation: \(pane.capture())")
        pane.keys("Enter")   // the note prompt: empty note, Enter saves
        try #require(pane.waitForScreen { $0.lowercased().contains("advanced") } != nil, "advanced: \(pane.capture())")

        pane.keys("q")
        let status = try #require(pane.waitForExit(), "liushi did not quit on q: \(pane.capture())")
        #expect(status == 0)
        #expect(pane.ttyState() == before, "the terminal is left as it was")

        // What the screen showed as done is in the store.
        let list = try LiushiBinary.run(["item", "list", "--db", pane.database, "--format", "json"])
        #expect(list.status == 0, "\(list.stderr)")
        let items = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]],
                                 "item list --format json: \(list.stdout)")
        let item = try #require(items.first { $0["title"] as? String == title }, "\(list.stdout)")
        #expect(item["village"] as? String == "qiantan")
        #expect(item["stage"] as? String == "discuss")
    }

    @Test("p writes the village's schedule to a text file; u undoes the last change")
    func printAndUndo() throws {
        guard let pane = try TmuxPane.start() else { return }
        defer { pane.close() }
        pane.go()
        try #require(pane.waitForScreen(containing: Self.township) != nil, "first screen: \(pane.capture())")
        pane.keys("p")
        pane.literal("zixu")
        pane.keys("Enter")
        try #require(pane.waitForScreen(containing: "written to") != nil, "print: \(pane.capture())")
        let file = pane.directory.appendingPathComponent("liushi-zixu-2026.txt")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("子胥村") && text.contains("2026"))

        pane.keys("a")
        pane.literal("zixu")
        pane.keys("Enter")
        pane.literal("测试事项")
        pane.keys("Enter")
        try #require(pane.waitForScreen(containing: "#1") != nil, "added: \(pane.capture())")
        pane.keys("u")
        try #require(pane.waitForScreen(containing: "undone: #1 测试事项") != nil, "undo: \(pane.capture())")
        pane.keys("q")
        #expect(pane.waitForExit() == 0)
        let list = try LiushiBinary.run(["item", "list", "--db", pane.database, "--format", "json"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(!list.stdout.contains("测试事项"), "the undone item is gone: \(list.stdout)")
    }

    @Test("TERM=dumb: the bare liushi prints the next 14 days instead of opening the UI")
    func dumbTerminal() throws {
        guard let pane = try TmuxPane.start(environment: ["TERM": "dumb"]) else { return }
        defer { pane.close() }
        pane.go()
        let status = try #require(pane.waitForExit())
        #expect(status == 0)
        let screen = pane.capture()
        #expect(screen.contains("2026-10-"), "\(screen)")
        #expect(!screen.contains("1 Calendar"), "\(screen)")
    }

    @Test("Ctrl-C quits with status 0 and restores the terminal")
    func controlC() throws {
        guard let pane = try TmuxPane.start() else { return }
        defer { pane.close() }
        let before = try #require(pane.ttyState())
        pane.go()
        try #require(pane.waitForScreen(containing: Self.township) != nil, "first screen: \(pane.capture())")
        pane.keys("C-c")
        let status = try #require(pane.waitForExit())
        #expect(status == 0)
        #expect(pane.ttyState() == before)
    }

    @Test("SIGHUP, SIGTERM and SIGINT restore the terminal and end with 128 + the signal",
          arguments: [(SIGHUP, Int32(129)), (SIGTERM, Int32(143)), (SIGINT, Int32(130))])
    func signals(signal: Int32, expected: Int32) throws {
        guard let pane = try TmuxPane.start() else { return }
        defer { pane.close() }
        let before = try #require(pane.ttyState())
        pane.go()
        try #require(pane.waitForScreen(containing: Self.township) != nil, "first screen: \(pane.capture())")
        // While liushi runs, the tty is in curses mode (-icanon -echo): a different state.
        #expect(pane.ttyState() != before)
        let pid = try #require(pane.pid())
        #expect(kill(pid, signal) == 0)
        let status = try #require(pane.waitForExit(), "no exit after signal \(signal): \(pane.capture())")
        #expect(status == expected)
        #expect(pane.ttyState() == before, "stty -g after the signal equals stty -g before liushi started")
    }

    @Test("resizing: below 80×24 says the terminal is too small, back to 100×30 redraws")
    func resize() throws {
        guard let pane = try TmuxPane.start() else { return }
        defer { pane.close() }
        pane.go()
        try #require(pane.waitForScreen(containing: Self.township) != nil, "first screen: \(pane.capture())")
        pane.resize(width: 60, height: 20)
        #expect(pane.waitForScreen(containing: "too small") != nil, "at 60×20: \(pane.capture())")
        pane.resize(width: 100, height: 30)
        #expect(pane.waitForScreen { $0.contains(Self.township) && !$0.contains("too small") } != nil,
                "at 100×30: \(pane.capture())")
        pane.keys("q")
        #expect(pane.waitForExit() == 0)
    }

    @Test("--lang zh: Chinese labels, CJK at two columns")
    func chineseLabels() throws {
        guard let pane = try TmuxPane.start(arguments: ["--lang", "zh"]) else { return }
        defer { pane.close() }
        pane.go()
        try #require(pane.waitForScreen(containing: Self.township) != nil, "first screen: \(pane.capture())")
        pane.keys("3")
        #expect(pane.waitForScreen { $0.contains("理事") && $0.contains("议事") && $0.contains("评事") } != nil,
                "board in Chinese: \(pane.capture())")
        pane.resize(width: 70, height: 20)
        #expect(pane.waitForScreen(containing: "终端太小") != nil, "\(pane.capture())")
        pane.keys("q")
        #expect(pane.waitForExit() == 0)
    }

    @Test("colours when the terminal has them; none at all with NO_COLOR (bold and reverse remain)")
    func noColor() throws {
        guard let colored = try TmuxPane.start() else { return }
        defer { colored.close() }
        colored.go()
        try #require(colored.waitForScreen(containing: Self.township) != nil)
        #expect(TmuxPane.usesColor(colored.capture(escapes: true)), "colours expected without NO_COLOR")
        colored.keys("q")
        #expect(colored.waitForExit() == 0)

        guard let plain = try TmuxPane.start(environment: ["NO_COLOR": "1"]) else { return }
        defer { plain.close() }
        plain.go()
        try #require(plain.waitForScreen(containing: Self.township) != nil)
        let screen = plain.capture(escapes: true)
        #expect(!TmuxPane.usesColor(screen), "no colour with NO_COLOR: \(screen.debugDescription)")
        #expect(screen.contains("\u{1B}[1m") || screen.contains("\u{1B}[7m") || screen.contains(";7m") || screen.contains(";1m"),
                "bold or reverse remain")
        plain.keys("q")
        #expect(plain.waitForExit() == 0)
    }
}

/// One tmux server of its own (a private socket, no user configuration) with one pane that runs
/// `liushi` through a small shell script. The script waits for `go()` (so the pane's tty state
/// can be recorded before liushi touches it), writes liushi's pid, and after it ends writes its
/// exit status and keeps the pane (and its tty) open.
final class TmuxPane {
    /// The server's socket, inside the temporary folder (removed with it); a named socket in
    /// tmux's own folder when that path would be too long for a Unix socket.
    private(set) lazy var socketArguments: [String] = {
        let path = directory.appendingPathComponent("tmux.sock").path
        return path.utf8.count < 100 ? ["-S", path] : ["-L", "liushi-test-" + UUID().uuidString.prefix(8).lowercased()]
    }()
    let directory: URL
    var database: String { directory.appendingPathComponent("liushi.sqlite").path }
    private let tmux: String
    private var closed = false

    static let tmuxPath: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"]
        return dirs.map { $0 + "/tmux" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Starts the pane, or returns nil (having recorded why) when tmux or the binary is missing.
    static func start(arguments: [String] = [], environment: [String: String] = [:], width: Int = 100, height: Int = 30,
                      sourceLocation: SourceLocation = #_sourceLocation) throws -> TmuxPane? {
        guard let tmux = tmuxPath else { return nil }   // the suite is skipped, with its reason, without tmux
        guard let binary = LiushiBinary.path else {
            Issue.record("the liushi binary was not built (looked next to the tests and in .build/debug)",
                         sourceLocation: sourceLocation)
            return nil
        }
        let pane = try TmuxPane(tmux: tmux)
        try pane.launch(binary: binary, arguments: ["--today", "2026-09-28", "--db", pane.database] + arguments,
                        environment: environment, width: width, height: height)
        return pane
    }

    private init(tmux: String) throws {
        self.tmux = tmux
        directory = try LiushiBinary.temporaryDirectory()
    }

    deinit { close() }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    private func launch(binary: String, arguments: [String], environment: [String: String], width: Int, height: Int) throws {
        let dir = directory.path
        var exports = ""
        for (k, v) in environment.sorted(by: { $0.key < $1.key }) { exports += "export \(k)=\(Self.quote(v))\n" }
        let script = """
            #!/bin/sh
            unset NO_COLOR LIUSHI_DB LIUSHI_CONFIG LC_ALL LC_MESSAGES LANGUAGE XDG_DATA_HOME
            export LANG=C.UTF-8 USER=tester HOME=\(Self.quote(dir)) XDG_CONFIG_HOME=/nonexistent-liushi-config
            \(exports)cd \(Self.quote(dir)) || exit 99
            : > ready
            while [ ! -e go ]; do sleep 0.02; done
            sh -c 'echo $$ > pid; exec "$@"' sh \(([binary] + arguments).map(Self.quote).joined(separator: " "))
            status=$?
            echo "$status" > status.tmp && mv status.tmp status
            echo "EXIT=$status"
            echo $$ > keeper
            exec sleep 120

            """
        try script.write(to: directory.appendingPathComponent("run.sh"), atomically: true, encoding: .utf8)
        let r = run(["-f", "/dev/null", "new-session", "-d", "-s", "main", "-x", "\(width)", "-y", "\(height)",
                     "sh " + Self.quote(directory.appendingPathComponent("run.sh").path)])
        guard r.status == 0 else { throw TmuxFailure(message: "tmux new-session failed: \(r.output)") }
        // tmux sets the pane's terminal modes (IUTF8 among them) in the child before the script
        // runs: the script's first step marks that the terminal is as the shell will have it, so a
        // test that reads the modes before starting liushi reads the final ones.
        let ready = directory.appendingPathComponent("ready").path
        let end = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: ready), Date() < end { usleep(20_000) }
    }

    struct TmuxFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Runs a tmux command on this server; status and stdout+stderr.
    @discardableResult
    func run(_ arguments: [String]) -> (status: Int32, output: String) {
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "TMUX")
        env["LANG"] = "C.UTF-8"
        return Spawn.run(tmux, socketArguments + arguments, environment: env,
                         output: directory.appendingPathComponent("tmux-output").path)
    }

    /// Lets the script start liushi.
    func go() {
        FileManager.default.createFile(atPath: directory.appendingPathComponent("go").path, contents: Data())
    }

    /// The pane's text (with `escapes`, its colours and attributes as SGR sequences).
    func capture(escapes: Bool = false) -> String {
        run(["capture-pane", "-p", "-t", "main"] + (escapes ? ["-e"] : [])).output
    }

    /// Polls the screen every 50 ms until `predicate` holds; the screen, or nil after `timeout`.
    func waitForScreen(timeout: Double = 10, _ predicate: (String) -> Bool) -> String? {
        let end = Date().addingTimeInterval(timeout)
        repeat {
            let screen = capture()
            if predicate(screen) { return screen }
            usleep(50_000)
        } while Date() < end
        return nil
    }

    func waitForScreen(containing text: String, timeout: Double = 10) -> String? {
        waitForScreen(timeout: timeout) { $0.contains(text) }
    }

    /// tmux key names (Enter, Space, C-c, Up…).
    func keys(_ names: String...) {
        run(["send-keys", "-t", "main"] + names)
    }

    /// Text typed as it is (UTF-8, e.g. Chinese from an input method).
    func literal(_ text: String) {
        run(["send-keys", "-t", "main", "-l", text])
    }

    func resize(width: Int, height: Int) {
        run(["resize-window", "-t", "main", "-x", "\(width)", "-y", "\(height)"])
    }

    /// liushi's pid, once the script has started it.
    func pid() -> pid_t? {
        let url = directory.appendingPathComponent("pid")
        for _ in 0..<100 {
            if let text = try? String(contentsOf: url, encoding: .utf8),
               let n = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) { return n }
            usleep(50_000)
        }
        return nil
    }

    /// liushi's exit status once it has ended (nil after `timeout`).
    func waitForExit(timeout: Double = 10) -> Int32? {
        let url = directory.appendingPathComponent("status")
        let end = Date().addingTimeInterval(timeout)
        repeat {
            if let text = try? String(contentsOf: url, encoding: .utf8),
               let n = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) { return n }
            usleep(50_000)
        } while Date() < end
        return nil
    }

    /// `stty -g` of the pane's tty, read from outside the pane.
    func ttyState() -> String? {
        let tty = run(["display-message", "-p", "-t", "main", "#{pane_tty}"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard tty.hasPrefix("/dev/") else { return nil }
        let r = Spawn.run("/bin/sh", ["-c", "stty -g < \(Self.quote(tty))"], environment: ProcessInfo.processInfo.environment,
                          output: directory.appendingPathComponent("stty-output").path)
        guard r.status == 0 else { return nil }
        return r.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Ends what the pane runs (liushi if still running, the script's closing `sleep`), kills the
    /// tmux server and removes the temporary folder. The processes are killed by pid: SIGHUP from
    /// kill-server does not reach them when the test runner was started with SIGHUP ignored.
    func close() {
        guard !closed else { return }
        closed = true
        func pid(_ name: String) -> pid_t? {
            guard let text = try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8) else { return nil }
            return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let finished = FileManager.default.fileExists(atPath: directory.appendingPathComponent("status").path)
        if !finished, let n = pid("pid") { kill(n, SIGKILL) }
        // The script writes `keeper` just before it becomes `sleep`; give it a moment after liushi ends.
        for _ in 0..<20 where finished && pid("keeper") == nil { usleep(25_000) }
        if let n = pid("keeper") { kill(n, SIGKILL) }
        run(["kill-server"])
        try? FileManager.default.removeItem(at: directory)
    }

    /// True when an SGR sequence in `screen` sets a foreground or background colour.
    static func usesColor(_ screen: String) -> Bool {
        var rest = Substring(screen)
        while let start = rest.range(of: "\u{1B}[") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(where: { $0.isLetter }) else { break }
            if rest[end] == "m" {
                let params = rest[..<end].split(separator: ";").compactMap { Int($0) }
                if params.contains(where: { (30...37).contains($0) || (40...47).contains($0) || (90...97).contains($0)
                    || (100...107).contains($0) || $0 == 38 || $0 == 48 }) { return true }
            }
            rest = rest[end...]
        }
        return false
    }
}

/// posix_spawn + waitpid, output to a file, every inherited descriptor above 2 closed.
///
/// Not Foundation's `Process`: it hands the child one end of a socket pair and waits for it to
/// close, and `tmux new-session` leaves a daemonised server holding whatever the client
/// inherited — `waitUntilExit` would then wait for the server to end. Closing every descriptor
/// above 2 also keeps the server from holding pipes of other tests' processes.
enum Spawn {
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    static func run(_ path: String, _ arguments: [String], environment: [String: String], output: String) -> (status: Int32, output: String) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        closeInherited(&actions)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard rc == 0 else { return (-1, "posix_spawn \(path): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        // WIFEXITED / WEXITSTATUS (macros Swift does not import).
        let code: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (code, text)
    }

    /// Closes every descriptor above 2 in the child: glibc's closefrom action when there is one,
    /// else each descriptor open now.
    private static func closeInherited(_ actions: inout posix_spawn_file_actions_t) {
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            let closeFrom = unsafeBitCast(symbol, to: CloseFrom.self)
            if closeFrom(&actions, 3) == 0 { return }
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/dev/fd")) ?? []
        for fd in open.compactMap({ Int32($0) }) where fd > 2 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
    }
}
