import Foundation
import LiushiCore

/// The temporary file being written, for the signal handler (a C string, so that the handler only
/// calls unlink(2), which is safe in a handler).
nonisolated(unsafe) private var pendingTemp: UnsafeMutablePointer<CChar>? = nil
nonisolated(unsafe) private var previousActions: [Int32: sigaction] = [:]
/// The handlers in place before, by signal number, for the handler to hand over to: the raw
/// handler (0 default, 1 ignore) and whether it takes siginfo. Allocated before any is installed.
nonisolated(unsafe) private let previousHandlers: UnsafeMutablePointer<Int> = {
    let p = UnsafeMutablePointer<Int>.allocate(capacity: 128)
    p.initialize(repeating: 0, count: 128)
    return p
}()

/// Writes an output file (`print -o PATH`). A regular file (or a new one) is replaced atomically:
/// the text goes to `.NAME.PID.tmp` next to it, which is renamed over it once complete, with the
/// old file's mode (and owner, when allowed). Anything else is written into, as a shell's `>`
/// would: a symbolic link is followed, a device or FIFO is opened and written (never replaced).
/// A read-only file is refused. The temporary file is removed on TERM, INT and HUP, and stale
/// ones left by a killed run (their process is gone) are removed by the next run.
enum OutputFile {
    static let signals: [Int32] = [SIGTERM, SIGINT, SIGHUP]

    static func failure(_ path: String, _ reason: String, _ language: Language) -> CLIFailure {
        CLIFailure(message: language.pick("无法写入 \(path)：\(reason)", "cannot write \(path): \(reason)"), status: 1)
    }

    static func errnoText(_ e: Int32 = errno) -> String { String(cString: strerror(e)) }

    static func write(_ text: String, to path: String, language: Language) throws {
        var target = path
        var st = stat()
        if lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK {
            // Follow the link: the file it points to is the one written.
            if let real = realpath(path, nil) {
                target = String(cString: real)
                free(real)
            } else {
                return try writeInPlace(text, path: path, create: true, language: language)
            }
        }
        guard stat(target, &st) == 0 else {
            guard errno == ENOENT else { throw failure(path, errnoText(), language) }
            return try replace(text, path: path, target: target, existing: nil, language: language)
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG:
            if st.st_mode & 0o222 == 0 || access(target, W_OK) != 0 {
                throw failure(path, language.pick("文件是只读的，未作改动", "the file is read-only; it was left untouched"), language)
            }
            return try replace(text, path: path, target: target, existing: st, language: language)
        case S_IFDIR:
            throw failure(path, language.pick("这是一个文件夹", "it is a folder"), language)
        default:
            // A device, a FIFO: write into it, never replace it.
            return try writeInPlace(text, path: target, create: false, language: language)
        }
    }

    /// Opens `path` for writing (through links) and writes the text into it.
    static func writeInPlace(_ text: String, path: String, create: Bool, language: Language) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC | O_TRUNC | (create ? O_CREAT : 0), 0o666)
        guard fd >= 0 else { throw failure(path, errnoText(), language) }
        if let e = Output.write(text, to: fd) {
            close(fd)
            throw failure(path, errnoText(e), language)
        }
        if close(fd) != 0 && errno != EINTR { throw failure(path, errnoText(), language) }
    }

    /// Writes a temporary file next to `target` and renames it over `target`.
    static func replace(_ text: String, path: String, target: String, existing: stat?, language: Language) throws {
        let url = URL(fileURLWithPath: target)
        let dir = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        removeStale(dir: dir, name: name)
        let temp = (dir.hasSuffix("/") ? dir : dir + "/") + ".\(name).\(getpid()).tmp"
        unlink(temp)   // one of ours from a reused process id
        let mode: mode_t = existing.map { $0.st_mode & 0o7777 } ?? 0o666
        guard arm(temp) else { throw failure(path, errnoText(), language) }
        defer { disarm() }
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure(path, errnoText(), language) }
        func fail(_ e: Int32) -> CLIFailure {
            close(fd)
            unlink(temp)
            return failure(path, errnoText(e), language)
        }
        if let st = existing {
            _ = fchown(fd, st.st_uid, st.st_gid)   // allowed only to root, or to the owner for the group
            fchmod(fd, mode)
        }
        if let e = Output.write(text, to: fd) { throw fail(e) }
        if fsync(fd) != 0 && errno != EINVAL && errno != EROFS { throw fail(errno) }
        if close(fd) != 0 && errno != EINTR {
            let e = errno
            unlink(temp)
            throw failure(path, errnoText(e), language)
        }
        if rename(temp, target) != 0 {
            let e = errno
            unlink(temp)
            throw failure(path, errnoText(e), language)
        }
    }

    // MARK: Temporary files and signals

    /// Removes `.NAME.PID.tmp` files in `dir` whose process is gone (a run killed by SIGKILL).
    static func removeStale(dir: String, name: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        let prefix = "." + name + "."
        for entry in entries where entry.hasPrefix(prefix) && entry.hasSuffix(".tmp") {
            let middle = entry.dropFirst(prefix.count).dropLast(4)
            guard let pid = Int32(middle), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                unlink((dir.hasSuffix("/") ? dir : dir + "/") + entry)
            }
        }
    }

    /// Records the temporary file and installs handlers that remove it on TERM, INT and HUP.
    static func arm(_ temp: String) -> Bool {
        guard let copy = strdup(temp) else { return false }
        pendingTemp = copy
        for s in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in
                guard sig > 0 && sig < 64 else { return }
                let previous = previousHandlers[Int(sig) * 2]
                let takesInfo = previousHandlers[Int(sig) * 2 + 1] != 0
                if previous == 1 { return }   // ignored before: still ignored
                if previous != 0 {
                    // Someone handles it (the terminal UI sets a flag and ends after the write).
                    if takesInfo {
                        let f = unsafeBitCast(previous, to: (@convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void).self)
                        f(sig, nil, nil)
                    } else {
                        let f = unsafeBitCast(previous, to: (@convention(c) (Int32) -> Void).self)
                        f(sig)
                    }
                    return
                }
                // The default action ends the process: the temporary file goes first.
                if let p = pendingTemp { unlink(p) }
                signal(sig, SIG_DFL)
                var set = sigset_t()
                sigemptyset(&set)
                sigaddset(&set, sig)
                sigprocmask(SIG_UNBLOCK, &set, nil)
                raise(sig)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            var old = sigaction()
            sigaction(s, nil, &old)
            let takesInfo = old.sa_flags & SA_SIGINFO != 0
            let raw = takesInfo ? unsafeBitCast(old.__sigaction_handler.sa_sigaction, to: Int.self)
                : unsafeBitCast(old.__sigaction_handler.sa_handler, to: Int.self)
            previousHandlers[Int(s) * 2] = raw
            previousHandlers[Int(s) * 2 + 1] = takesInfo ? 1 : 0
            sigaction(s, &action, nil)
            previousActions[s] = old
        }
        return true
    }

    static func disarm() {
        for s in signals {
            if var old = previousActions[s] { sigaction(s, &old, nil) }
        }
        previousActions = [:]
        let p = pendingTemp
        pendingTemp = nil
        free(p)
    }
}
