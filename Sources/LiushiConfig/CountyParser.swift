import LiushiCore

/// One configuration file as the caller read it: its path (for messages) and its text.
public struct ConfigText: Sendable {
    public var path: String
    public var text: String
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// A county's files (docs/DESIGN.md §4): `townships/*.yaml`, one township each, and an optional
/// `county.yaml` with the county's name.
public struct CountyFiles: Sendable {
    /// `townships/*.yaml` in name order.
    public var townships: [ConfigText]
    /// `county.yaml`, when the folder has one.
    public var county: ConfigText?
    /// The `townships/` folder itself (named when it holds no township file).
    public var folder: String

    public init(townships: [ConfigText], county: ConfigText? = nil, folder: String) {
        self.townships = townships
        self.county = county
        self.folder = folder
    }
}

/// Reading a county: every township file in parallel, then one list of villages whose ids are
/// unique across the folder.
enum CountyParser {
    static let countyKeys = ["name"]

    /// `townships/qiantan.yaml` → `qiantan` (the file's name without `.yaml`).
    static func stem(_ path: String) -> String {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        return name.hasSuffix(".yaml") ? String(name.dropLast(5)) : name
    }

    /// `county.yaml`: `name: 建德市`, nothing else.
    static func parseCounty(_ f: ConfigText) throws(ConfigError) -> String {
        try YAMLDocument.read(f.text, file: f.path, empty: Words(
            "the file is empty; expected the county's name, e.g. `name: 建德市`",
            "文件是空的；应为县（市）名称，如 `name: 建德市`")) { (root, src) throws(ConfigError) -> String in
            guard root.kind == .mapping else {
                throw src.error(at: root, Words("expected a mapping with the county's `name` (e.g. `name: 建德市`), found \(root.kindWords.en)",
                                                "应为含有县（市）`name` 的映射（如 `name: 建德市`），这里是\(root.kindWords.zh)"))
            }
            let fields = try Read.entries(root, key: nil, field: "county", allowed: countyKeys, src)
            guard let n = fields.first(where: { $0.key == "name" }) else {
                throw src.error(at: root, Words("missing `name`; expected e.g. `name: 建德市`", "缺少 `name`；应如 `name: 建德市`"))
            }
            let name = try Read.text(n.value, key: n.keyNode, field: "name", Words("the county's name, e.g. 建德市", "县（市）名称，如 建德市"), src)
            guard !name.isEmpty else {
                throw src.error(at: n.value, Words("`name` is empty; expected the county's name", "`name` 是空的；应为县（市）名称"))
            }
            return name
        }
    }

    /// Every township file, read `pieces` at once; the first problem in file order is reported.
    /// `fastReader`: the reader chosen on the calling thread (`YAMLReading.fastReader` is a
    /// task-local value, which Dispatch's worker threads do not see), bound again in every piece.
    /// `cache`: townships read before; a file found there is taken from it. Returns the townships,
    /// how many files were parsed, and whether other townships are summaries.
    /// `summaryBut`: when every file is in the cache, the townships other than this one are read
    /// as summaries (`ConfigCache.township(_:key:summary:)`): a narrowed run needs only their
    /// villages' ids and names.
    static func parseTownships(_ files: [ConfigText], pieces maxPieces: Int = Parallel.cores,
                               fastReader fast: Bool, cache: ConfigCache? = nil,
                               summaryBut chosen: String? = nil) throws(ConfigError) -> ([TownshipConfig], parsed: Int, summaries: Bool) {
        let keys = cache == nil ? [] : Parallel.array(count: files.count, minimum: 64) { ConfigCache.key(files[$0]) }
        let summaries = chosen != nil && cache != nil && files.contains { stem($0.path) == chosen }
            && keys.allSatisfy { cache?.contains($0) == true }
        let parts = Parallel.map(count: files.count, minimum: 4, maxPieces: maxPieces) { range -> (townships: [TownshipConfig], parsed: Int, error: ConfigError?) in
            YAMLReading.$fastReader.withValue(fast) {
                var out: [TownshipConfig] = []
                out.reserveCapacity(range.count)
                var parsed = 0
                for i in range {
                    let f = files[i]
                    if let cache, let kept = cache.township(f, key: keys[i], summary: summaries && stem(f.path) != chosen) {
                        out.append(kept)
                        continue
                    }
                    parsed += 1
                    let id = stem(f.path)
                    guard TownshipParser.isValidID(id) else {
                        return (out, parsed, ConfigError(file: f.path, line: 1, column: 1,
                            english: "the file name `\(id).yaml` cannot be a township's id; expected lowercase letters, digits, _ and - (e.g. townships/qiantan.yaml)",
                            chinese: "文件名 `\(id).yaml` 不能作为乡镇 id；应由小写字母、数字、_ 和 - 组成（如 townships/qiantan.yaml）"))
                    }
                    do throws(ConfigError) {
                        var t = try TownshipParser.parse(text: f.text, file: f.path, pieces: 1)
                        t.id = id
                        out.append(t)
                    } catch {
                        return (out, parsed, error)
                    }
                }
                return (out, parsed, nil)
            }
        }
        var townships: [TownshipConfig] = []
        townships.reserveCapacity(files.count)
        var parsed = 0
        for part in parts {
            townships.append(contentsOf: part.townships)
            parsed += part.parsed
            if let e = part.error { throw e }
        }
        return (townships, parsed, summaries)
    }

    /// The second occurrence of a village id already used in an earlier file (in file order),
    /// naming both files and lines; nil when every id is unique across the folder.
    static func duplicate(_ townships: [TownshipConfig], texts: [ConfigText]) -> ConfigError? {
        var first: [String: (township: Int, village: Int)] = [:]
        first.reserveCapacity(townships.reduce(0) { $0 + $1.villages.count })
        for (t, township) in townships.enumerated() {
            for (v, village) in township.villages.enumerated() {
                guard let earlier = first[village.id] else {
                    first[village.id] = (t, v)
                    continue
                }
                let other = townships[earlier.township]
                let otherLine = position(other, earlier.village).line
                let here = position(township, v)
                let lines = SourceFile.splitLines(t < texts.count ? texts[t].text : "")
                let shown = here.line >= 1 && Int(here.line) <= lines.count ? lines[Int(here.line) - 1] : nil
                return ConfigError(file: township.file, line: Int(here.line), column: Int(here.column),
                    english: "duplicate village id `\(village.id)`: \(other.file) line \(otherLine) already has it (\(other.villages[earlier.village].name)); village ids must be unique across all township files",
                    chinese: "重复的村 id `\(village.id)`：\(other.file) 第 \(otherLine) 行已有这个 id（\(other.villages[earlier.village].name)）；所有乡镇文件中的村 id 必须各不相同",
                    sourceLine: shown)
            }
        }
        return nil
    }

    static func position(_ t: TownshipConfig, _ v: Int) -> SourcePosition {
        v < t.idPositions.count ? t.idPositions[v] : SourcePosition(line: 1, column: 1)
    }
}
