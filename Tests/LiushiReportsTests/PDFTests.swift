import Foundation
import Testing
import LiushiCore
import LiushiReports

/// The html printed to PDF by headless Chromium (installed by CI; the test is skipped with the
/// reason when it is not on PATH): one A4 page per quarter, and the village's name in the text layer.
@Suite("print --format html → PDF (chromium)")
struct PDFTests {
    /// A small schedule: a monthly and a quarterly day, four quarters, each fits one page.
    static func smallDocument() throws -> PrintDocument {
        let v = Village(id: "sandu", name: "三都村", people: [.liaison: "王明"], rules: [
            Rule(rhythm: .month, day: .nth(15), matters: [.discuss], time: 14 * 60, attendees: [.committees]),
            Rule(rhythm: .quarter, day: .nth(10), month: 1, matters: [.decide], attendees: [.liaison, .committees]),
        ])
        return try PrintFixtures.document(villages: [v], from: "2025-01-01", to: "2025-12-31")
    }

    /// Pages by `pdfinfo`, else by counting `/Type /Page` objects.
    static func pageCount(_ pdf: URL) throws -> Int? {
        if let pdfinfo = PrintFixtures.which("pdfinfo") {
            let r = try PrintFixtures.run(pdfinfo, [pdf.path])
            for line in r.stdout.split(separator: "\n") where line.hasPrefix("Pages:") {
                return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
            }
        }
        guard let data = FileManager.default.contents(atPath: pdf.path) else { return nil }
        let text = String(decoding: data, as: Unicode.ASCII.self)
        if text.contains("/ObjStm") { return nil }   // objects hidden in compressed streams
        var count = 0
        var rest = text[...]
        while let r = rest.range(of: "/Type") {
            rest = rest[r.upperBound...]
            let name = rest.drop { $0 == " " || $0 == "\n" || $0 == "\r" }
            if name.hasPrefix("/Page"), !name.dropFirst(5).hasPrefix("s") { count += 1 }
        }
        return count
    }

    @Test("chromium prints the html on one A4 page per quarter with the village's name in the text layer")
    func printsOnePagePerQuarter() throws {
        guard let chromium = PrintFixtures.which("chromium") ?? PrintFixtures.which("chromium-browser") else {
            try Test.cancel("skipped: chromium is not on PATH (CI installs the Debian package `chromium`)")
        }
        let doc = try Self.smallDocument()
        let quarters = doc.quarters.count
        #expect(quarters == 4)
        let dir = try PrintFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = dir.appendingPathComponent("schedule.html"), pdf = dir.appendingPathComponent("schedule.pdf")
        try Data(HTMLSchedule.render(doc).utf8).write(to: html)
        let r = try PrintFixtures.run(chromium, [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
            "--user-data-dir=" + dir.appendingPathComponent("profile").path,
            "--print-to-pdf=" + pdf.path, html.path,
        ], timeout: 180)
        let pdfData = FileManager.default.contents(atPath: pdf.path)
        try #require(pdfData != nil, "chromium wrote no PDF (status \(r.status)): \(r.stderr.suffix(2000))")
        #expect(pdfData?.starts(with: Array("%PDF".utf8)) == true)

        if let pages = try Self.pageCount(pdf) {
            #expect(pages == quarters, "\(pages) pages for \(quarters) quarters")
        } else {
            Issue.record("cannot count the pages: no pdfinfo, and the PDF keeps its objects in compressed streams")
        }

        guard let pdftotext = PrintFixtures.which("pdftotext") else {
            // Chromium compresses and subsets the fonts: without pdftotext the text layer cannot be read here.
            try Test.cancel("text layer not checked: pdftotext (Debian package poppler-utils) is not on PATH; page count checked")
        }
        let text = try PrintFixtures.run(pdftotext, ["-enc", "UTF-8", pdf.path, "-"]).stdout
        #expect(text.contains("2025-01-01"))
        if text.contains("三都村") { return }
        // Without any CJK font Chromium draws missing glyphs and their text may be lost: say so.
        let fcList = PrintFixtures.which("fc-list")
        let cjkFonts = try fcList.map { try PrintFixtures.run($0, [":lang=zh", "family"]).stdout } ?? ""
        if cjkFonts.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            try Test.cancel("village name not found in the text layer and no CJK font is installed (fc-list :lang=zh is empty; install fonts-noto-cjk or fonts-wqy-microhei); page count checked")
        }
        Issue.record("the PDF's text layer does not contain the village name 三都村:\n\(text.prefix(500))")
    }

    /// Prints `html` to PDF with chromium; nil (and the test cancelled) without chromium.
    static func printToPDF(_ html: String, in dir: URL) throws -> URL {
        guard let chromium = PrintFixtures.which("chromium") ?? PrintFixtures.which("chromium-browser") else {
            try Test.cancel("skipped: chromium is not on PATH (CI installs the Debian package `chromium`)")
        }
        let file = dir.appendingPathComponent("schedule.html"), pdf = dir.appendingPathComponent("schedule.pdf")
        try Data(html.utf8).write(to: file)
        let r = try PrintFixtures.run(chromium, [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
            "--user-data-dir=" + dir.appendingPathComponent("profile").path,
            "--print-to-pdf=" + pdf.path, file.path,
        ], timeout: 180)
        try #require(FileManager.default.fileExists(atPath: pdf.path), "chromium wrote no PDF (status \(r.status)): \(r.stderr.suffix(2000))")
        return pdf
    }

    @Test("a 200-character URL and 2,000 characters of Chinese in a title and a note: all of it in the PDF's text layer, nothing past the page edge")
    func longTextStaysOnThePage() throws {
        guard let pdftotext = PrintFixtures.which("pdftotext") else {
            try Test.cancel("skipped: pdftotext (Debian package poppler-utils) is not on PATH")
        }
        let cjk = try PrintFixtures.run(PrintFixtures.which("fc-list") ?? "/usr/bin/fc-list", [":lang=zh", "family"]).stdout
        if cjk.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            try Test.cancel("skipped: no CJK font (fc-list :lang=zh is empty; install fonts-wqy-microhei)")
        }
        let url = "https://example.com/" + (0..<60).map { "p\($0 % 10)x\($0)" }.joined().prefix(180)
        #expect(url.count == 200)
        let syllables = Array("乾潭镇村道路灯维修工程预算公示讨论表决通过监督落实")
        let chinese = String((0..<2000).map { syllables[($0 * 7 + $0 / 25) % syllables.count] })
        let v = Village(id: "sandu", name: "三都村", people: [.liaison: "王明"], rules: [
            Rule(rhythm: .month, day: .nth(15), matters: [.discuss], time: 14 * 60, attendees: [.committees, .liaison]),
        ])
        let day = PrintFixtures.d("2025-01-15")
        let marks = [DayMark(village: "sandu", date: day, status: .held, note: chinese)]
        let items = ["sandu": [day: [DueItem(id: 1, title: url, stage: .matter(.discuss))]]]
        let doc = try PrintFixtures.document(villages: [v], from: "2025-01-01", to: "2025-03-31", marks: marks, items: items)
        let dir = try PrintFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pdf = try Self.printToPDF(HTMLSchedule.render(doc), in: dir)
        let text = try PrintFixtures.run(pdftotext, ["-enc", "UTF-8", pdf.path, "-"]).stdout
        let squeezed = String(text.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }.map(Character.init))
        #expect(squeezed.contains(url), "the URL is not whole in the text layer")
        // The note runs over many lines: every piece of 20 characters is there.
        var missing = 0
        for start in stride(from: 0, to: chinese.count, by: 20) {
            let piece = String(Array(chinese)[start..<min(start + 20, chinese.count)])
            if !squeezed.contains(piece) { missing += 1 }
        }
        #expect(missing == 0, "\(missing) pieces of the note are missing from the text layer")
        // Every word inside its page.
        let bbox = try PrintFixtures.run(pdftotext, ["-enc", "UTF-8", "-bbox", pdf.path, "-"]).stdout
        var pageWidth = 0.0, pageHeight = 0.0, words = 0, outside = 0
        for line in bbox.split(separator: "\n") {
            func attr(_ name: String) -> Double? {
                guard let r = line.range(of: name + "=\"") else { return nil }
                return Double(line[r.upperBound...].prefix { $0 != "\"" })
            }
            if line.contains("<page ") { pageWidth = attr("width") ?? 0; pageHeight = attr("height") ?? 0 }
            if line.contains("<word ") {
                words += 1
                if let x = attr("xMax"), let y = attr("yMax"), x > pageWidth || y > pageHeight || (attr("xMin") ?? 0) < 0 { outside += 1 }
            }
        }
        #expect(words > 50)
        #expect(outside == 0, "\(outside) of \(words) words cross the page edge")
    }
}
