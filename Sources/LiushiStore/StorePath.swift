/// Where the database lives (docs/DESIGN.md §5): `--db`, else `$LIUSHI_DB`, else
/// `$XDG_DATA_HOME/liushi/liushi.sqlite`, else `~/.local/share/liushi/liushi.sqlite`.
public enum StorePath {
    public static let fileName = "liushi.sqlite"

    /// Pure: decides from the flag and the environment only. Empty values count as unset, and a
    /// relative `$XDG_DATA_HOME` is ignored (the XDG base directory specification says so).
    /// Without `$HOME` the file is `liushi.sqlite` in the current folder.
    public static func resolve(flag: String?, environment: [String: String]) -> String {
        if let f = flag, !f.isEmpty { return f }
        if let e = environment["LIUSHI_DB"], !e.isEmpty { return e }
        if let x = environment["XDG_DATA_HOME"], x.hasPrefix("/") {
            return join(x, "liushi/" + fileName)
        }
        if let home = environment["HOME"], !home.isEmpty {
            return join(home, ".local/share/liushi/" + fileName)
        }
        return fileName
    }

    /// Where the store is (`resolve`'s answer): a `postgresql://` URI is a PostgreSQL server,
    /// never a path; a text with another URI scheme is refused.
    public static func location(flag: String?, environment: [String: String]) throws(StoreError) -> StoreLocation {
        try StoreLocation.parse(resolve(flag: flag, environment: environment))
    }

    /// The one database path whose missing folders may be created (the default location). The
    /// program sets it at its start; an explicit `--db` or `$LIUSHI_DB` in a missing folder is
    /// refused instead of created silently (a typo would otherwise start a new, empty store).
    /// nil: any folder may be created.
    nonisolated(unsafe) public static var creatableDefault: String? = nil

    /// Whether the missing folders of `path` may be created.
    static func mayCreateFolders(for path: String) -> Bool {
        guard let d = creatableDefault else { return true }
        return d == path
    }

    static func join(_ dir: String, _ rest: String) -> String {
        dir.hasSuffix("/") ? dir + rest : dir + "/" + rest
    }
}
