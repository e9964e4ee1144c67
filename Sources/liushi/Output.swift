import Foundation
import LiushiCore

/// The one way the program writes to its standard output and standard error: write(2) in a loop
/// (FileHandle's `write` traps on an error). A failed write to standard output is a runtime
/// error (status 1, with the reason); a closed pipe (EPIPE, when SIGPIPE is ignored) ends the
/// program quietly with 141, the status a shell shows for a process killed by SIGPIPE.
enum Output {
    /// Writes all of `text` to standard output.
    static func out(_ text: String, language: Language = .en) throws {
        if let err = write(text, to: STDOUT_FILENO) {
            if err == EPIPE { exit(141) }
            let reason = String(cString: strerror(err))
            throw CLIFailure(message: language.pick("无法写入标准输出：\(reason)", "cannot write to standard output: \(reason)"),
                             status: 1)
        }
    }

    /// Writes `text` to standard error; a failure there cannot be reported anywhere.
    static func err(_ text: String) {
        _ = write(text, to: STDERR_FILENO)
    }

    /// Writes all of `text` to `fd`: nil, or the errno of the write that failed.
    static func write(_ text: String, to fd: Int32) -> Int32? {
        var copy = text
        return copy.withUTF8 { bytes -> Int32? in
            guard let base = bytes.baseAddress else { return nil }
            return writeAll(fd, base, bytes.count)
        }
    }

    static func writeAll(_ fd: Int32, _ base: UnsafePointer<UInt8>, _ count: Int) -> Int32? {
        var done = 0
        while done < count {
            let n = Foundation.write(fd, base + done, count - done)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if n == 0 { return EIO }
            done += n
        }
        return nil
    }
}
