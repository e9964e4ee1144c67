import Foundation
import LiushiCore

/// The titles of `item add --titles-from FILE`: one a non-empty line. The whole input is read and
/// checked before any item is added, within bounds, so a bad input adds nothing: at most
/// `maxBytes` in all and `maxLine` a line, UTF-8 text without NUL bytes, and a regular file,
/// a pipe or a terminal (not a folder).
enum TitlesInput {
    static let maxBytes = 16 << 20
    static let maxLine = 64 << 10

    static func read(_ source: String?, _ language: Language) throws -> [String] {
        let name = source ?? "-"
        let shown = name == "-" ? language.pick("标准输入", "standard input") : name
        func fail(_ zh: String, _ en: String) -> CLIFailure {
            CLIFailure(message: language.pick("无法从 \(shown) 读取事项：\(zh)；未添加任何事项", "cannot read titles from \(shown): \(en); nothing was added"), status: 1)
        }
        let bytes = try readBytes(name, fail)
        return try lines(bytes, fail)
    }

    /// The whole of a file ('-': standard input) within `maxBytes`, without NUL bytes; a folder
    /// or a read error is `fail`'s message.
    static func readBytes(_ name: String, _ fail: (String, String) -> CLIFailure) throws -> [UInt8] {
        let fd: Int32 = name == "-" ? STDIN_FILENO : open(name, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let why = String(cString: strerror(errno))
            throw fail(why, why)
        }
        defer { if fd != STDIN_FILENO { close(fd) } }
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR { throw fail("这是一个文件夹", "it is a folder") }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let why = String(cString: strerror(errno))
                throw fail(why, why)
            }
            if n == 0 { break }
            if let z = chunk[0..<n].firstIndex(of: 0) {
                let line = bytes.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 } + chunk[0..<z].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
                throw fail("第 \(line) 行含有 NUL 字节", "line \(line) contains a NUL byte")
            }
            guard bytes.count + n <= maxBytes else {
                throw fail("超过 \(maxBytes >> 20) MB", "it is larger than \(maxBytes >> 20) MB")
            }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    /// `day mark … --minutes-from FILE`: the minutes as UTF-8 text (up to 16 MB; arguments cannot
    /// carry more than 128 KB), trimmed.
    static func minutes(_ source: String, _ language: Language) throws -> String {
        let shown = source == "-" ? language.pick("标准输入", "standard input") : source
        func fail(_ zh: String, _ en: String) -> CLIFailure {
            CLIFailure(message: language.pick("无法从 \(shown) 读取纪要：\(zh)；未作任何记录", "cannot read the minutes from \(shown): \(en); nothing was recorded"), status: 1)
        }
        let bytes = try readBytes(source, fail)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw fail("不是 UTF-8 文本", "it is not UTF-8 text") }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The non-empty lines of `bytes`, trimmed; a line longer than `maxLine` or text that is not
    /// UTF-8 is an error.
    static func lines(_ bytes: [UInt8], _ fail: (String, String) -> CLIFailure) throws -> [String] {
        var out: [String] = []
        var start = 0, number = 0
        while start < bytes.count {
            number += 1
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            guard end - start <= maxLine else {
                throw fail("第 \(number) 行超过 \(maxLine >> 10) KB", "line \(number) is longer than \(maxLine >> 10) KB")
            }
            guard let text = String(validating: bytes[start..<end], as: UTF8.self) else {
                throw fail("第 \(number) 行不是 UTF-8 文本", "line \(number) is not UTF-8 text")
            }
            let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !t.isEmpty { out.append(t) }
            start = end + 1
        }
        return out
    }
}
