import ArgumentParser
import Foundation
import LiushiConfig
import LiushiCore

/// `liushi init [DIR]`: writes the commented starter configuration (Config/starter/liushi.yaml,
/// compiled into the binary) where the commands will find it, and says what to do next. It never
/// overwrites: a folder that already holds any part of a configuration is left as it is.
struct InitCommand: GlobalAware {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented starter configuration (a township with two villages) to edit.",
        discussion: """
        Writes DIR/liushi.yaml, commented in Chinese and English, and prints the next steps. DIR \
        defaults to --config, else $XDG_CONFIG_HOME/liushi, else ~/.config/liushi: the folder every \
        command reads from then on. It is created when missing. Nothing is ever overwritten: when \
        the folder already holds a configuration (liushi.yaml, townships/ or county.yaml) nothing \
        changes and the status is 1.
        Examples:
          liushi init              writes ~/.config/liushi/liushi.yaml
          liushi init ~/qiantan    then: liushi --config ~/qiantan check
        """)

    @Argument(help: ArgumentHelp("The folder to write liushi.yaml into (default: $XDG_CONFIG_HOME/liushi, else ~/.config/liushi).",
                                 valueName: "DIR"))
    var dir: String?

    @OptionGroup var global: GlobalOptions

    /// Where `liushi.yaml` of the starter comes from (the embedded copy of Config/starter/).
    static let starterKey = "starter/liushi.yaml"

    /// The parts of a configuration folder; if any exists, init writes nothing.
    static let configurationParts = ["liushi.yaml", "townships", "county.yaml"]

    func validate() throws {
        if let d = dir, d.isEmpty { throw ValidationError("DIR must not be empty") }
    }

    func run() throws {
        let ctx = try AppContext(global)
        let lang = ctx.language
        guard let text = ConfigLoader.shippedFiles[Self.starterKey] else {
            throw CLIFailure(message: lang.pick("这个版本没有附带起步配置", "this build has no starter configuration"), status: 1)
        }
        guard let target = Self.destination(dir: dir, config: global.config, environment: ctx.environment) else {
            throw CLIFailure(message: lang.pick("不知道写到哪里：HOME 和 XDG_CONFIG_HOME 都没有设置；请指定文件夹：liushi init DIR",
                                                "no place to write to: neither HOME nor XDG_CONFIG_HOME is set; name a folder: liushi init DIR"),
                             status: 2)
        }
        let folder = Self.absolute(target)
        let file = folder + "/liushi.yaml"
        try StarterWriter(lang: lang).install(text, folder: folder)

        // The commands that find it: plain `liushi` when it is where they look, else with --config.
        let found = ConfigLoader.locate(flag: nil, environment: ctx.environment) { $0 == file || FileManager.default.fileExists(atPath: $0) }
        let isDefault: Bool
        if case .directory(let d) = found { isDefault = Self.absolute(d) == folder } else { isDefault = false }
        let liushi = isDefault ? "liushi" : "liushi --config " + Self.shellQuoted(folder)
        try ctx.write(Self.nextSteps(file: file, liushi: liushi, isDefault: isDefault, lang), to: nil)
    }

    /// DIR, else `--config`, else `$XDG_CONFIG_HOME/liushi`, else `$HOME/.config/liushi` (an empty
    /// value counts as unset, as for the configuration's lookup); nil when none is known.
    static func destination(dir: String?, config: String?, environment: [String: String]) -> String? {
        if let d = dir, !d.isEmpty { return d }
        if let c = config, !c.isEmpty { return c }
        if let x = environment["XDG_CONFIG_HOME"], !x.isEmpty { return x + "/liushi" }
        if let h = environment["HOME"], !h.isEmpty { return h + "/.config/liushi" }
        return nil
    }

    /// An absolute, tidied path (no `.`/`..` parts, no trailing `/`), so that the printed commands
    /// work from any folder.
    static func absolute(_ path: String) -> String {
        let base = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: base).standardizedFileURL.path
    }

    /// `path` as one shell word.
    static func shellQuoted(_ path: String) -> String {
        let plain = path.unicodeScalars.allSatisfy { s in
            s.value > 127 || CharacterSet.alphanumerics.contains(s) || "/._-+,:@%".unicodeScalars.contains(s)
        }
        return plain ? path : "'" + path.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    static func nextSteps(file: String, liushi: String, isDefault: Bool, _ lang: Language) -> String {
        let folder = shellQuoted(String(file.dropLast("/liushi.yaml".count)))
        var lines: [String]
        if lang == .zh {
            lines = ["已写入起步配置：\(file)（一个镇、两个村，中英文注释）",
                     "下一步：",
                     "  1. 编辑这个文件，改成本镇的镇名、村名、人员和时间：",
                     "       \(file)",
                     "  2. 检查配置和人员冲突：  \(liushi) check",
                     "  3. 打开本镇日程：        \(liushi)"]
            if !isDefault {
                lines.append("（这个文件夹不是默认位置，命令要加 --config；也可以设置 LIUSHI_CONFIG=\(folder)）")
            }
        } else {
            lines = ["Wrote the starter configuration \(file) (a township with two villages, commented in Chinese and English).",
                     "Next steps:",
                     "  1. Edit it: your township's name, its villages, people and times:",
                     "       \(file)",
                     "  2. Check it (and find clashes between villages):  \(liushi) check",
                     "  3. Open your township's schedule:                  \(liushi)"]
            if !isDefault {
                lines.append("(This folder is not where the commands look by default: give --config, or set LIUSHI_CONFIG=\(folder).)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Writes `liushi.yaml` into a folder without ever replacing anything: the folders that are
/// missing are made, the text goes to a temporary file (every write checked, then synced) that is
/// hard-linked to its name — which fails if the name was taken meanwhile — and on any failure
/// the temporary file and the folders made are removed again, so nothing has changed.
struct StarterWriter {
    var lang: Language

    func install(_ text: String, folder: String) throws {
        let file = folder + "/liushi.yaml"
        var st = stat()
        // `stat`, not `lstat`: a folder may be a link to one (dotfiles kept elsewhere).
        if stat(folder, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFDIR else {
                throw failure("\(folder) 已存在，但不是文件夹；什么也没有改", "\(folder) exists and is not a folder; nothing was changed")
            }
            let taken = InitCommand.configurationParts.filter { lstat(folder + "/" + $0, &st) == 0 }
            if !taken.isEmpty {
                let names = taken.map { folder + "/" + $0 }.joined(separator: ", ")
                throw failure("\(names) 已存在：init 从不覆盖，什么也没有改。直接编辑它，或另给一个文件夹：liushi init DIR",
                              "\(names) already exists: init never overwrites, nothing was changed. Edit it, or name another folder: liushi init DIR")
            }
        }
        let made = try makeFolders(folder)
        let tmp = folder + "/.liushi.yaml.\(getpid()).tmp"
        do {
            try writeSynced(text, to: tmp)
            if link(tmp, file) != 0 {
                let code = errno
                if code == EEXIST {
                    throw failure("\(file) 刚刚被创建：init 从不覆盖，什么也没有改", "\(file) appeared meanwhile: init never overwrites, nothing was changed")
                }
                // A file system without hard links: make sure the name is free, then rename.
                guard code == EPERM || code == ENOTSUP || code == EOPNOTSUPP || code == EXDEV, lstat(file, &st) != 0, errno == ENOENT,
                      rename(tmp, file) == 0 else {
                    throw failure("无法写入 \(file)：\(Self.describe(code))", "cannot write \(file): \(Self.describe(code))")
                }
            } else if unlink(tmp) != 0 {
                let code = errno
                _ = unlink(file)
                throw failure("无法删除临时文件 \(tmp)：\(Self.describe(code))", "cannot remove the temporary file \(tmp): \(Self.describe(code))")
            }
            syncFolder(folder)
        } catch {
            _ = unlink(tmp)
            for dir in made.reversed() { _ = rmdir(dir) }
            throw error
        }
    }

    /// Makes the missing folders on the way to `folder`, outermost first; returns those it made.
    private func makeFolders(_ folder: String) throws -> [String] {
        var missing: [String] = []
        var path = folder
        var st = stat()
        while lstat(path, &st) != 0 {
            let code = errno
            guard code == ENOENT else {
                throw failure("无法使用 \(path)：\(Self.describe(code))；什么也没有改", "cannot use \(path): \(Self.describe(code)); nothing was changed")
            }
            missing.insert(path, at: 0)
            let parent = (path as NSString).deletingLastPathComponent
            if parent == path || parent.isEmpty { break }
            path = parent
        }
        var made: [String] = []
        for dir in missing {
            if mkdir(dir, 0o755) != 0 {
                let code = errno
                for d in made.reversed() { _ = rmdir(d) }
                throw failure("无法创建文件夹 \(dir)：\(Self.describe(code))；什么也没有改", "cannot make the folder \(dir): \(Self.describe(code)); nothing was changed")
            }
            made.append(dir)
        }
        return made
    }

    /// Writes the whole text to a new file (never an existing one), checking every write, and
    /// syncs it to disk.
    private func writeSynced(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let code = errno
            throw failure("无法写入 \(path)：\(Self.describe(code))", "cannot write \(path): \(Self.describe(code))")
        }
        var ok = true
        var code: Int32 = 0
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, base + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    ok = false; code = errno; return
                }
                offset += n
            }
        }
        if ok && fsync(fd) != 0 { ok = false; code = errno }
        if close(fd) != 0 && ok { ok = false; code = errno }
        guard ok else {
            throw failure("无法写入 \(path)：\(Self.describe(code))", "cannot write \(path): \(Self.describe(code))")
        }
    }

    /// Makes the new name durable (best effort: not every file system can sync a folder).
    private func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            _ = fsync(fd)
            _ = close(fd)
        }
    }

    private func failure(_ zh: String, _ en: String) -> CLIFailure {
        CLIFailure(message: lang.pick(zh, en), status: 1)
    }

    static func describe(_ code: Int32) -> String { String(cString: strerror(code)) }
}
