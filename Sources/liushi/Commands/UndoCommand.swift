import ArgumentParser
import Foundation
import LiushiConfig
import LiushiCore
import LiushiStore

/// `liushi undo`: reverts your last change by appending its inverse. A second undo reverts the
/// change before; an undo is never itself undone (make the change again instead). Undo is per
/// user (`$USER`): it never takes back someone else's change, and refuses when someone else's
/// later change builds on yours.
struct UndoCommand: GlobalAware {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Revert your last change (by appending its inverse; nothing is deleted).",
        discussion: """
        Only your own changes ($USER) are undone. Run it again to revert the change before. \
        Status 1 when there is nothing left to undo, or when someone else changed the same item \
        or fixed day after you (nothing is changed then).
        """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        let store = try StoreWriting.open(ctx)
        defer { store.close() }
        let lang = ctx.language
        guard let undone = try StoreCommands.attempt(ctx, { () throws(StoreError) in
            try store.undo(user: ctx.user, time: ctx.now())
        }) else {
            // On PostgreSQL changes are the role's (`current_user`), not $USER's.
            let who = store.role ?? ctx.user
            throw CLIFailure(message: lang.pick("没有可撤销的更改（只能撤销 \(who) 自己的更改）",
                                                "nothing to undo (only \(who)'s own changes can be undone)"), status: 1)
        }
        try ctx.write(UndoCommand.describe(undone, config: config, lang) + "\n", to: nil)
    }

    /// "撤销：#14 村道路灯维修 推进 议事→决事", "undone: #14 村道路灯维修 advanced discuss→decide",
    /// "撤销：三都村 2026-12-07 的标记 改到 2026-12-08". The command line and the UI say it alike.
    static func describe(_ u: Store.Undone, config: LoadedConfiguration, _ lang: Language) -> String {
        let head = lang.pick("撤销：", "undone: ")
        let t = u.target
        if t.kind == .mark, let mark = t.mark {
            let name = StoreCommands.villageName(mark.village, config)
            return head + lang.pick("\(name) \(mark.date.iso) 的标记（\(mark.status.label(lang))）",
                                    "the mark of \(name) \(mark.date.iso) (\(mark.status.label(lang)))")
        }
        let id = t.itemID.map { "#\($0)" } ?? "#?"
        let title = u.item?.title ?? (t.kind == .add ? t.note : "")
        var s = head + id + (title.isEmpty ? "" : " " + title) + " " + t.kind.label(lang)
        switch t.kind {
        case .advance, .return, .withdraw:
            s += " " + (t.from?.label(lang) ?? "") + "→" + (t.to?.label(lang) ?? "")
        case .note, .edit:
            s += lang.pick("：", ": ") + t.note
        case .add:
            s += lang.pick("（该事项不再列出）", " (the item is no longer listed)")
        case .mark, .undo:
            break
        }
        return s
    }
}
