import LiushiCore
@testable import LiushiUI
import Testing

@Suite("CellBuffer")
struct CellBufferTests {
    @Test("put writes CJK as two cells and reports the columns used")
    func putWide() {
        var b = CellBuffer(width: 10, height: 1)
        let used = b.put("三都a", x: 1, y: 0, style: .plain)
        #expect(used == 5)
        #expect(b[1, 0].text == "三" && b[1, 0].width == 2)
        #expect(b[2, 0].text == "" && b[2, 0].width == 0)
        #expect(b[5, 0].text == "a")
        #expect(b.lines() == [" 三都a"])
    }

    @Test("a wide character that does not fit is replaced by a space, never split")
    func wideAtLimit() {
        var b = CellBuffer(width: 6, height: 1)
        let used = b.put("ab三都", x: 0, y: 0, style: .plain, maxWidth: 5)
        #expect(used == 5)
        #expect(b.lines() == ["ab三"])
        #expect(b[4, 0].text == " " && b[4, 0].width == 1)
        var edge = CellBuffer(width: 3, height: 1)
        #expect(edge.put("a三都", x: 0, y: 0, style: .plain) == 3)
        #expect(edge.lines() == ["a三"])
        var last = CellBuffer(width: 3, height: 1)
        last.put("三", x: 2, y: 0, style: .plain)
        expectWellFormed(last)
        #expect(last[2, 0].text == " ")
    }

    @Test("overwriting half of a wide character blanks its other half")
    func overwriteHalf() {
        var b = CellBuffer(width: 6, height: 1)
        b.put("三都村", x: 0, y: 0, style: .plain)
        b.put("x", x: 1, y: 0, style: .plain)   // right half of 三
        b.put("y", x: 2, y: 0, style: .plain)   // left half of 都
        expectWellFormed(b)
        #expect(b.lines() == [" xy 村"])
        b[4, 0] = Cell(text: "Z", width: 1, style: .plain)
        expectWellFormed(b)
        #expect(b.lines() == [" xy Z"])
        b[5, 0] = Cell(text: "宽", width: 2, style: .plain)   // no room for its right half
        expectWellFormed(b)
    }

    @Test("control characters become spaces; out-of-range writes are ignored")
    func controlAndBounds() {
        var b = CellBuffer(width: 4, height: 2)
        b.put("a\tb", x: 0, y: 0, style: .plain)
        #expect(b.lines() == ["a b", ""])
        #expect(b.put("zz", x: 0, y: 5, style: .plain) == 0)
        #expect(b.put("zz", x: 9, y: 0, style: .plain) == 0)
        b.put("三都", x: -1, y: 1, style: .plain)
        expectWellFormed(b)
        #expect(b.lines()[1] == " 都")
        b[-1, -1] = Cell(text: "q")
        #expect(b[-1, -1] == Cell.blank)
        let empty = CellBuffer(width: 0, height: 0)
        #expect(empty.lines().isEmpty)
        #expect(empty.changedRows(since: nil).isEmpty)
    }

    @Test("changedRows lists the rows that differ, all when sizes differ")
    func changed() {
        var a = CellBuffer(width: 5, height: 3)
        a.put("abc", x: 0, y: 0, style: .plain)
        var b = a
        b.put("中", x: 1, y: 2, style: .plain)
        #expect(b.changedRows(since: a) == [2])
        #expect(b.changedRows(since: b) == [])
        #expect(b.changedRows(since: nil) == [0, 1, 2])
        #expect(b.changedRows(since: CellBuffer(width: 4, height: 3)) == [0, 1, 2])
        var c = a
        c.fill(x: 0, y: 1, width: 2, height: 1, style: Style(reverse: true))
        #expect(c.changedRows(since: a) == [1])
    }

    @Test("fill over half of a wide character keeps the row well formed")
    func fillHalf() {
        var b = CellBuffer(width: 6, height: 2)
        b.put("三都村", x: 0, y: 0, style: .plain)
        b.fill(x: 1, y: 0, width: 2, height: 2, style: .plain)
        expectWellFormed(b)
        #expect(b.lines()[0] == "    村")
    }
}
