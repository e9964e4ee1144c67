import LiushiCore

/// JSON written straight into bytes: constant keys and punctuation are copied as they are,
/// strings are escaped only when one of their bytes needs it, numbers and dates are written
/// digit by digit. Writes exactly what `JSONText.quote` and `JSONObject` write for the same
/// values (a test compares them), at a fraction of the cost: no temporary strings per value.
public struct JSONBytes {
    public var bytes: [UInt8] = []

    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Text that needs no escaping (keys, punctuation, `true`): copied byte for byte.
    @inline(__always) public mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inline(__always) public mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }

    @inline(__always) public mutating func byte(_ b: UInt8) { bytes.append(b) }

    /// A JSON string: `"…"`, escaped as `JSONText.quote` escapes it.
    public mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { quote($0) }
    }

    /// `string`, or `null` for nil.
    public mutating func string(_ s: String?) {
        if let s { string(s) } else { raw("null") }
    }

    /// The quoted form of UTF-8 text: copied in one piece when nothing in it needs escaping.
    public mutating func quote(_ u: UnsafeBufferPointer<UInt8>) {
        bytes.append(0x22)
        if !JSONBytes.needsEscaping(u) {
            bytes.append(contentsOf: u)
        } else {
            var i = 0
            let n = u.count
            while i < n {
                let c = u[i]
                switch c {
                case 0x22: bytes.append(0x5C); bytes.append(0x22)
                case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
                case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
                case 0x0D: bytes.append(0x5C); bytes.append(0x72)
                case 0x09: bytes.append(0x5C); bytes.append(0x74)
                case 0..<0x20: unicodeEscape(UInt32(c))
                case 0xE2 where i + 2 < n && u[i + 1] == 0x80 && (u[i + 2] == 0xA8 || u[i + 2] == 0xA9):
                    unicodeEscape(u[i + 2] == 0xA8 ? 0x2028 : 0x2029)
                    i += 2
                default: bytes.append(c)
                }
                i += 1
            }
        }
        bytes.append(0x22)
    }

    /// True when the text has a byte JSON (or a JavaScript reader) needs escaped: a control
    /// character, `"`, `\`, or U+2028 / U+2029.
    @inline(__always) static func needsEscaping(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = u.count
        while i < n {
            let c = u[i]
            if c < 0x20 || c == 0x22 || c == 0x5C { return true }
            if c == 0xE2, i + 2 < n, u[i + 1] == 0x80, u[i + 2] == 0xA8 || u[i + 2] == 0xA9 { return true }
            i += 1
        }
        return false
    }

    /// `\u` and four lowercase hex digits.
    mutating func unicodeEscape(_ v: UInt32) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        bytes.append(0x5C); bytes.append(0x75)
        for shift in stride(from: 12, through: 0, by: -4) { bytes.append(hex[Int((v >> UInt32(shift)) & 0xF)]) }
    }

    /// A decimal integer.
    public mutating func int(_ v: Int64) {
        if v < 0 {
            bytes.append(0x2D)
            if v == .min { raw("9223372036854775808"); return }
        }
        var x = v.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[count] = UInt8(x % 10) + 0x30
                x /= 10
                count += 1
            } while x > 0
            for k in stride(from: count - 1, through: 0, by: -1) { bytes.append(d[k]) }
        }
    }

    public mutating func int(_ v: Int) { int(Int64(v)) }

    public mutating func bool(_ v: Bool) { if v { raw("true") } else { raw("false") } }

    /// `"YYYY-MM-DD"`, as `Day.iso` writes it (quoted).
    public mutating func date(_ d: Day) {
        bytes.append(0x22)
        JSONBytes.isoDigits(d, into: &bytes)
        bytes.append(0x22)
    }

    /// The ten bytes of `Day.iso` (a year below 1000 padded to four digits, as `Day.iso` does).
    static func isoDigits(_ d: Day, into out: inout [UInt8]) {
        let (y, m, day) = d.ymd
        guard y >= 0 && y <= 9999 else { out.append(contentsOf: Array(d.iso.utf8)); return }
        out.append(UInt8(y / 1000) + 0x30)
        out.append(UInt8(y / 100 % 10) + 0x30)
        out.append(UInt8(y / 10 % 10) + 0x30)
        out.append(UInt8(y % 10) + 0x30)
        out.append(0x2D)
        out.append(UInt8(m / 10) + 0x30)
        out.append(UInt8(m % 10) + 0x30)
        out.append(0x2D)
        out.append(UInt8(day / 10) + 0x30)
        out.append(UInt8(day % 10) + 0x30)
    }

    /// `["a","b"]` of strings that need no escaping (vocabulary keys).
    public mutating func keys(_ keys: [String]) {
        bytes.append(0x5B)
        for (k, s) in keys.enumerated() {
            if k > 0 { bytes.append(0x2C) }
            string(s)
        }
        bytes.append(0x5D)
    }

    /// The bytes of a string quoted as JSON: for values written many times (a village's id and name).
    public static func quoted(_ s: String) -> [UInt8] {
        var w = JSONBytes(capacity: s.utf8.count + 2)
        w.string(s)
        return w.bytes
    }
}
