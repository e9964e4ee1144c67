/// The one sanitiser for text that reaches a terminal. Anyone who can write an item's title, a
/// note or a name in the configuration could otherwise send escape sequences to the reader's
/// terminal (OSC 52 writes the clipboard, `ESC[2J` clears the screen) or reorder what is shown
/// (bidi overrides). Controls are made visible, one column each; bidi controls are dropped.
/// Idempotent: its replacements are not controls themselves.
public enum TerminalText {
    /// `text` safe to print: C0 controls become their Control Pictures (␛ for ESC, ␍ for a
    /// carriage return), DEL becomes ␡, C1 controls become �, and bidirectional embeddings,
    /// overrides and isolates (U+202A–U+202E, U+2066–U+2069) are dropped. Line feeds stay when
    /// `keepLineBreaks` (a whole output's lines); tabs become a space.
    public static func visible(_ text: String, keepLineBreaks: Bool = true) -> String {
        guard needsWork(text, keepLineBreaks: keepLineBreaks) else { return text }
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars {
            if let r = replacement(u, keepLineBreaks: keepLineBreaks) {
                if let r2 = r { out.append(r2) }
            } else {
                out.append(u)
            }
        }
        return String(out)
    }

    /// A control character: C0 (U+0000–U+001F, line feed and tab included), DEL, C1 (U+0080–U+009F).
    /// The one definition: the UI's cell buffer and the printed text table neutralise these too.
    @inline(__always) public static func isControl(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (u.value >= 0x7F && u.value < 0xA0)
    }

    /// A bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069).
    @inline(__always) public static func isBidiControl(_ u: Unicode.Scalar) -> Bool {
        (u.value >= 0x202A && u.value <= 0x202E) || (u.value >= 0x2066 && u.value <= 0x2069)
    }

    /// nil: keep `u`; .some(nil): drop it; .some(x): write x.
    @inline(__always)
    static func replacement(_ u: Unicode.Scalar, keepLineBreaks: Bool) -> Unicode.Scalar?? {
        let v = u.value
        if v < 0x20 {
            if v == 0x0A && keepLineBreaks { return nil }
            if v == 0x09 { return .some(" ") }
            return .some(Unicode.Scalar(0x2400 + v))
        }
        if v < 0x7F { return nil }
        if v == 0x7F { return .some(Unicode.Scalar(0x2421)) }
        if v < 0xA0 { return .some("\u{FFFD}") }
        if (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069) { return .some(nil) }
        return nil
    }

    /// Whether `text` has anything `visible` changes: one pass over its UTF-8 bytes.
    public static func needsWork(_ text: String, keepLineBreaks: Bool = true) -> Bool {
        var t = text
        return t.withUTF8 { b -> Bool in
            let n = b.count
            var i = 0
            while i < n {
                let c = b[i]
                if c < 0x20 {
                    if !(c == 0x0A && keepLineBreaks) { return true }
                } else if c == 0x7F {
                    return true
                } else if c == 0xC2 {
                    if i + 1 < n, b[i + 1] >= 0x80, b[i + 1] < 0xA0 { return true }
                } else if c == 0xE2, i + 2 < n {
                    let c1 = b[i + 1], c2 = b[i + 2]
                    if c1 == 0x80 && c2 >= 0xAA && c2 <= 0xAE { return true }   // U+202A–U+202E
                    if c1 == 0x81 && c2 >= 0xA6 && c2 <= 0xA9 { return true }   // U+2066–U+2069
                }
                i += 1
            }
            return false
        }
    }
}
