import LiushiActualSchedule
import LiushiConfig
import LiushiCore
import LiushiReports

/// The main screens.
public enum Screen: Hashable, Sendable, CaseIterable {
    case calendar, upcoming, board
    /// What is late: overdue items, past fixed days without a mark, and ended (closed or
    /// withdrawn) items to browse.
    case late
}

/// The panes of the calendar screen.
public enum Pane: Hashable, Sendable {
    case calendar, agenda
}

/// What covers the screen's body, if anything.
public enum Overlay: Hashable, Sendable {
    case help, detail, villagePicker
    /// A village's fixed day: its record (status, attendance, minutes, items due, changes made at it).
    case day
}

/// A line of text at the bottom (info or error).
public struct StatusMessage: Hashable, Sendable {
    public var text: String
    public var isError: Bool
    public init(_ text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}

/// The whole state of the terminal UI (Bubble Tea's model). Changed only by `update`; drawn by
/// `view`. Derived data (the visible month's fixed days, the agenda, the upcoming list, the
/// board) is kept in caches that `update` refreshes, so that `view` stays pure and cheap.
public struct Model: Sendable {
    public let config: LoadedConfiguration
    public let today: Day
    public let language: Language
    public let colors: Bool

    public internal(set) var screen: Screen = .calendar
    public internal(set) var pane: Pane = .calendar
    public internal(set) var selected: Day
    /// The chosen village's id; nil for all villages (of the chosen township, if any).
    public internal(set) var villageFilter: String?
    /// The chosen township's id (a county's `townships/<id>.yaml`); nil for all townships.
    public internal(set) var townshipFilter: String?
    /// The ids of the chosen township's villages (empty when no township is chosen).
    var townshipVillages: Set<String> = []
    /// Only the fixed days this person attends (nil: everyone's).
    public internal(set) var personFilter: String?
    /// Items are filtered by this title substring (empty: no filter).
    public internal(set) var search: String = ""
    public internal(set) var overlay: Overlay?
    public internal(set) var prompt: Prompt?
    public internal(set) var message: StatusMessage?
    public internal(set) var snapshot: StoreSnapshot = .empty
    /// The last size the runner reported (used for paging lists).
    public internal(set) var terminalWidth = 80
    public internal(set) var terminalHeight = 24

    /// Days in the upcoming list.
    public static let upcomingDays = 14
    /// Effects for the runner to perform once at start: read the store.
    public var initialEffects: [Effect] { [.reload] }

    // Cursors.
    var agendaCursor = 0
    var upcomingCursor = 0
    var boardColumn = 0
    var boardRows = [Int](repeating: 0, count: 6)
    var helpScroll = 0
    var detail: DetailState?
    var dayRecord: DayRecordState?
    var picker: PickerState?

    // Derived from the snapshot on `.loaded`.
    var version = 0
    /// The schedule as it actually is (plan, records, items due): what every view shows.
    public internal(set) var actual: ActualSchedule
    /// The open items as shown, in id order (`actual.items` with due dates).
    var items: [UIItem] = []
    /// Indices into `items` of items at 办事, by due date (due every working day, not at a fixed day).
    var dailyByDay: [Day: [Int32]] = [:]

    // Caches, refreshed by `sync()`.
    var month = MonthCache()
    var agenda = RowList()
    var upcoming = RowList()
    var board = BoardCache()
    var late = LateCache()
    var lateCursor = 0
    /// Closed and withdrawn items, read when the late screen first opens (nil: not read yet).
    var endedItems: [UIItem]?

    /// `township`: the township chosen at the start (`--township`; an id the configuration lacks
    /// is ignored — the caller checks it).
    public init(config: LoadedConfiguration, today: Day, language: Language, colors: Bool, township: String? = nil) {
        self.config = config
        self.today = today
        self.language = language
        self.colors = colors
        self.selected = min(max(today, SupportedRange.first), SupportedRange.last)
        self.actual = ActualSchedule(schedule: config.schedule, today: today)
        if let id = township, let t = config.townships.first(where: { $0.id == id }) { chooseTownship(t) }
        sync()
    }

    var theme: Theme { Theme(colors: colors) }
    var t: Texts { Texts(language) }

    /// The schedule index of the filtered village (nil: all, or an id the configuration lacks).
    var filterIndex: Int? { villageFilter.flatMap { config.schedule.villageIndex(id: $0) } }

    /// The village with this id (a stand-in when the configuration does not know it).
    func village(id: String) -> Village {
        if let i = config.schedule.villageIndex(id: id) { return config.schedule.villages[i] }
        return Village(id: id, name: id, rules: [])
    }

    /// The villages in configuration order (the order of the picker): the chosen township's, or all.
    var villagesInFileOrder: [Village] { chosenTownship?.villages ?? config.township.villages }

    /// The township chosen, if any.
    var chosenTownship: TownshipConfig? { townshipFilter.flatMap { id in config.townships.first { $0.id == id } } }

    /// Whether the filters (village, else township) show this village's days and items.
    func shows(village id: String) -> Bool {
        if let f = villageFilter { return id == f }
        return townshipFilter == nil || townshipVillages.contains(id)
    }

    /// What the caches are keyed by: the village chosen, else the township (marked so that an id
    /// cannot be mistaken for a village's), else nil.
    var filterKey: String? { villageFilter ?? townshipFilter.map { "\u{1}" + $0 } }

    /// The villages whose items and marks the runner reads from the store: the chosen township's
    /// in a county (a province's store holds millions of rows of the others), else nil (every
    /// village, as for a single township).
    public var storeScope: [String]? { Model.storeScope(config: config, township: townshipFilter) }

    /// `storeScope` for a township id (what the runner reads before the model exists).
    public static func storeScope(config: LoadedConfiguration, township: String?) -> [String]? {
        guard config.isCounty, let id = township, let t = config.townships.first(where: { $0.id == id }) else { return nil }
        return t.villages.map(\.id)
    }

    /// Whether the snapshot lacks villages the filters now show: then the store is read again.
    var snapshotMissesScope: Bool {
        guard let read = snapshot.villages else { return false }
        guard let wanted = storeScope else { return true }
        return !Set(wanted).isSubset(of: Set(read))
    }

    /// Chooses a township (nil: all); a chosen village outside it is let go.
    mutating func chooseTownship(_ t: TownshipConfig?) {
        townshipFilter = t?.id
        townshipVillages = Set(t?.villages.map(\.id) ?? [])
        if let v = villageFilter, t != nil, !townshipVillages.contains(v) { villageFilter = nil }
    }

    /// "村：三都村", or "乡镇：梅城镇" when a township (and no village in it) is chosen.
    var filterTitle: String {
        villageFilter == nil && townshipFilter != nil ? t.townshipLabel(filterName) : t.villageLabel(filterName)
    }

    var filterName: String {
        let place = villageFilter.map { village(id: $0).name } ?? chosenTownship?.townshipName ?? t.allVillages
        guard let p = personFilter else { return place }
        return place + " · " + t.personLabel(p)
    }
}

/// The fixed-day record overlay: the village and the day's scheduled date; its events once loaded.
struct DayRecordState: Sendable {
    var village: String
    var scheduled: Day
    var events: [UIEvent]?
    var scroll = 0
}

/// The item detail overlay.
struct DetailState: Sendable {
    var item: UIItem
    var events: [UIEvent]?
    var scroll = 0
}

extension Model {
    /// Takes in a new snapshot: the actual schedule, the items as shown, the daily index.
    mutating func absorb(_ s: StoreSnapshot) {
        snapshot = s
        version += 1
        actual = ActualSchedule(schedule: config.schedule, marks: s.marks, items: s.items, today: today)
        let a = actual
        items = Parallel.array(count: a.items.count, minimum: 20_000) { k in
            let item = a.items[k], info = a.due[k]
            return UIItem(id: item.id, village: item.village, title: item.title, stage: item.stage, major: item.major,
                          due: info?.due, carryOvers: info?.carryOvers ?? 0)
        }
        var daily: [Day: [Int32]] = [:]
        for (i, item) in items.enumerated() where item.stage == .matter(.handle) {
            if let d = item.due { daily[d, default: []].append(Int32(i)) }
        }
        dailyByDay = daily
        if var d = detail {
            if let fresh = items.first(where: { $0.id == d.item.id }) { d.item = fresh }
            detail = d
        }
    }
}
