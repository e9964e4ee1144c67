#if canImport(Glibc)
import Glibc
#endif

/// Signals that end the process while the screen is open without ncurses' knowledge — SIGQUIT
/// (Ctrl-\ from another terminal, `kill -QUIT`), SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL,
/// SIGTRAP (a Swift trap): the handler gives the terminal its saved modes back (tcsetattr) and
/// leaves the alternate screen with the cursor shown, using only async-signal-safe calls, then
/// lets the signal end the process with its default action. Without it the tty stays raw and the
/// Swift runtime's crash report is painted over the screen.
enum FatalSignals {
    static let signals: [Int32] = [SIGQUIT, SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGTRAP]
    /// Reset attributes, show the cursor, leave the alternate screen, start a new line.
    static let resetText: [UInt8] = Array("\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l\r\n".utf8)

    /// Allocated before any handler is installed: the handler touches nothing that is lazily made.
    nonisolated(unsafe) static let saved = UnsafeMutablePointer<termios>.allocate(capacity: 1)
    nonisolated(unsafe) static let reset: UnsafeMutablePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: resetText.count)
        p.initialize(from: resetText, count: resetText.count)
        return p
    }()
    nonisolated(unsafe) static let resetCount = resetText.count
    nonisolated(unsafe) static var haveSaved: Int32 = 0
    nonisolated(unsafe) static var previous: [Int32: sigaction] = [:]

    /// Saves the terminal's modes and installs the handlers (before the screen opens).
    static func install() {
        _ = reset
        _ = resetCount
        haveSaved = tcgetattr(STDIN_FILENO, saved) == 0 ? 1 : 0
        for s in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in
                if FatalSignals.haveSaved == 1 {
                    _ = tcsetattr(STDIN_FILENO, TCSANOW, FatalSignals.saved)
                    _ = write(STDOUT_FILENO, FatalSignals.reset, FatalSignals.resetCount)
                }
                var dfl = sigaction()
                dfl.__sigaction_handler.sa_handler = SIG_DFL
                sigemptyset(&dfl.sa_mask)
                sigaction(sig, &dfl, nil)
                var set = sigset_t()
                sigemptyset(&set)
                sigaddset(&set, sig)
                sigprocmask(SIG_UNBLOCK, &set, nil)
                raise(sig)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            var old = sigaction()
            sigaction(s, &action, &old)
            previous[s] = old
        }
    }

    /// Gives the signals their earlier handlers back (the screen is closed).
    static func uninstall() {
        for s in signals {
            if var old = previous[s] { sigaction(s, &old, nil) }
        }
        previous = [:]
    }
}
