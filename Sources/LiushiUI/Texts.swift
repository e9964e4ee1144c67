import LiushiActualSchedule
import LiushiCore
import LiushiReports

/// The screen's words in Chinese or English.
struct Texts: Sendable {
    let lang: Language
    init(_ lang: Language) { self.lang = lang }
    var zh: Bool { lang == .zh }
    func p(_ zh: String, _ en: String) -> String { lang.pick(zh, en) }

    var appName: String { p("六事一日", "Liushi") }
    var allVillages: String { p("全部村", "all villages") }
    func screenName(_ s: Screen) -> String {
        switch s {
        case .calendar: return p("日历", "Calendar")
        case .upcoming: return p("近期", "Upcoming")
        case .board: return p("看板", "Board")
        case .late: return p("逾期", "Late")
        }
    }
    var tooSmall: String { p("终端太小（至少需要 80×24）", "terminal too small (need 80×24)") }

    static let monthsEnglish = ["January", "February", "March", "April", "May", "June", "July", "August",
                                "September", "October", "November", "December"]

    func monthTitle(_ d: Day) -> String {
        let (y, m, _) = d.ymd
        return zh ? "\(y)年\(m)月" : "\(Texts.monthsEnglish[m - 1]) \(y)"
    }

    func dayTitle(_ d: Day) -> String {
        let (y, m, dd) = d.ymd
        return zh ? "\(y)年\(m)月\(dd)日 \(Labels.weekday(d, lang))"
            : "\(Labels.weekday(d, lang)) \(dd) \(String(Texts.monthsEnglish[m - 1].prefix(3))) \(y)"
    }

    var provisional: String { p("节假日暂定", "provisional") }
    func weekdayHeader(_ i: Int) -> String { zh ? Weekdays.chineseShort[i] : Weekdays.english[i] }

    /// The one-character (zh) or one-letter (en) mark of a rhythm in the month grid.
    func rhythmMark(_ r: Rhythm) -> String {
        if zh { return String(r.chinese.prefix(1)) }
        switch r {
        case .week: return "W"
        case .xun: return "X"
        case .month: return "M"
        case .quarter: return "Q"
        case .year: return "Y"
        }
    }

    var legend: [String] {
        let rhythms = Rhythm.allCases.map { rhythmMark($0) + " " + (zh ? $0.chinese : $0.key) }
        return [rhythms.joined(separator: "  "),
                p("休 放假  班 调休上班  N村 有固定日的村数", "休 day off  班 make-up workday  N vil: villages")]
    }

    func villageCount(_ n: Int, width: Int) -> String {
        let long = zh ? "\(n)村" : "\(n) vil"
        return DisplayWidth.of(long) <= width ? long : String(n)
    }

    var noFixedDay: String { p("这一天没有固定日。", "No fixed day on this date.") }
    var noUpcoming: String { p("这段时间没有固定日。", "No fixed days in this window.") }
    var noMatch: String { p("没有符合搜索的事项。", "No items match the search.") }
    var daily: String { p("日办（到期事项）", "daily work (items due)") }
    var skipped: String { p("本期不安排", "skipped") }
    var attendeesLabel: String { p("参会：", "Attending: ") }

    /// What became of a fixed day, for its heading: "已召开", "改期自12-07 · 已召开", "已取消".
    func dayStatus(_ e: ScheduleEntry) -> String {
        var parts: [String] = []
        if let from = e.movedFrom { parts.append(p("改期自\(Labels.shortDate(from))", "moved from \(Labels.shortDate(from))")) }
        if e.state == .held || e.state == .cancelled { parts.append(e.state.label(lang)) }
        return parts.joined(separator: " · ")
    }

    /// The old date of a day moved away: "改到 2026-12-08".
    func movedTo(_ d: Day) -> String { DayStatus.moved(to: d).label(lang) }

    func stage(_ s: Stage) -> String { s.label(lang) }

    func carry(_ n: Int) -> String { n > 0 ? p("顺延\(n)次", "carried \(n)×") : "" }

    func itemLine(_ i: DueItem) -> String {
        var s = "#\(i.id) " + (i.major ? "★" : "") + i.title
        if i.carryOvers > 0 { s += " ↻\(i.carryOvers)" }
        return s
    }

    func range(_ a: Day, _ b: Day) -> String { a.iso + p(" 至 ", " to ") + b.iso }
    func upcomingTitle(_ a: Day, _ b: Day) -> String { p("近期固定日 ", "Fixed days ") + range(a, b) }
    var upcomingHeaders: [String] {
        zh ? ["日期", "星期", "村", "节奏", "事项", "时间", "备注"]
            : ["Date", "Day", "Village", "Rhythms", "Matters", "Time", "Note"]
    }
    func boardTitle(open: Int, closed: Int) -> String {
        p("事项看板：在办 \(open) 项，已办结 \(closed) 项", "Items by stage: \(open) open, \(closed) closed")
    }
    var boardEmpty: String { p("（无）", "(none)") }
    func searchLabel(_ s: String) -> String { p("搜索：", "search: ") + s }
    func villageLabel(_ name: String) -> String { p("村：", "village: ") + name }
    func townshipLabel(_ name: String) -> String { p("乡镇：", "township: ") + name }

    // Detail
    var history: String { p("历史", "History") }
    var loadingHistory: String { p("正在读取历史…", "loading history…") }
    var noHistory: String { p("（没有记录）", "(no events)") }
    func detailFields(_ item: UIItem, villageName: String) -> String {
        var parts = [p("村：", "Village: ") + villageName, p("阶段：", "Stage: ") + stage(item.stage)]
        parts.append(p("到期：", "Due: ") + (item.due?.iso ?? "—"))
        if item.carryOvers > 0 { parts.append(carry(item.carryOvers)) }
        if item.major { parts.append(p("重大事项", "major")) }
        return parts.joined(separator: "  ")
    }
    var detailHints: String { p("x 推进 · r 退回 · n 备注 · ↑↓ 滚动 · Esc 关闭", "x advance · r return · n note · ↑↓ scroll · Esc close") }

    // Picker
    var pickVillage: String { p("选择村", "Choose a village") }
    var pickForAdd: String { p("新增事项：先选择村", "New item: choose its village") }
    var pickForPrint: String { p("打印日程：选择村", "Print a schedule: choose the village") }
    var pickTownship: String { p("选择乡镇", "Choose a township") }
    var allTownships: String { p("全部乡镇", "all townships") }
    func villageTotal(_ n: Int) -> String { p("\(n) 个村", n == 1 ? "1 village" : "\(n) villages") }
    var filterLabel: String { p("筛选：", "Filter: ") }
    var pickerHints: String { p("输入筛选 · ↑↓ 选择 · 回车 确定 · Esc 取消", "type to filter · ↑↓ move · Enter choose · Esc cancel") }

    // Prompts and messages
    var goToLabel: String { p("转到日期（YYYY-MM-DD）：", "Go to date (YYYY-MM-DD): ") }
    var searchPrompt: String { p("搜索事项标题（留空清除）：", "Search item titles (empty clears): ") }
    func addLabel(_ village: String) -> String { p("新增事项（\(village)）标题：", "New item for \(village), title: ") }
    func returnLabel(_ id: Int64) -> String { p("退回 #\(id) 的原因：", "Reason to return #\(id): ") }
    func noteLabel(_ id: Int64) -> String { p("给 #\(id) 添加备注：", "Note on #\(id): ") }
    func moveLabel(_ village: String, _ d: Day) -> String {
        p("\(village) \(d.iso) 改到（YYYY-MM-DD）：", "Move \(village)'s \(d.iso) to (YYYY-MM-DD): ")
    }
    func cancelLabel(_ village: String, _ d: Day) -> String {
        p("取消 \(village) \(d.iso) 的原因：", "Reason to cancel \(village)'s \(d.iso): ")
    }
    func advanceLabel(_ id: Int64, _ title: String, _ from: Stage, _ to: Stage) -> String {
        p("推进 #\(id) \(title)：\(stage(from)) → \(stage(to))，备注（可空，回车确认）：",
          "Advance #\(id) \(title): \(stage(from)) → \(stage(to)); note (optional, Enter saves): ")
    }
    func attendanceLabel(_ defaults: [Role]) -> String {
        p("到会（编号或名称，空格分隔；回车=按计划）：", "Present (numbers or names; Enter = as planned): ")
    }
    /// The numbered roles shown while attendance is asked.
    var roleLegend: String {
        Role.allCases.enumerated().map { "\($0.offset + 1) \($0.element.label(lang))" }.joined(separator: "  ")
    }
    func minutesLabel(_ roles: [Role]) -> String {
        p("会议纪要（可空，回车保存）：", "Minutes (optional, Enter saves): ")
    }
    var badRoles: String { p("请输入 1–6、角色名或留空", "type role numbers 1–6, role keys, or nothing") }
    var dayHints: String { p("h 已召开（到会、纪要）· m 标记 · ↑↓ 滚动 · Esc 关闭", "h held (attendance, minutes) · m mark · ↑↓ scroll · Esc close") }
    var dayRecordTitle: String { p("固定日记录", "Fixed day") }
    var loadingDay: String { p("正在读取记录…", "loading the record…") }
    var itemsDueLabel: String { p("应办事项", "Items due") }
    var changesLabel: String { p("本固定日的阶段变更", "Stage changes made at it") }
    var presentLabel: String { p("到会：", "Present: ") }
    var minutesHeading: String { p("纪要：", "Minutes: ") }
    var noteHeading: String { p("备注：", "Note: ") }
    var noneText: String { p("（无）", "(none)") }
    var notRecorded: String { p("（未记录）", "(not recorded)") }
    func markChoice(_ village: String, _ d: Day) -> String {
        p("标记 \(village) \(d.iso)：h 已召开 · m 改期 · c 取消 · Esc 返回",
          "Mark \(village) \(d.iso): h held · m moved · c cancelled · Esc back")
    }
    var badDate: String { p("日期应为 YYYY-MM-DD，且在 1901–2099 之间", "expected a date YYYY-MM-DD in 1901–2099") }
    var sameDate: String { p("新日期与原日期相同", "the new date is the same day") }
    var needText: String { p("请输入内容", "please type something") }
    var saving: String { p("正在保存…", "saving…") }
    var printing: String { p("正在生成日程…", "writing the schedule…") }
    var undoing: String { p("正在撤销…", "undoing…") }
    var noItem: String { p("没有选中的事项", "no item selected") }
    var noDay: String { p("没有选中的固定日", "no fixed day selected") }
    var skippedDay: String { p("本期不安排，无法标记", "a skipped period cannot be marked") }
    var alreadyClosed: String { p("该事项已办结", "the item is already closed") }
    var atFirstStage: String { p("该事项已在理事阶段，无法退回", "the item is at the first stage; nothing to return to") }
    func overdueHeading(_ n: Int) -> String { p("逾期事项（已顺延）\(n) 项", "Overdue items (carried over): \(n)") }
    func unmarkedHeading(_ n: Int) -> String { p("近 90 天未标记的固定日 \(n) 个", "Fixed days of the last 90 days without a mark: \(n)") }
    func endedHeading(_ n: Int?) -> String {
        n.map { p("已办结、已撤回的事项 \($0) 项", "Closed and withdrawn items: \($0)") } ?? p("已办结、已撤回的事项（读取中…）", "Closed and withdrawn items (loading…)")
    }
    func editLabel(_ id: Int64) -> String { p("修改 #\(id) 的标题：", "Correct the title of #\(id): ") }
    func withdrawLabel(_ id: Int64) -> String { p("撤回 #\(id) 的理由：", "Reason to withdraw #\(id): ") }
    func personLabel(_ name: String) -> String { p("人员：\(name)", "person: \(name)") }
    var personPrompt: String { p("只看此人参加的固定日（姓名，留空显示全部）：", "Only the fixed days this person attends (name; empty: everyone's): ") }
    var personCleared: String { p("已显示全部人员的固定日", "showing everyone's fixed days") }
    var alreadyEnded: String { p("该事项已结束", "the item has ended") }
    var searchCleared: String { p("已清除搜索", "search cleared") }
    func searching(_ s: String) -> String { p("搜索“\(s)”（Esc 清除）", "searching \"\(s)\" (Esc clears)") }
    func filtered(_ name: String) -> String { p("只看：\(name)", "showing: \(name)") }
}
