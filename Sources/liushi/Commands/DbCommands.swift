import ArgumentParser
import Foundation
import LiushiConfig
import LiushiCore
import LiushiStore

/// `liushi db grant|revoke`: who may change which villages on a shared PostgreSQL store. The
/// server enforces it (database roles and row-level security; see Store.grant): a refused change
/// is an error, status 1, nothing written.
struct DbCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Who may change which villages on a shared PostgreSQL store (--db postgresql://…).",
        discussion: """
        Run as the owner of the store's tables. An SQLite file has no roles (status 1).
        Examples:
          liushi db grant --role sandu_clerk --village sandu --db postgresql://admin@db/liushi
          liushi db grant --role qiantan_office --township qiantan
          liushi db grant --role county --read-only
          liushi db revoke --role sandu_clerk --village sandu
        """,
        subcommands: [DbGrantCommand.self, DbRevokeCommand.self])
}

/// The options grant and revoke share.
struct GrantOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database role (created by grant when missing, LOGIN without a password).", valueName: "ROLE"))
    var role: String

    @Option(name: .long, help: ArgumentHelp("A village (repeatable).", valueName: "ID"))
    var village: [String] = []

    @Flag(name: .customLong("read-only"), help: "grant: read everything, change nothing. revoke: take everything back, reading too.")
    var readOnly = false

    /// `--village`, the global `--township` (every village the township has in the configuration
    /// now; a village added later needs its own grant), or `--read-only`: one of them.
    func check(_ global: GlobalOptions) throws {
        let chosen = (village.isEmpty && global.township == nil ? 0 : 1) + (readOnly ? 1 : 0)
        guard chosen == 1 else {
            throw ValidationError("give --village or --township, or --read-only (one of them)")
        }
    }

    /// The village ids named, or else every village of the `--township` the configuration was
    /// narrowed to, in order, once each.
    func villages(_ ctx: AppContext, _ config: LoadedConfiguration) throws -> [String] {
        var out: [String] = []
        for id in village {
            try StoreCommands.requireVillage(id, ctx, config)
            if !out.contains(id) { out.append(id) }
        }
        if village.isEmpty, config.narrowedTo != nil {
            for v in config.schedule.villages where !out.contains(v.id) { out.append(v.id) }
        }
        return out
    }
}

struct DbGrantCommand: GlobalAware {
    static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract: "Let a database role change these villages' items and days (or, with --read-only, only read).",
        discussion: """
        A role may change only the villages granted to it, and every change it makes is recorded \
        under its name; every granted role reads all villages. Grants add up; --read-only takes \
        back any village the role had.
        """)

    @OptionGroup var options: GrantOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws { try options.check(global) }

    func run() throws {
        try DbCommand.change(options, global) { (store: Store, villages: [String]) throws(StoreError) in
            try store.grant(role: options.role, options.readOnly ? .readOnly : .villages(villages))
        } message: { lang, villages, config in
            if options.readOnly {
                return lang.pick("已授权：角色 \(options.role) 可以查看全部村庄，不能更改。", "granted: role \(options.role) reads every village and changes nothing.")
            }
            let names = villages.map { "\(StoreCommands.villageName($0, config))（\($0)）" }
            let namesEn = villages.map { "\(StoreCommands.villageName($0, config)) (\($0))" }
            return lang.pick("已授权：角色 \(options.role) 可以更改 \(names.joined(separator: "、")) 的事项和固定日。",
                             "granted: role \(options.role) may change the items and days of \(namesEn.joined(separator: ", ")).")
        }
    }
}

struct DbRevokeCommand: GlobalAware {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Take villages back from a database role (or, with --read-only, everything).",
        discussion: "The role itself stays on the server (DROP ROLE it there when it is no longer needed).")

    @OptionGroup var options: GrantOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws { try options.check(global) }

    func run() throws {
        try DbCommand.change(options, global) { (store: Store, villages: [String]) throws(StoreError) in
            try store.revoke(role: options.role, villages: options.readOnly ? nil : villages)
        } message: { lang, villages, _ in
            options.readOnly
                ? lang.pick("已撤销：角色 \(options.role) 不能再查看或更改。", "revoked: role \(options.role) can no longer read or change anything.")
                : lang.pick("已撤销：角色 \(options.role) 不能再更改 \(villages.joined(separator: "、"))。",
                            "revoked: role \(options.role) may no longer change \(villages.joined(separator: ", ")).")
        }
    }
}

extension DbCommand {
    /// What grant and revoke share: an SQLite store refused, the configuration read (narrowed by
    /// `--township`), the villages named, the change made on the store, its message written.
    static func change(_ options: GrantOptions, _ global: GlobalOptions,
                       _ body: (Store, [String]) throws(StoreError) -> Void,
                       message: (Language, [String], LoadedConfiguration) -> String) throws {
        let ctx = try AppContext(global)
        try requirePostgres(ctx)
        let config = try ctx.loadConfiguration()
        let villages = try options.villages(ctx, config)
        let store = try StoreCommands.open(ctx)
        defer { store.close() }
        try StoreCommands.attempt(ctx) { () throws(StoreError) in try body(store, villages) }
        try ctx.write(message(ctx.language, villages, config) + "\n", to: nil)
    }

    /// Grant and revoke refuse an SQLite file plainly, before anything is read, opened or created.
    static func requirePostgres(_ ctx: AppContext) throws {
        guard case .postgres = try ctx.storeLocation() else {
            throw CLIFailure(message: ctx.language.pick(
                "db grant 和 db revoke 需要 PostgreSQL 数据库（--db postgresql://…）：SQLite 文件没有数据库角色，谁能修改它由文件权限决定",
                "db grant and db revoke need a PostgreSQL store (--db postgresql://…): an SQLite file has no database roles; who may change it is decided by the file's permissions"),
                             status: 1)
        }
    }
}
