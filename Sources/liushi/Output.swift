import Foundation
import LiushiCore

/// The one way the program writes to its standard output and standard error: write(2) in a loop
/// (FileHandle's `write` traps on an error). A failed write to standard output is a runtime
/// error (status 1, with the reason); a closed pipe (EPIPE, when SIGPIPE is ignored) ends the
/// program quietly with 141, the status a shell shows for a process killed by SIGPIPE.
enum Output {
    /// Writes all of `text` to standard output.
    static func out(_ text: String, language: Language = .en) throws {
        try check(write(text, to: STDOUT_FILENO), language)
    }

    /// Writes all of `bytes` to standard output.
    static func out(bytes: [UInt8], language: Language = .en) throws {
        try check(bytes.withUnsafeBufferPointer { b -> Int32? in
            guard let base = b.baseAddress else { return nil }
            return writeAll(STDOUT_FILENO, base, b.count)
        }, language)
    }

    /// A write's outcome: a closed pipe ends the program with 141, another error is status 1.
    static func check(_ err: Int32?, _ language: Language) throws {
        guard let err else { return }
        if err == EPIPE { exit(141) }
        let reason = String(cString: strerror(err))
        throw CLIFailure(message: language.pick("无法写入标准输出：\(reason)", "cannot write to standard output: \(reason)"),
                         status: 1)
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

    /// Standard output through a buffer of bounded size, for output made a piece at a time:
    /// small pieces are gathered, and the buffer is written whenever it is full; every write is
    /// checked as `out` checks it. Call `flush()` at the end.
    struct Buffered {
        let capacity: Int
        let language: Language
        private var buffer: [UInt8] = []

        init(capacity: Int = 1 << 18, language: Language) {
            self.capacity = capacity
            self.language = language
            buffer.reserveCapacity(capacity)
        }

        mutating func write(_ bytes: [UInt8]) throws {
            if buffer.count + bytes.count > capacity { try flush() }
            if bytes.count >= capacity { try Output.out(bytes: bytes, language: language) } else { buffer.append(contentsOf: bytes) }
        }

        mutating func write(_ text: String) throws {
            var text = text
            try text.withUTF8 { u in
                if buffer.count + u.count > capacity { try flush() }
                if u.count >= capacity {
                    guard let base = u.baseAddress else { return }
                    try Output.check(Output.writeAll(STDOUT_FILENO, base, u.count), language)
                } else {
                    buffer.append(contentsOf: u)
                }
            }
        }

        mutating func flush() throws {
            guard !buffer.isEmpty else { return }
            try Output.out(bytes: buffer, language: language)
            buffer.removeAll(keepingCapacity: true)
        }
    }
}
