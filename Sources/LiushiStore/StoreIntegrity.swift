/// What `liushi check` asks about the database file: SQLite's full integrity check.
public enum StoreIntegrity {
    /// SQLite's complaints about the file at `path` (`PRAGMA integrity_check`), at most `limit`;
    /// empty when it is sound.
    public static func problems(path: String, limit: Int = 10) -> [String] {
        StoreFile.integrity(path, pragma: "integrity_check(\(max(1, limit)))")
    }
}
