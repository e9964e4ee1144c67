import Foundation
import LiushiConfig

/// Where the townships already read are kept between runs (`ConfigCache`, docs/PERFORMANCE.md (l)):
/// `$XDG_CACHE_HOME/liushi/config-<folder>.bin` (else `~/.cache/liushi/`), one file per
/// configuration folder. `LIUSHI_CACHE=off` turns it off. Best effort: a cache that cannot be
/// read is not used, one that cannot be written is left alone — neither is ever an error, and
/// neither changes what a command prints (an entry is only taken for the exact text it was made of).
struct ConfigCacheFile {
    let path: String
    /// The program that writes and reads the entries: its own executable file (size, change time,
    /// inode), so a rebuilt binary never takes the entries of the old one.
    let salt: UInt64

    /// The cache of configuration folder `folder`; nil when it is turned off or has no place.
    init?(folder: String, environment: [String: String]) {
        if let v = environment["LIUSHI_CACHE"], ["off", "0", "no", "false"].contains(v.lowercased()) { return nil }
        let base: String
        if let x = environment["XDG_CACHE_HOME"], x.hasPrefix("/") {
            base = x
        } else if let h = environment["HOME"], h.hasPrefix("/") {
            base = h + "/.cache"
        } else {
            return nil
        }
        var exe = stat()
        guard stat("/proc/self/exe", &exe) == 0 else { return nil }
        let absolute = folder.hasPrefix("/") ? folder : FileManager.default.currentDirectoryPath + "/" + folder
        let identity = "\(LiushiVersion.text) \(exe.st_size) \(exe.st_mtim.tv_sec).\(exe.st_mtim.tv_nsec) \(exe.st_ino) \(exe.st_dev)"
        let folderKey = ConfigCache.key(ConfigText(path: absolute, text: ""))
        salt = ConfigCache.key(ConfigText(path: "liushi", text: identity)).a
        path = base + "/liushi/config-" + String(folderKey.a, radix: 16) + ".bin"
    }

    /// The entries kept, or an empty cache.
    func read() -> ConfigCache {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return ConfigCache() }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0, info.st_size < 1 << 30 else { return ConfigCache() }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var got = 0
        while got < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + got, $0.count - got) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            got += n
        }
        guard got == bytes.count else { return ConfigCache() }
        return ConfigCache(bytes: bytes, salt: salt)
    }

    /// Replaces the file with these entries (a temporary file renamed over it, so a reader never
    /// sees half of one). Failures are ignored: the next run reads the configuration again.
    func write(_ entries: [(file: ConfigText, township: TownshipConfig)]) {
        let bytes = ConfigCache.encode(entries, salt: salt)
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let temporary = path + ".\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            written += n
        }
        let closed = close(fd) == 0
        if written == bytes.count, closed, rename(temporary, path) == 0 { return }
        unlink(temporary)
    }
}
