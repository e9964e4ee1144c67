/// Terminal colours: the eight basic ones, or `none` (the terminal's default).
public enum Color: UInt8, Sendable {
    case none, black, red, green, yellow, blue, magenta, cyan, white
}

/// How a cell is drawn. `fg`/`bg` are `.none` everywhere when colours are off (NO_COLOR);
/// bold, reverse, underline and dim remain.
public struct Style: Hashable, Sendable {
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool
    public var dim: Bool
    public var fg: Color
    public var bg: Color

    public init(bold: Bool = false, reverse: Bool = false, underline: Bool = false, dim: Bool = false,
                fg: Color = .none, bg: Color = .none) {
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
        self.fg = fg
        self.bg = bg
    }

    public static let plain = Style()
}

/// The styles of the screen's parts; colours only when `colors` is true.
struct Theme: Sendable {
    let colors: Bool

    private func tint(_ s: Style, fg: Color, bg: Color = .none) -> Style {
        guard colors else { return s }
        var t = s
        t.fg = fg
        t.bg = bg
        return t
    }

    var plain: Style { .plain }
    var bar: Style { tint(Style(bold: true, reverse: !colors), fg: .white, bg: .blue) }
    var barError: Style { tint(Style(bold: true, reverse: !colors), fg: .white, bg: .red) }
    var barActive: Style { tint(Style(bold: true, reverse: false, underline: true), fg: .yellow, bg: .blue) }
    var heading: Style { tint(Style(bold: true), fg: .cyan) }
    var dim: Style { Style(dim: true) }
    var holiday: Style { tint(Style(bold: true), fg: .red) }
    var makeUp: Style { tint(Style(bold: true), fg: .yellow) }
    var weekend: Style { tint(.plain, fg: .red) }
    var today: Style { tint(Style(bold: true, underline: true), fg: .green) }
    var mark: Style { tint(.plain, fg: .cyan) }
    var stage: Style { tint(.plain, fg: .magenta) }
    var warning: Style { tint(.plain, fg: .yellow) }
    var error: Style { tint(Style(bold: true), fg: .red) }
    var info: Style { tint(.plain, fg: .green) }
    var selected: Style { Style(bold: true, reverse: true) }
    var cursorUnfocused: Style { Style(underline: true) }
    var border: Style { tint(Style(dim: true), fg: .blue) }
    var key: Style { tint(Style(bold: true), fg: .yellow) }
}
