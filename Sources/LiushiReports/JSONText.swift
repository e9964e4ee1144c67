/// A tiny JSON writer that keeps keys in the order the contract gives them.
public struct JSONObject {
    private var parts: [String] = []
    public init() {}

    public mutating func add(_ key: String, _ value: String?) { parts.append(JSONText.quote(key) + ":" + (value.map(JSONText.quote) ?? "null")) }
    public mutating func add(_ key: String, _ value: Bool) { parts.append(JSONText.quote(key) + ":" + (value ? "true" : "false")) }
    public mutating func add(_ key: String, _ value: Int) { parts.append(JSONText.quote(key) + ":" + String(value)) }
    public mutating func add(_ key: String, _ value: Int64) { parts.append(JSONText.quote(key) + ":" + String(value)) }
    public mutating func add(_ key: String, strings: [String]) { parts.append(JSONText.quote(key) + ":" + JSONText.array(strings.map(JSONText.quote))) }
    public mutating func add(_ key: String, raw: String) { parts.append(JSONText.quote(key) + ":" + raw) }

    public var text: String { "{" + parts.joined(separator: ",") + "}" }
}

public enum JSONText {
    public static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x2028 || u.value == 0x2029 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    public static func array(_ elements: [String]) -> String { "[" + elements.joined(separator: ",") + "]" }

    /// An array with one element per line: easy to read and to diff.
    public static func lines(_ elements: [String]) -> String {
        elements.isEmpty ? "[]\n" : "[\n" + elements.joined(separator: ",\n") + "\n]\n"
    }
}
