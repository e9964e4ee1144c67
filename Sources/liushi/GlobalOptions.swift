import ArgumentParser

/// Options every command accepts, after the subcommand as well as on the bare `liushi`.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Configuration folder (liushi.yaml or a county's townships/*.yaml, holidays/*.yaml). Else $LIUSHI_CONFIG, $XDG_CONFIG_HOME/liushi, the shipped example.", valueName: "DIR"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Only this township of a county (the stem of townships/<id>.yaml; a single liushi.yaml's township is `township`).", valueName: "ID"))
    var township: String?

    @Option(name: .long, help: ArgumentHelp("The database file, or postgresql://user@host:port/dbname for a shared PostgreSQL server. Else $LIUSHI_DB, $XDG_DATA_HOME/liushi/liushi.sqlite.", valueName: "PATH|URI"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("What \"today\" is (YYYY-MM-DD), for planning and tests.", valueName: "DATE"))
    var today: String?

    @Option(name: .long, help: ArgumentHelp("Language of labels and messages: zh or en (default from LANG).", valueName: "zh|en"))
    var lang: String?

    func validate() throws {
        if let t = today, Day(iso: t) == nil { throw ValidationError("--today must be a date YYYY-MM-DD, not '\(t)'") }
        if let l = lang, !["zh", "en"].contains(l.lowercased()) && !l.lowercased().hasPrefix("zh") && !l.lowercased().hasPrefix("en") {
            throw ValidationError("--lang must be zh or en, not '\(l)'")
        }
    }

    /// Options given to the bare `liushi` before a subcommand fill in what the subcommand left unset.
    func merged(over parent: GlobalOptions?) -> GlobalOptions {
        guard let p = parent else { return self }
        var g = self
        g.config = g.config ?? p.config
        g.township = g.township ?? p.township
        g.db = g.db ?? p.db
        g.today = g.today ?? p.today
        g.lang = g.lang ?? p.lang
        return g
    }
}

import LiushiCore

/// A date argument, checked when parsed.
struct DateArgument: ExpressibleByArgument {
    var day: Day
    init?(argument: String) {
        guard let d = Day(iso: argument) else { return nil }
        day = d
    }
    static var defaultCompletionKind: CompletionKind { .default }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv, html, ics
}

/// `--format` of commands that print a list or one record: text or json.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `--stage` and `--to`: a stage by key (sort … closed) or Chinese name (理事 … 已办结).
extension Stage: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { allCases.map(\.key) }
    public var defaultValueDescription: String { key }
}
