import Foundation
import GRDB
@testable import LiushiStore
import LiushiCore

/// A fresh folder under the system's temporary folder, removed by `remove()`.
struct TempFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.path + "/liushi-store-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func remove() {
        chmod(path, 0o755)
        try? FileManager.default.removeItem(atPath: path)
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name)) }
}

func d(_ s: String) -> Day { Day(iso: s) ?? Day(0) }

func bytes(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }

func mode(_ path: String) -> mode_t {
    var st = stat()
    guard stat(path, &st) == 0 else { return 0 }
    return st.st_mode & 0o777
}

/// Error of a throwing call, or nil when it succeeded.
/// The StoreError thrown by a call; nil when it succeeded (or threw something else, which the
/// expectations on the result then report).
func storeError<T>(_ body: () throws -> T) -> StoreError? {
    do {
        _ = try body()
        return nil
    } catch let e as StoreError {
        return e
    } catch {
        return nil
    }
}

let t0 = "2027-03-01T09:00:00+08:00"
