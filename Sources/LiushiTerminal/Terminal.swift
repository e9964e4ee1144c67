import CNcursesw
import LiushiUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the terminal could not be opened.
public struct TerminalError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// What the terminal reports between two draws.
public enum TerminalEvent: Hashable {
    case key(Key)
    /// The window changed size; ncurses has already resized its screen.
    case resize(width: Int, height: Int)
}

/// A thin ncursesw backend: opens the screen, reads keys, copies cell buffers to the screen and
/// restores the terminal on quit and on SIGHUP, SIGTERM and SIGINT.
///
/// One instance at a time, used from one thread (ncurses is not thread-safe).
public final class Terminal {
    /// Whether colours are in use: the terminal has them and `NO_COLOR` is unset or empty.
    public private(set) var colors: Bool
    /// Set when a resize was read; cleared by `draw`.
    public private(set) var resized = false

    private var active = false
    private var previous: CellBuffer?
    private var repaintAll = false
    private var pairs: [UInt8: Int16] = [:]
    private var nextPair = 1
    private var defaultColors = false
    private var timeoutMilliseconds: Int32 = -2
    /// Scratch for one cell's wide characters (at most CCHARW_MAX - 1 scalars and a terminator).
    private let scratch: UnsafeMutablePointer<wchar_t>
    private static let scratchCount = 6

    /// Opens the terminal. `colors: false` never starts colour (e.g. `NO_COLOR`); otherwise colour
    /// is used when the terminal has it and `NO_COLOR` is unset or empty.
    public init(colors wanted: Bool = true, environment: [String: String]? = nil) throws {
        scratch = UnsafeMutablePointer<wchar_t>.allocate(capacity: Terminal.scratchCount)
        scratch.initialize(repeating: 0, count: Terminal.scratchCount)
        colors = false
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError("standard input and output must be a terminal")
        }
        Terminal.setUpLocale()
        // Before the screen opens, so ncurses keeps our handlers instead of installing its own.
        _ = liushi_install_signal_handlers()
        FatalSignals.install()
        guard liushi_newterm() != nil else {
            FatalSignals.uninstall()
            Terminal.releaseSignals()
            let term = getenv("TERM").map { String(cString: $0) } ?? ""
            throw TerminalError(term.isEmpty ? "TERM is not set" : "cannot use the terminal type '\(term)'")
        }
        active = true
        raw()              // Ctrl-C, Ctrl-Z, Ctrl-S arrive as keys; signals from outside still count
        noecho()
        nonl()
        _ = keypad(liushi_stdscr(), true)
        _ = set_escdelay(25)
        _ = curs_set(0)
        setTimeout(100)
        let noColor = Terminal.noColorSet(environment)
        if wanted && !noColor && has_colors() {
            if start_color() == OK {
                colors = true
                defaultColors = use_default_colors() == OK
            }
        }
    }

    deinit {
        restore()
        scratch.deinitialize(count: Terminal.scratchCount)
        scratch.deallocate()
    }

    /// True when `NO_COLOR` is set to a non-empty value (https://no-color.org).
    public static func noColorSet(_ environment: [String: String]? = nil) -> Bool {
        if let env = environment { return !(env["NO_COLOR"] ?? "").isEmpty }
        guard let v = getenv("NO_COLOR") else { return false }
        return v.pointee != 0
    }

    /// `setlocale(LC_ALL, "")`; when that locale is not UTF-8, `C.UTF-8` instead (without a UTF-8
    /// locale ncursesw draws CJK text as garbage). Numbers keep the C locale.
    @discardableResult
    public static func setUpLocale() -> Bool {
        _ = setlocale(LC_ALL, "")
        if liushi_codeset_is_utf8() == 0 {
            for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] {
                if setlocale(LC_ALL, name) != nil && liushi_codeset_is_utf8() != 0 { break }
            }
        }
        _ = setlocale(LC_NUMERIC, "C")
        return liushi_codeset_is_utf8() != 0
    }

    /// The screen's size in columns and lines.
    public func size() -> (width: Int, height: Int) {
        (Int(max(0, liushi_cols())), Int(max(0, liushi_lines())))
    }

    /// Ends curses mode and gives the terminal back as it was; SIGHUP, SIGTERM and SIGINT get
    /// their default actions back (one caught meanwhile is raised again now). Safe to call more
    /// than once.
    public func restore() {
        guard active else { return }
        active = false
        _ = curs_set(1)
        _ = endwin()
        fflush(stdout)
        FatalSignals.uninstall()
        Terminal.releaseSignals()
    }

    /// Default actions for the signals we catch; a signal caught before is raised again.
    private static func releaseSignals() {
        liushi_default_signal_handlers()
        let sig = liushi_caught_signal()
        if sig != 0 { liushi_reraise(sig) }
    }

    // MARK: Input

    private func setTimeout(_ ms: Int32) {
        if ms != timeoutMilliseconds {
            timeout(ms)
            timeoutMilliseconds = ms
        }
    }

    /// Waits up to `milliseconds` (0: only what is already there) for a key or a resize; nil
    /// when nothing came. A caught SIGHUP, SIGTERM or SIGINT restores the terminal and ends the
    /// process with that signal (statuses 129, 143, 130).
    public func nextEvent(waitMilliseconds milliseconds: Int = 100) -> TerminalEvent? {
        handlePendingSignal()
        setTimeout(Int32(clamping: milliseconds))
        var ch: wint_t = 0
        let rc = liushi_get_wch(&ch)
        handlePendingSignal()
        switch rc {
        case KEY_CODE_YES:
            let code = Int32(bitPattern: ch)
            if code == KEY_RESIZE {
                resized = true
                repaintAll = true
                let (w, h) = size()
                return .resize(width: w, height: h)
            }
            return Terminal.key(forCode: code).map { .key($0) }
        case OK:
            return Terminal.key(forCharacter: UInt32(ch)).map { .key($0) }
        default:
            return nil
        }
    }

    /// `nextEvent`, keys only (a resize sets `resized`; a timeout gives nil).
    public func readKey() -> Key? {
        if case .key(let k)? = nextEvent() { return k }
        return nil
    }

    /// Ends the process by the signal caught, after restoring the terminal.
    public func handlePendingSignal() {
        let sig = liushi_caught_signal()
        guard sig != 0 else { return }
        restore()
        liushi_reraise(sig)
        // Not reached for the signals we catch (their default action ends the process).
        exit(128 + sig)
    }

    /// A function key (wint_t KEY_* code from get_wch) as a `Key`.
    public static func key(forCode code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME, KEY_A1: return .home
        case KEY_END, KEY_C1: return .end
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        default: return nil
        }
    }

    /// A character from get_wch (already decoded from UTF-8, so one Chinese character from an
    /// input method is one value) as a `Key`; other control characters give nil.
    public static func key(forCharacter value: UInt32) -> Key? {
        switch value {
        case 3: return .ctrlC
        case 8, 0x7F: return .backspace
        case 9: return .tab
        case 10, 13: return .enter
        case 12: return .ctrlL
        case 27: return .escape
        case 0..<0x20, 0x80..<0xA0: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .char(Character(scalar))
        }
    }

    // MARK: Output

    /// Makes the next `draw` repaint every cell (Ctrl-L).
    public func repaint() {
        repaintAll = true
    }

    /// Copies the rows of `buffer` that changed since the last draw to the screen and refreshes.
    public func draw(_ buffer: CellBuffer) {
        guard active else { return }
        let (w, h) = size()
        var all = repaintAll
        if let p = previous, p.width != buffer.width || p.height != buffer.height { all = true }
        if previous == nil { all = true }
        let rows: [Int]
        if all {
            _ = erase()
            if repaintAll { _ = liushi_clear_on_next_refresh() }
            rows = Array(0..<buffer.height)
        } else {
            rows = buffer.changedRows(since: previous)
        }
        let maxX = min(buffer.width, w)
        for y in rows where y >= 0 && y < h && y < buffer.height {
            var coveredUntil = 0   // the column after the last wide character drawn
            var x = 0
            while x < maxX {
                let cell = buffer[x, y]
                if cell.width == 0 || cell.text.isEmpty {
                    // The right half of a wide character; a stray one is a blank.
                    if x >= coveredUntil { put(" ", style: cell.style, y: y, x: x) }
                    x += 1
                    continue
                }
                if cell.width >= 2 {
                    if x + 1 >= maxX {
                        // A wide character that would be cut at the right edge.
                        put(" ", style: cell.style, y: y, x: x)
                    } else {
                        put(cell.text, style: cell.style, y: y, x: x)
                        coveredUntil = x + 2
                    }
                } else {
                    put(cell.text, style: cell.style, y: y, x: x)
                }
                x += 1
            }
        }
        if let c = buffer.cursor {
            _ = move(Int32(c.y), Int32(c.x))
            _ = curs_set(1)
        } else {
            _ = curs_set(0)
        }
        _ = refresh()
        previous = buffer
        repaintAll = false
        resized = false
    }

    private func attributes(_ style: Style) -> attr_t {
        var a = liushi_a_normal()
        if style.bold { a |= liushi_a_bold() }
        if style.reverse { a |= liushi_a_reverse() }
        if style.underline { a |= liushi_a_underline() }
        if style.dim { a |= liushi_a_dim() }
        return a
    }

    private func ncursesColor(_ c: Color, foreground: Bool) -> Int16 {
        if c == .none {
            return defaultColors ? -1 : Int16(foreground ? COLOR_WHITE : COLOR_BLACK)
        }
        return Int16(c.rawValue) - 1   // black … white are 0 … 7 in both
    }

    /// The colour pair for a foreground and background, made on first use; 0 when colours are
    /// off or the terminal has no pairs left.
    private func pair(_ style: Style) -> Int16 {
        guard colors, style.fg != .none || style.bg != .none else { return 0 }
        let key = style.fg.rawValue &* 9 &+ style.bg.rawValue
        if let p = pairs[key] { return p }
        guard nextPair < Int(liushi_color_pairs()), nextPair < Int(Int16.max) else { return 0 }
        let p = Int16(nextPair)
        guard init_pair(p, ncursesColor(style.fg, foreground: true), ncursesColor(style.bg, foreground: false)) == OK else {
            pairs[key] = 0
            return 0
        }
        nextPair += 1
        pairs[key] = p
        return p
    }

    private func put(_ text: String, style: Style, y: Int, x: Int) {
        let attrs = attributes(style)
        let pair = self.pair(style)
        var n = 0
        var firstValid = true
        for s in text.unicodeScalars {
            if n == 0 && s.value < 0x20 { firstValid = false }
            if n >= Terminal.scratchCount - 1 { break }
            scratch[n] = wchar_t(bitPattern: s.value)
            n += 1
        }
        if n == 0 || !firstValid {
            scratch[0] = 0x20
            n = 1
        }
        scratch[n] = 0
        if liushi_put_cell(Int32(y), Int32(x), scratch, attrs, pair) != OK && n > 1 {
            // setcchar refuses a cluster whose later scalars are not combining marks (emoji
            // sequences): draw its first scalar alone.
            scratch[1] = 0
            _ = liushi_put_cell(Int32(y), Int32(x), scratch, attrs, pair)
        }
    }
}
