import Testing
import LiushiCore
import LiushiReports

@Suite("print --format html")
struct HTMLScheduleTests {
    @Test("self-contained: no scripts, no external resources, no URLs at all")
    func selfContained() throws {
        for doc in [try PrintFixtures.oneVillageYear(), try PrintFixtures.threeVillages(.en)] {
            let html = HTMLSchedule.render(doc).lowercased()
            #expect(!html.contains("<script"))
            #expect(!html.contains("http://") && !html.contains("https://"))
            #expect(!html.contains("<link") && !html.contains("src=") && !html.contains("url(") && !html.contains("@import"))
            #expect(html.contains("<style>"))
        }
    }

    @Test("lang attribute, A4 @page rules, one page per quarter, repeated table headers, the slogan in the footer")
    func printStyles() throws {
        let html = HTMLSchedule.render(try PrintFixtures.oneVillageYear())
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"))
        #expect(html.contains("@page { size: A4; margin:"))
        #expect(html.contains("thead { display: table-header-group; }"))
        #expect(html.contains(".quarter + .quarter { break-before: page;"))
        #expect(html.components(separatedBy: "<section class=\"quarter\">").count - 1 == 4)
        #expect(html.components(separatedBy: "<thead>").count - 1 == 4)
        #expect(html.contains("<footer>日办周理、旬访月审、季决年评</footer>"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        let en = HTMLSchedule.render(try PrintFixtures.oneVillageYear(.en))
        #expect(en.contains("<html lang=\"en\">"))
    }

    @Test("a village name like <b>&\"' and item titles are escaped everywhere")
    func escaping() throws {
        let evil = "<b>&\"'村"
        let v = Village(id: "evil", name: evil, people: [.liaison: "<i>王</i>"],
                        rules: [Rule(rhythm: .month, day: .nth(15), matters: [.discuss], attendees: [.liaison])])
        let items: [String: [Day: [DueItem]]] = ["evil": [PrintFixtures.d("2025-01-15"): [
            DueItem(id: 1, title: "</td><script>alert(1)</script>", stage: .matter(.discuss))]]]
        let marks = [DayMark(village: "evil", date: PrintFixtures.d("2025-02-17"), status: .held, note: "a<b & 'c'")]
        let doc = try PrintFixtures.document(villages: [v], from: "2025-01-01", to: "2025-03-31", township: "乾潭镇 <&>",
                                             marks: marks, items: items)
        let html = HTMLSchedule.render(doc)
        #expect(html.contains("&lt;b&gt;&amp;&quot;&#39;村"))
        #expect(!html.contains("<b>"))
        #expect(!html.contains("<i>") && html.contains("&lt;i&gt;王&lt;/i&gt;"))
        #expect(!html.contains("<script") && html.contains("&lt;/td&gt;&lt;script&gt;"))
        #expect(html.contains("a&lt;b &amp; &#39;c&#39;"))
        #expect(html.contains("乾潭镇 &lt;&amp;&gt;"))
        #expect(HTMLSchedule.escape("&<>\"'x") == "&amp;&lt;&gt;&quot;&#39;x")
    }

    @Test("--all shows the village in every row; skipped, cancelled and moved rows are marked")
    func rows() throws {
        let html = HTMLSchedule.render(try PrintFixtures.threeVillages())
        #expect(html.contains("<th>村</th>"))
        #expect(html.contains("<td class=\"village\">里新村</td>"))
        #expect(html.contains("<tr class=\"skipped"))
        #expect(html.contains("class=\"cancelled"))
        let one = HTMLSchedule.render(try PrintFixtures.oneVillageYear())
        #expect(!one.contains("<th>村</th>"))
        #expect(one.contains("改期自06-16"))
        #expect(one.contains("<li>#7 修路, &quot;加宽&quot;; 排水\\沟 [议事]（顺延2次）</li>"))
    }
}
