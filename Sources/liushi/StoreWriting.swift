import Foundation
import LiushiStore

/// The store for a command that writes: an existing file is verified first (SQLite's
/// quick_check, through a read-only connection), so a damaged one is refused with status 1
/// before it is opened for writing or anything is written into it.
enum StoreWriting {
    static func open(_ ctx: AppContext) throws -> Store {
        if case .file(let path) = try ctx.storeLocation(), FileManager.default.fileExists(atPath: path) {
            do {
                try StoreIntegrity.verifyBeforeWriting(path: path)
            } catch {
                throw StoreCommands.failure(error, ctx)
            }
        }
        return try StoreCommands.open(ctx)
    }

    /// When reading the store failed, the damage SQLite finds, said plainly (status 1); else the
    /// original failure.
    static func explain(_ failure: Error, _ ctx: AppContext) -> Error {
        guard failure is CLIFailure, case .file(let path)? = try? ctx.storeLocation(),
              FileManager.default.fileExists(atPath: path) else { return failure }
        do {
            try StoreIntegrity.verifyBeforeWriting(path: path)
            return failure
        } catch {
            return StoreCommands.failure(error, ctx)
        }
    }
}
