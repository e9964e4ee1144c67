import Foundation
import LiushiCore

/// What the command line's words become before ArgumentParser reads them, and its messages in
/// the user's language.
enum ArgumentMessages {
    /// `--days -1` would be read as the option `--days` without a value followed by an option
    /// `-1` ("Missing value"): a negative number right after a long option is given to it
    /// (`--days=-1`), so the option's own check says what is wrong with it.
    static func prepared(_ args: [String]) -> [String] {
        var out: [String] = []
        out.reserveCapacity(args.count)
        var rest = false
        for a in args {
            if rest { out.append(a); continue }
            if a == "--" { rest = true; out.append(a); continue }
            if isNegativeNumber(a), let last = out.last, last.hasPrefix("--"), last.count > 2, !last.contains("=") {
                out[out.count - 1] = last + "=" + a
                continue
            }
            out.append(a)
        }
        return out
    }

    /// A negative number standing alone (`item show -1`), which ArgumentParser would drop or read
    /// as an unknown option: the message for it, or nil.
    static func strayNegative(_ args: [String], chinese: Bool) -> String? {
        for a in args {
            if a == "--" { return nil }
            if isNegativeNumber(a) {
                return chinese ? "错误：这里不接受 “\(a)”：编号、数量和天数都是正数"
                    : "Error: '\(a)' is not accepted here: ids, counts and days are positive numbers"
            }
        }
        return nil
    }

    static func isNegativeNumber(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count >= 2, u[0] == 0x2D else { return false }
        return u.dropFirst().allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }
    }

    /// Whether messages should be in Chinese: `--lang zh` on the command line, else the locale.
    static var prefersChinese: Bool {
        let args = CommandLine.arguments
        var flag: String?
        for (i, a) in args.enumerated() {
            if a == "--lang", i + 1 < args.count { flag = args[i + 1] }
            else if a.hasPrefix("--lang=") { flag = String(a.dropFirst(7)) }
        }
        return Language.choose(flag: flag, environment: ProcessInfo.processInfo.environment) == .zh
    }

    /// ArgumentParser's message, with a negative number taken for an option explained, and in
    /// Chinese when `chinese`.
    static func translated(_ message: String, chinese: Bool) -> String {
        var text = message
        // `item show -1`: the number was read as an unknown option.
        if let r = text.range(of: #"Unknown option '-[0-9.]+'"#, options: .regularExpression) {
            let token = String(text[r].dropFirst("Unknown option '".count).dropLast())
            text.replaceSubrange(r, with: "'\(token)' is not accepted here: ids, counts and days are positive numbers")
        }
        guard chinese else { return text }
        let rules: [(String, String)] = [
            (#"^Error: "#, "错误："),
            (#"Missing expected argument '([^']*)'"#, "缺少参数 $1"),
            (#"Missing value for '([^']*)'"#, "选项 $1 缺少值"),
            (#"Unknown option '([^']*)'"#, "未知的选项 $1"),
            (#"Unexpected argument '([^']*)'"#, "多余的参数 $1"),
            (#"The value '([^']*)' is invalid for '([^']*)'"#, "值 “$1” 对 $2 无效"),
            (#"'([^']*)' is not accepted here: ids, counts and days are positive numbers"#, "这里不接受 “$1”：编号、数量和天数都是正数"),
            (#"Missing expected argument"#, "缺少参数"),
            (#"must be between ([0-9]+) and ([0-9]+)"#, "必须在 $1 到 $2 之间"),
            (#"must be at least ([0-9]+)"#, "至少为 $1"),
            (#"must be within 1901–2099"#, "必须在 1901–2099 年之间"),
            (#"is too large: the calendar covers 1901–2099"#, "太大：日历只覆盖 1901–2099 年"),
            (#"must be a date YYYY-MM-DD, not '([^']*)'"#, "应为日期 YYYY-MM-DD，而不是 “$1”"),
            (#"must be one of ([^(]*) \(or ([^)]*)\), not '([^']*)'"#, "应为 $1（或 $2）之一，而不是 “$3”"),
            (#"must be a positive number, not (-?[0-9]+)"#, "应为正数，而不是 $1"),
            (#"must not be empty"#, "不能为空"),
            (#"must say why the item goes back"#, "必须写明退回的原因"),
            (#"give --title TEXT \(or --titles-from FILE\)"#, "请给出 --title 文本（或 --titles-from 文件）"),
            (#"give either --title or --titles-from, not both"#, "--title 与 --titles-from 只能给出一个"),
            (#"give --village ID or --all \(one of them\)"#, "请给出 --village ID 或 --all（二者之一）"),
            (#"give --year or --from/--to, not both"#, "--year 与 --from/--to 只能给出一种"),
            (#"go together"#, "必须同时给出"),
            (#"cannot be closed for a new item"#, "对新事项不能是 closed"),
            (#"the item id"#, "事项编号"),
            (#"the note"#, "说明"),
            (#"must be"#, "必须是"),
            (#"(?m)^Usage: "#, "用法："),
            (#"See '([^']*)' for more information\."#, "详见 “$1”。"),
            (#"Help:  "#, "帮助："),
        ]
        for (pattern, replacement) in rules {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return text
    }
}
