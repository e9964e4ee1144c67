import Foundation

/// Why the store refused or failed, in plain words in both languages. `kind` lets callers and
/// tests tell the cases apart without matching on text.
public struct StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The file is not a Liushi database (text, another program's SQLite, empty, damaged).
        case notLiushi
        /// The file is a Liushi database written by a newer version.
        case newerSchema
        /// The file or its folder cannot be written.
        case readOnly
        /// The folder or file cannot be created or opened.
        case cannotOpen
        /// No such item.
        case noSuchItem
        /// A change that the item's state does not allow (advance a closed item, return at sort…).
        case invalidChange
        /// The item changed since the caller read it (another writer): nothing was written.
        case changedMeanwhile
        /// Undo refused: someone else's later change builds on the change to undo.
        case laterChange
        /// The database server refused the change: the role may not make it (`liushi db grant`).
        case notAllowed
        /// `liushi db grant` on a store that has no roles (SQLite).
        case unsupported
        /// The database reported an error.
        case database
    }

    public var kind: Kind
    public var english: String
    public var chinese: String

    public init(_ kind: Kind, english: String, chinese: String) {
        self.kind = kind
        self.english = english
        self.chinese = chinese
    }

    public func message(chinese zh: Bool) -> String { zh ? chinese : english }
    public var description: String { english }

    static func database(_ error: Error, path: String) -> StoreError {
        let text = String(describing: error)
        return StoreError(.database, english: "database error in \(path): \(text)",
                          chinese: "数据库 \(path) 出错：\(text)")
    }
}
