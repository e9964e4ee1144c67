import ArgumentParser
import Foundation
import LiushiCore

/// `liushi`: without a subcommand it shows the township's next fixed days (the terminal UI when
/// it is available); the subcommands print, export and mark.
struct Liushi: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "liushi",
        abstract: "六事一日 — fixed days of village governance: 日办周理、旬访月审、季决年评.",
        discussion: """
        Examples:
          liushi                                  open the township's schedule
          liushi upcoming --days 30 --today 2026-01-05
          liushi print --village sandu --year 2026 --format html -o sandu.html
          liushi holidays --year 2026
        """,
        version: LiushiVersion.text,
        subcommands: Liushi.subcommandTypes)

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try OpenCommand.run(global: global)
    }

    /// Parses, runs, and maps failures to docs/DESIGN.md §5's statuses: 0, 1 runtime, 2 usage/configuration.
    static func entry() {
        do {
            let args = ArgumentMessages.prepared(Array(CommandLine.arguments.dropFirst()))
            if let stray = ArgumentMessages.strayNegative(args, chinese: ArgumentMessages.prefersChinese) {
                Output.err(stray + "\n")
                Foundation.exit(2)
            }
            var command = try parseAsRoot(args)
            if var withGlobal = command as? any GlobalAware {
                withGlobal.inheritGlobal(from: RootOptions.parse())
                try withGlobal.run()
            } else {
                try command.run()
            }
        } catch let failure as CLIFailure {
            Output.err("liushi: " + TerminalText.visible(failure.message) + "\n")
            Foundation.exit(failure.status)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version: the text goes to standard output, through the one writer.
                do {
                    try Output.out(fullMessage(for: error) + "\n")
                } catch let failure as CLIFailure {
                    Output.err("liushi: " + failure.message + "\n")
                    Foundation.exit(failure.status)
                } catch {}
                Foundation.exit(0)
            }
            Output.err(TerminalText.visible(ArgumentMessages.translated(fullMessage(for: error), chinese: ArgumentMessages.prefersChinese)) + "\n")
            // Validation and parse errors are usage errors: status 2 (ArgumentParser says 64).
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// Commands that take the global options after their name.
protocol GlobalAware: ParsableCommand {
    var global: GlobalOptions { get set }
}

extension GlobalAware {
    mutating func inheritGlobal(from parent: GlobalOptions?) { global = global.merged(over: parent) }
}

/// The global options given before the subcommand's name (`liushi --today D upcoming`).
enum RootOptions {
    static func parse() -> GlobalOptions? {
        var args = Array(CommandLine.arguments.dropFirst())
        let names = Set(Liushi.subcommandTypes.map { $0._commandName })
        guard let i = args.firstIndex(where: { names.contains($0) }) else { return nil }
        args = Array(args[..<i])
        return try? GlobalOptions.parse(args)
    }
}

extension Clock {
    /// The system's clock and local time zone: the one place the program reads them.
    static let system = Clock(today: {
        var t = time(nil)
        var parts = tm()
        localtime_r(&t, &parts)
        return Day(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday)) ?? SupportedRange.first
    }, now: {
        // Stored in UTC ("2026-12-04T05:50:00Z"); shown in China time (ChinaTime).
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date())
    })
}

enum LiushiVersion {
    static let text = "0.1.0"
}

extension Liushi {
    static let subcommandTypes: [ParsableCommand.Type] = [
        UpcomingCommand.self, PrintCommand.self, HolidaysCommand.self, CheckCommand.self,
        ItemCommand.self, DayCommand.self, UndoCommand.self,
        InitCommand.self, PublishCommand.self, ReportCommand.self, DbCommand.self,
    ]
}
