/// Where the store is: an SQLite file, or a PostgreSQL server (docs/DESIGN.md §5–§6). A text with a
/// URI scheme (`name://…`) is never taken for a file path: `postgresql://` and `postgres://`
/// mean PostgreSQL, any other scheme is refused.
public enum StoreLocation: Equatable, Sendable {
    case file(String)
    case postgres(uri: String)

    public static func parse(_ text: String) throws(StoreError) -> StoreLocation {
        guard let scheme = uriScheme(text) else { return .file(text) }
        switch scheme.lowercased() {
        case "postgresql", "postgres": return .postgres(uri: text)
        default:
            throw StoreError(.cannotOpen,
                             english: "\(redacted(text)) is an address Liushi does not know (\(scheme)://): give a file path for SQLite or a postgresql://user@host:port/dbname URI",
                             chinese: "\(redacted(text)) 是六事一日不认识的地址（\(scheme)://）：请给出 SQLite 文件路径，或 postgresql://用户@主机:端口/数据库名")
        }
    }

    /// The scheme of `scheme://…` (RFC 3986: a letter, then letters, digits, + - .), else nil.
    static func uriScheme(_ text: String) -> String? {
        guard let range = text.range(of: "://") else { return nil }
        let scheme = text[..<range.lowerBound]
        guard let first = scheme.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic else { return nil }
        for u in scheme.unicodeScalars {
            guard u.isASCII, u.properties.isAlphabetic || ("0"..."9").contains(u) || u == "+" || u == "-" || u == "." else { return nil }
        }
        return String(scheme)
    }

    /// The location for messages: a URI's password replaced by `***`.
    public var shown: String {
        switch self {
        case .file(let p): return p
        case .postgres(let uri): return StoreLocation.redacted(uri)
        }
    }

    public var isPostgres: Bool {
        if case .postgres = self { return true }
        return false
    }

    /// `scheme://user:secret@host…` → `scheme://user:***@host…`; `password=` parameters too.
    static func redacted(_ uri: String) -> String {
        var text = uri
        if let start = text.range(of: "://") {
            let rest = text[start.upperBound...]
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") {
                text.replaceSubrange(text.index(after: colon)..<at, with: "***")
            }
        }
        if let q = text.firstIndex(of: "?") {
            let query = text[text.index(after: q)...].split(separator: "&", omittingEmptySubsequences: false).map { part -> String in
                part.lowercased().hasPrefix("password=") ? "password=***" : String(part)
            }
            text = String(text[...q]) + query.joined(separator: "&")
        }
        return text
    }
}
