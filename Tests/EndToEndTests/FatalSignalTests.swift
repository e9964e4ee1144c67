import Foundation
import Testing

/// Issue 11: signals that end the UI without ncurses' knowledge still give the terminal back.
@Suite("Terminal UI: fatal signals", .serialized,
       .enabled(if: TmuxPane.tmuxPath != nil, "tmux is not installed (CI installs it: .ci/run)"))
struct FatalSignalTests {
    @Test("SIGQUIT, SIGSEGV and SIGABRT restore the terminal before the process dies by the signal",
          arguments: [SIGQUIT, SIGSEGV, SIGABRT])
    func fatal(signal: Int32) throws {
        guard let pane = try TmuxPane.start() else { return }
        defer { pane.close() }
        let before = try #require(pane.ttyState())
        pane.go()
        try #require(pane.waitForScreen(containing: TUITests.township) != nil, "first screen: \(pane.capture())")
        #expect(pane.ttyState() != before)
        let pid = try #require(pane.pid())
        #expect(kill(pid, signal) == 0)
        let status = try #require(pane.waitForExit(), "no exit after signal \(signal): \(pane.capture())")
        #expect(status == 128 + signal)
        #expect(pane.ttyState() == before, "stty -g after the signal equals stty -g before liushi started")
    }
}
