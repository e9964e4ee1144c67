import ArgumentParser
import Foundation
import LiushiConfig
import LiushiCore
import LiushiStore

/// `liushi undo`: reverts the last change by appending its inverse. A second undo reverts the
/// change before; an undo is never itself undone (make the change again instead). Undo is per
/// database, not per user: it takes back the last change in the file, whoever made it.
struct UndoCommand: GlobalAware {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Revert the last change (by appending its inverse; nothing is deleted).",
        discussion: "Run it again to revert the change before. Status 1 when there is nothing left to undo.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        let store = try StoreWriting.open(ctx)
        defer { store.close() }
        let lang = ctx.language
        guard let undo = try StoreCommands.attempt(ctx, { () throws(StoreError) in
            try store.undo(user: ctx.user, time: ctx.now())
        }) else {
            throw CLIFailure(message: lang.pick("没有可撤销的更改", "nothing to undo"), status: 1)
        }
        let target = try undo.undoes.flatMap { id in try StoreCommands.attempt(ctx) { () throws(StoreError) in try store.event(id: id) } }
        try ctx.write(UndoCommand.describe(undo, target: target, config: config, lang) + "\n", to: nil)
    }

    static func describe(_ undo: ItemEvent, target: ItemEvent?, config: LoadedConfiguration, _ lang: Language) -> String {
        let kind = target?.kind ?? ""
        let what = StoreCommands.kindLabel(kind, lang)
        if let mark = target?.mark ?? undo.mark {
            let name = StoreCommands.villageName(mark.village, config)
            return lang.pick("已撤销：\(name) \(mark.date.iso) 的标记（\(mark.status.key)）",
                             "undone: the mark of \(name) \(mark.date.iso) (\(mark.status.key))")
        }
        let id = undo.itemID.map(String.init) ?? "?"
        switch kind {
        case "add":
            return lang.pick("已撤销：新增事项 \(id)（\(target?.note ?? "")），该事项不再列出",
                             "undone: adding item \(id) (\(target?.note ?? "")); it is no longer listed")
        case "advance", "return":
            let from = undo.from?.label(lang) ?? "", to = undo.to?.label(lang) ?? ""
            return lang.pick("已撤销：事项 \(id) 的\(what)，\(from) → \(to)", "undone: \(what) of item \(id), now \(from) → \(to)")
        default:
            return lang.pick("已撤销：事项 \(id) 的\(what)（\(target?.note ?? "")）", "undone: \(what) on item \(id) (\(target?.note ?? ""))")
        }
    }
}
