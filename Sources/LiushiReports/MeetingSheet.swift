import LiushiActualSchedule
import LiushiCore

/// `liushi day show --format html`: one fixed day on one A4 page, for the village's files. Before
/// the day (no outcome recorded yet): the agenda — when, what, the items due — and a sign-in
/// table (签到表) with a row for each expected role and its configured names, plus blank rows.
/// After it: the record — status, who came, minutes, note, the stage changes made at it.
/// Self-contained (inline CSS, no scripts); every text from the user or the data is escaped.
public enum MeetingSheet {
    /// A stage change made at the day, as the sheet shows it.
    public struct Change: Sendable {
        public var item: Int64
        public var title: String
        public var from: Stage?
        public var to: Stage?
        public var user: String
        /// Already in China time ("2026-12-08 10:15").
        public var time: String
        public var note: String
        public init(item: Int64, title: String, from: Stage?, to: Stage?, user: String, time: String, note: String) {
            self.item = item
            self.title = title
            self.from = from
            self.to = to
            self.user = user
            self.time = time
            self.note = note
        }
    }

    /// Blank rows added under the sign-in table for people not named in the configuration.
    public static let blankRows = 6

    public static func render(_ e: ScheduleEntry, changes: [Change], township: String, language lang: Language,
                              generatedOn: Day) -> String {
        let esc = HTMLSchedule.escape
        let recorded = e.record?.outcome != nil
        var when = e.date.iso + " " + Labels.weekday(e.date, lang)
        let time = Labels.time(e)
        if !time.isEmpty { when += " " + time }
        if e.date != e.scheduledDate { when += lang.pick("（原定 \(e.scheduledDate.iso)）", " (scheduled \(e.scheduledDate.iso))") }
        let title = e.village.name + lang.pick(" 六事一日固定日", " — fixed day")
            + (recorded ? lang.pick(" 会议记录", " record") : lang.pick(" 议程与签到表", " agenda and sign-in sheet"))
        var out = "<!DOCTYPE html>\n<html lang=\"\(lang == .zh ? "zh-CN" : "en")\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"generator\" content=\"liushi\">\n<title>" + esc(title) + "</title>\n"
        out += "<style>\n" + css + "</style>\n</head>\n<body>\n<header>\n<h1>" + esc(title) + "</h1>\n"
        out += "<p>" + esc((township.isEmpty ? "" : township + lang.pick("　", ", ")) + when) + "</p>\n"
        out += "<p>" + esc(lang.pick("节奏：", "Rhythms: ") + Labels.rhythms(e.rhythms, lang) + lang.pick("　六事：", "  Matters: ")
                           + Labels.matters(e.matters, lang)) + "</p>\n"
        out += "<p class=\"status\">" + esc(lang.pick("状态：", "Status: ") + e.state.label(lang)) + "</p>\n"
        let about = Labels.note(ScheduleEntry(date: e.date, scheduledDate: e.scheduledDate, village: e.village, rhythms: e.rhythms,
                                              matters: e.matters, time: e.time, duration: e.duration, attendees: e.attendees,
                                              shiftedFrom: e.shiftedFrom, reason: e.reason, provisional: e.provisional,
                                              skipped: e.skipped, onDayOff: e.onDayOff, items: [], record: nil), lang)
        if !about.isEmpty { out += "<p class=\"about\">" + esc(about) + "</p>\n" }
        out += "</header>\n"

        out += "<h2>" + esc(lang.pick("应办事项", "Items due")) + "</h2>\n"
        if e.items.isEmpty {
            out += "<p class=\"none\">" + esc(lang.pick("无", "None")) + "</p>\n"
        } else {
            out += "<table class=\"items\"><thead><tr>"
            for h in lang == .zh ? ["编号", "事项", "阶段", "顺延"] : ["No.", "Item", "Stage", "Carried over"] { out += "<th>" + esc(h) + "</th>" }
            out += "</tr></thead>\n<tbody>\n"
            for i in e.items {
                out += "<tr><td>#\(i.id)</td><td class=\"text\">" + esc((i.major ? "★" : "") + i.title) + "</td><td>"
                    + esc(i.stage.label(lang)) + "</td><td>\(i.carryOvers)</td></tr>\n"
            }
            out += "</tbody></table>\n"
        }

        let roles = e.attendees.isEmpty ? Role.allCases : e.attendees
        if let r = e.record, let outcome = r.outcome {
            if outcome == .held {
                out += "<h2>" + esc(lang.pick("到会情况", "Attendance")) + "</h2>\n<table class=\"attendance\"><thead><tr>"
                for h in lang == .zh ? ["角色", "姓名", "到会"] : ["Role", "Name", "Present"] { out += "<th>" + esc(h) + "</th>" }
                out += "</tr></thead>\n<tbody>\n"
                var shown = roles
                for role in r.attended where !shown.contains(role) { shown.append(role) }
                for role in shown {
                    let present = r.attended.contains(role)
                    out += "<tr><td>" + esc(role.label(lang)) + "</td><td class=\"text\">" + esc(e.village.people[role] ?? "")
                        + "</td><td>" + (present ? "✓" : "—") + "</td></tr>\n"
                }
                out += "</tbody></table>\n"
                out += "<h2>" + esc(lang.pick("会议纪要", "Minutes")) + "</h2>\n<p class=\"minutes\">"
                    + (r.minutes.isEmpty ? esc(lang.pick("（未记录）", "(not recorded)")) : esc(r.minutes)) + "</p>\n"
            }
            if !r.note.isEmpty { out += "<h2>" + esc(lang.pick("备注", "Note")) + "</h2>\n<p class=\"minutes\">" + esc(r.note) + "</p>\n" }
            out += "<h2>" + esc(lang.pick("本固定日的阶段变更", "Stage changes made at this day")) + "</h2>\n"
            if changes.isEmpty {
                out += "<p class=\"none\">" + esc(lang.pick("无", "None")) + "</p>\n"
            } else {
                out += "<table class=\"changes\"><thead><tr>"
                for h in lang == .zh ? ["编号", "事项", "变更", "经办人", "时间", "说明"] : ["No.", "Item", "Change", "By", "When", "Note"] {
                    out += "<th>" + esc(h) + "</th>"
                }
                out += "</tr></thead>\n<tbody>\n"
                for c in changes {
                    let change = (c.from?.label(lang) ?? "") + " → " + (c.to?.label(lang) ?? "")
                    out += "<tr><td>#\(c.item)</td><td class=\"text\">" + esc(c.title) + "</td><td>" + esc(change) + "</td><td>"
                        + esc(c.user) + "</td><td>" + esc(c.time) + "</td><td class=\"text\">" + esc(c.note) + "</td></tr>\n"
                }
                out += "</tbody></table>\n"
            }
        } else {
            out += "<h2>" + esc(lang.pick("签到表", "Sign-in sheet")) + "</h2>\n<table class=\"signin\"><thead><tr>"
            for h in lang == .zh ? ["角色", "姓名", "签名", "备注"] : ["Role", "Name", "Signature", "Note"] { out += "<th>" + esc(h) + "</th>" }
            out += "</tr></thead>\n<tbody>\n"
            for role in roles {
                let names = (e.village.people[role] ?? "").split(whereSeparator: { $0 == "、" || $0 == "," || $0 == "，" }).map(String.init)
                for name in names.isEmpty ? [""] : names {
                    out += "<tr><td>" + esc(role.label(lang)) + "</td><td class=\"text\">" + esc(name) + "</td><td class=\"sign\"></td><td></td></tr>\n"
                }
            }
            for _ in 0..<blankRows { out += "<tr><td></td><td></td><td class=\"sign\"></td><td></td></tr>\n" }
            out += "</tbody></table>\n"
            out += "<h2>" + esc(lang.pick("会议纪要", "Minutes")) + "</h2>\n<div class=\"lines\"></div>\n"
        }
        out += "<footer>" + esc(lang.pick("生成日期：", "Generated on ") + generatedOn.iso + "　" + PrintDocument.slogan) + "</footer>\n"
        out += "</body>\n</html>\n"
        return out
    }

    static let css = """
    @page { size: A4; margin: 15mm 14mm; }
    html { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; font-size: 11pt; color: #000; }
    body { margin: 1.5em auto; max-width: 48em; padding: 0 1em; }
    h1 { font-size: 16pt; margin: 0 0 .3em; }
    h2 { font-size: 12.5pt; margin: 1.1em 0 .4em; }
    header p { margin: .2em 0; }
    table { border-collapse: collapse; width: 100%; table-layout: fixed; }
    th, td { border: 1px solid #777; padding: .3em .4em; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
    th { background: #eee; }
    td.sign { height: 2.2em; width: 30%; }
    p.minutes { white-space: pre-wrap; overflow-wrap: anywhere; }
    div.lines { height: 12em; background: repeating-linear-gradient(#fff 0 1.9em, #999 1.9em 2em); }
    footer { margin-top: 1.5em; text-align: center; color: #444; }
    @media print { body { margin: 0; max-width: none; padding: 0; } th { print-color-adjust: exact; -webkit-print-color-adjust: exact; } }

    """
}
