import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// Everything that happens to the file before a pool is opened on it: checks that never write
/// (an existing file is read byte by byte, or through a read-only connection when it has a
/// write-ahead log), and the creation of a new database, which is built under a temporary name
/// and linked into place only when complete, so the path holds either nothing or a whole
/// Liushi database.
enum StoreFile {
    static let magic = Array("SQLite format 3\0".utf8)

    /// What the header says about a file.
    struct Header {
        var pageSize: Int
        var pageCount: Int?
        var userVersion: Int32
        var applicationID: Int32
    }

    // MARK: Paths and permissions

    static func folder(of path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().path
    }

    static func fileMode(_ path: String) -> (exists: Bool, isRegular: Bool, isDirectory: Bool, mode: mode_t, size: Int) {
        var st = stat()
        guard stat(path, &st) == 0 else { return (false, false, false, 0, 0) }
        let type = st.st_mode & S_IFMT
        return (true, type == S_IFREG, type == S_IFDIR, st.st_mode & 0o7777, Int(st.st_size))
    }

    /// True when `path` may be written. For root, whom permission bits do not stop, a file or
    /// folder without any write bit counts as read-only too: someone made it so on purpose.
    static func writable(_ path: String) -> Bool {
        if access(path, W_OK) != 0 { return false }
        if geteuid() == 0 {
            let m = fileMode(path)
            if m.exists && m.mode & 0o222 == 0 { return false }
        }
        return true
    }

    static func readOnlyFolder(_ dir: String, _ path: String) -> StoreError {
        StoreError(.readOnly, english: "cannot use the database \(path): the folder \(dir) is read-only. Give a writable place with --db or $LIUSHI_DB.",
                   chinese: "无法使用数据库 \(path)：文件夹 \(dir) 是只读的。请用 --db 或 $LIUSHI_DB 指定可写的位置。")
    }

    // MARK: Checking an existing file

    /// Size and modification time of the file and of its log: what another process changes.
    struct Fingerprint: Equatable {
        var size: Int, mtime: Int, nsec: Int, walSize: Int, walMtime: Int, walNsec: Int, walExists: Bool
    }

    static func fingerprint(_ path: String) -> Fingerprint {
        var st = stat(), wal = stat()
        let ok = stat(path, &st) == 0
        let walOK = stat(path + "-wal", &wal) == 0
        return Fingerprint(size: ok ? Int(st.st_size) : -1, mtime: ok ? Int(st.st_mtim.tv_sec) : 0, nsec: ok ? Int(st.st_mtim.tv_nsec) : 0,
                           walSize: walOK ? Int(wal.st_size) : -1, walMtime: walOK ? Int(wal.st_mtim.tv_sec) : 0,
                           walNsec: walOK ? Int(wal.st_mtim.tv_nsec) : 0, walExists: walOK)
    }

    /// Refuses, without writing anything, a file that is not a Liushi database of a schema this
    /// build knows. Returns the file's schema version. A refusal stands only if the file and its
    /// log did not change while it was read: another process checkpointing or closing at that
    /// moment can make a sound database look damaged for an instant.
    static func check(path: String) throws(StoreError) -> Int32 {
        var attempt = 0
        while true {
            let before = fingerprint(path)
            do {
                return try checkOnce(path: path)
            } catch {
                attempt += 1
                guard error.kind == .notLiushi, attempt < 10, fingerprint(path) != before else { throw error }
                usleep(20_000)
            }
        }
    }

    static func checkOnce(path: String) throws(StoreError) -> Int32 {
        let info = fileMode(path)
        if info.isDirectory {
            throw StoreError(.cannotOpen, english: "\(path) is a folder, not a database file.",
                             chinese: "\(path) 是一个文件夹，不是数据库文件。")
        }
        guard info.isRegular else {
            throw StoreError(.cannotOpen, english: "\(path) is not a regular file.", chinese: "\(path) 不是普通文件。")
        }
        guard access(path, R_OK) == 0 else {
            throw StoreError(.cannotOpen, english: "cannot read \(path) (permissions).",
                             chinese: "无法读取 \(path)（权限不足）。")
        }
        let bytes = try readPrefix(path, count: 100)
        if info.size == 0 {
            throw notLiushi(path, english: "it is an empty file", chinese: "它是空文件",
                            hintEnglish: "Remove it to start a new database.", hintChinese: "如要新建数据库，请先删除它。")
        }
        guard bytes.count == 100, Array(bytes[0..<16]) == magic else {
            throw notLiushi(path, english: "it is not an SQLite database", chinese: "它不是 SQLite 数据库")
        }
        guard let header = parse(bytes) else {
            throw notLiushi(path, english: "its SQLite header is damaged", chinese: "它的 SQLite 文件头已损坏")
        }
        let wal = fileMode(path + "-wal")
        var userVersion = header.userVersion
        var applicationID = header.applicationID
        if wal.exists && wal.size > 0 {
            // Committed changes may still be in the log: ask SQLite, read-only. The -wal and -shm
            // files exist already, so this connection creates nothing.
            (applicationID, userVersion) = try readThroughSQLite(path)
        } else {
            if info.size % header.pageSize != 0 || (header.pageCount.map { info.size < $0 * header.pageSize } ?? false) {
                let expected = (header.pageCount ?? 0) * header.pageSize
                throw notLiushi(path, english: "it is damaged: \(info.size) bytes where its header announces \(expected)",
                                chinese: "它已损坏：文件头标明 \(expected) 字节，实际只有 \(info.size) 字节",
                                hintEnglish: "Restore it from a backup.", hintChinese: "请从备份恢复。")
            }
        }
        guard applicationID == Schema.applicationID else {
            let what = applicationID == 0 ? "it is an SQLite database of another program"
                : "it is an SQLite database of another program (application id \(hex(applicationID)))"
            throw notLiushi(path, english: what, chinese: "它是其他程序的 SQLite 数据库")
        }
        if userVersion > Schema.version {
            throw StoreError(.newerSchema,
                             english: "\(path) was written by a newer version of Liushi (schema \(userVersion); this version knows up to \(Schema.version)). It was left untouched: update liushi to use it.",
                             chinese: "\(path) 由更新版本的六事一日写入（数据结构版本 \(userVersion)，本版本最高支持 \(Schema.version)）。文件未作任何改动：请升级 liushi 后再使用。")
        }
        guard writable(path) else {
            throw StoreError(.readOnly, english: "the database \(path) is read-only; Liushi needs to write to it. Make it writable (chmod u+w) or give another file with --db.",
                             chinese: "数据库 \(path) 是只读的，六事一日需要写入。请改为可写（chmod u+w），或用 --db 指定其他文件。")
        }
        let dir = folder(of: path)
        guard writable(dir) else { throw readOnlyFolder(dir, path) }
        removeStaleCreations(path)
        return userVersion
    }

    // MARK: Integrity

    /// SQLite's `PRAGMA quick_check` through a read-only connection: nil when the file is sound,
    /// else SQLite's first complaint. It reads every page: about 7 ms per MB here, so commands
    /// that write run it (`StoreIntegrity.verifyBeforeWriting`), not every open.
    static func quickCheck(_ path: String) -> String? {
        integrity(path, pragma: "quick_check(1)").first
    }

    /// `PRAGMA integrity_check` (or another such pragma): SQLite's complaints, empty when sound.
    static func integrity(_ path: String, pragma: String) -> [String] {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(5)
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            let rows = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA \(pragma)") }
            return rows == ["ok"] ? [] : rows
        } catch {
            return ["\(error)"]
        }
    }

    /// Removes what a creation killed midway left next to `path`: `.NAME.new-PID-RAND` and its
    /// journal files, when process PID is gone.
    static func removeStaleCreations(_ path: String) {
        let dir = folder(of: path)
        let prefix = "." + URL(fileURLWithPath: path).lastPathComponent + ".new-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(StorePath.join(dir, name)) }
        }
    }

    static func notLiushi(_ path: String, english: String, chinese: String,
                          hintEnglish: String = "Move it away or give another file with --db.",
                          hintChinese: String = "请移走它，或用 --db 指定其他文件。") -> StoreError {
        StoreError(.notLiushi,
                   english: "\(path) is not a Liushi database: \(english). It was left untouched. \(hintEnglish)",
                   chinese: "\(path) 不是六事一日的数据库：\(chinese)。文件未作任何改动。\(hintChinese)")
    }

    static func hex(_ v: Int32) -> String { "0x" + String(UInt32(bitPattern: v), radix: 16) }

    static func readPrefix(_ path: String, count: Int) throws(StoreError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let why = String(cString: strerror(errno))
            throw StoreError(.cannotOpen, english: "cannot read \(path): \(why)", chinese: "无法读取 \(path)：\(why)")
        }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + got, count - got) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            got += n
        }
        return Array(buffer[0..<got])
    }

    static func be32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
    }

    /// The fields of the 100-byte database header (https://www.sqlite.org/fileformat.html).
    static func parse(_ b: [UInt8]) -> Header? {
        guard b.count >= 100 else { return nil }
        let raw = Int(b[16]) << 8 | Int(b[17])
        let pageSize = raw == 1 ? 65536 : raw
        guard pageSize >= 512, pageSize <= 65536, pageSize & (pageSize - 1) == 0 else { return nil }
        guard (1...2).contains(b[18]), (1...2).contains(b[19]) else { return nil }
        let changeCounter = be32(b, 24), validFor = be32(b, 92), pages = be32(b, 28)
        let pageCount: Int? = (pages > 0 && changeCounter == validFor) ? Int(pages) : nil
        return Header(pageSize: pageSize, pageCount: pageCount,
                      userVersion: Int32(bitPattern: be32(b, 60)),
                      applicationID: Int32(bitPattern: be32(b, 68)))
    }

    static func readThroughSQLite(_ path: String) throws(StoreError) -> (Int32, Int32) {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(5)
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            return try queue.read { db in
                let app = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let version = try Int32.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                return (app, version)
            }
        } catch {
            throw notLiushi(path, english: "SQLite cannot read it (\(error))", chinese: "SQLite 无法读取它（\(error)）",
                            hintEnglish: "Restore it from a backup.", hintChinese: "请从备份恢复。")
        }
    }

    // MARK: Creating a new database

    /// Creates the folders and a complete, empty Liushi database at `path` (mode 0600). When
    /// another process creates it at the same moment, theirs is kept.
    static func create(path: String) throws(StoreError) {
        let dir = folder(of: path)
        let fm = FileManager.default
        if !fileMode(dir).exists && !StorePath.mayCreateFolders(for: path) {
            throw StoreError(.cannotOpen,
                             english: "cannot create the database \(path): the folder \(dir) does not exist. Create it first (mkdir -p \(dir)) or check the path.",
                             chinese: "无法创建数据库 \(path)：文件夹 \(dir) 不存在。请先创建它（mkdir -p \(dir)），或检查路径。")
        }
        if !fileMode(dir).exists {
            // Create the missing folders one by one, so a read-only ancestor is named.
            var ancestor = dir
            while !fileMode(ancestor).exists && ancestor != "/" && !ancestor.isEmpty { ancestor = folder(of: ancestor) }
            if fileMode(ancestor).isDirectory && !writable(ancestor) { throw readOnlyFolder(ancestor, path) }
            do {
                try fm.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError(.cannotOpen, english: "cannot create the folder \(dir): \(error.localizedDescription)",
                                 chinese: "无法创建文件夹 \(dir)：\(error.localizedDescription)")
            }
        }
        guard fileMode(dir).isDirectory else {
            throw StoreError(.cannotOpen, english: "cannot create \(path): \(dir) is not a folder.",
                             chinese: "无法创建 \(path)：\(dir) 不是文件夹。")
        }
        guard writable(dir) else { throw readOnlyFolder(dir, path) }
        removeStaleCreations(path)

        let name = URL(fileURLWithPath: path).lastPathComponent
        let temp = StorePath.join(dir, ".\(name).new-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let fd = open(temp, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let why = String(cString: strerror(errno))
            if errno == EROFS || errno == EACCES || errno == EPERM { throw readOnlyFolder(dir, path) }
            throw StoreError(.cannotOpen, english: "cannot create \(path): \(why)", chinese: "无法创建 \(path)：\(why)")
        }
        fchmod(fd, 0o600)
        close(fd)
        func discard() {
            unlink(temp); unlink(temp + "-journal"); unlink(temp + "-wal"); unlink(temp + "-shm")
        }
        do {
            var config = Configuration()
            config.foreignKeysEnabled = true
            let queue = try DatabaseQueue(path: temp, configuration: config)
            try Schema.migrator.migrate(queue)
            try queue.writeWithoutTransaction { db in
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            }
            try queue.close()
            let f = open(temp, O_RDONLY | O_CLOEXEC)
            if f >= 0 { fsync(f); close(f) }
        } catch {
            discard()
            throw StoreError(.cannotOpen, english: "cannot create the database \(path): \(error)",
                             chinese: "无法创建数据库 \(path)：\(error)")
        }
        // link() fails when the path exists: a database another process created meanwhile wins.
        if link(temp, path) != 0 {
            let err = errno
            if err != EEXIST {
                if !fileMode(path).exists && rename(temp, path) == 0 {
                    syncFolder(dir)
                    return
                }
                discard()
                let why = String(cString: strerror(err))
                throw StoreError(.cannotOpen, english: "cannot create \(path): \(why)", chinese: "无法创建 \(path)：\(why)")
            }
        }
        discard()
        syncFolder(dir)
    }

    static func syncFolder(_ dir: String) {
        let f = open(dir, O_RDONLY | O_CLOEXEC)
        if f >= 0 { fsync(f); close(f) }
    }
}
