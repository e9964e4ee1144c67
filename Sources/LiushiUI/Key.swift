/// A key press, as the runner decodes it. Typed text (including Chinese from an input method)
/// arrives one character at a time as `.char`.
public enum Key: Hashable, Sendable {
    case char(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
    case ctrlC, ctrlL
}
