/// What `liushi check` asks about the database file: SQLite's full integrity check.
public enum StoreIntegrity {
    /// Refuses a damaged database before a command writes into it (`PRAGMA quick_check`): a write
    /// into a file with a damaged page could succeed and leave what it wrote unreadable.
    public static func verifyBeforeWriting(path: String) throws(StoreError) {
        guard let problem = StoreFile.quickCheck(path) else { return }
        let shown = problem.count > 300 ? String(problem.prefix(300)) + "…" : problem
        throw StoreError(.notLiushi,
                         english: "the database \(path) is damaged (SQLite: \(shown)). Nothing was written. Restore it from a backup; `liushi check` lists the damage.",
                         chinese: "数据库 \(path) 已损坏（SQLite：\(shown)）。未写入任何内容。请从备份恢复；`liushi check` 会列出损坏之处。")
    }

    /// SQLite's complaints about the file at `path` (`PRAGMA integrity_check`), at most `limit`;
    /// empty when it is sound.
    public static func problems(path: String, limit: Int = 10) -> [String] {
        StoreFile.integrity(path, pragma: "integrity_check(\(max(1, limit)))")
    }
}
