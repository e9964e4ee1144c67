import Foundation
@testable import LiushiStore
import Testing

/// The store tests run against every backend: SQLite always, PostgreSQL when `LIUSHI_TEST_PG`
/// holds the URI of a server where the tests may create and drop schemas and roles (`.ci/run`
/// starts one; README "Tests"). Each test gets its own schema, so tests run in parallel.
enum Backend: String, Sendable, CustomTestStringConvertible {
    case sqlite, postgresql

    static let postgresURI: String? = {
        guard let u = ProcessInfo.processInfo.environment["LIUSHI_TEST_PG"], !u.isEmpty else { return nil }
        return u
    }()

    static var all: [Backend] { postgresURI == nil ? [.sqlite] : [.sqlite, .postgresql] }

    var testDescription: String { rawValue }

    /// A new, empty store of this backend. On PostgreSQL changes are recorded under the user the
    /// test gives (`recordRole: false`), as on SQLite, so the undo rules can be tested with
    /// several users over one connection.
    func fresh() throws -> TestStore {
        switch self {
        case .sqlite:
            let folder = try TempFolder()
            return TestStore(store: try Store.open(path: folder.file("liushi.sqlite")), remove: { folder.remove() })
        case .postgresql:
            let schema = try PostgresScratch()
            return TestStore(store: try Store.open(.postgres(uri: schema.uri), recordRole: false), remove: { schema.drop() })
        }
    }
}

final class TestStore {
    let store: Store
    private let cleanup: () -> Void

    init(store: Store, remove: @escaping () -> Void) {
        self.store = store
        cleanup = remove
    }

    func remove() {
        store.close()
        cleanup()
    }
}

/// A fresh schema on the test server, and the URI whose connections use it.
struct PostgresScratch {
    let name: String
    let uri: String
    let admin: String

    init() throws {
        guard let base = Backend.postgresURI else { throw StoreError(.cannotOpen, english: "LIUSHI_TEST_PG is unset", chinese: "") }
        admin = base
        name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let c = try PostgresConnection(uri: base, shown: base)
        try c.execute("CREATE SCHEMA \(name)")
        uri = PostgresScratch.with(base, schema: name)
    }

    /// `base` with `options=-csearch_path=NAME` added to its parameters.
    static func with(_ base: String, schema: String) -> String {
        base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
    }

    /// Runs statements as the administrator (in this schema).
    func admin(_ sql: String) throws {
        let c = try PostgresConnection(uri: uri, shown: name)
        _ = try c.run(sql, [], script: true)
    }

    func drop() {
        if let c = try? PostgresConnection(uri: admin, shown: admin) {
            _ = try? c.run("DROP SCHEMA \(name) CASCADE", [], script: true)
        }
    }
}

@Suite("Store backends")
struct BackendTests {
    @Test("the store tests run against PostgreSQL too",
          .enabled(if: Backend.postgresURI != nil,
                   "LIUSHI_TEST_PG is unset: the store tests ran against SQLite only. Set it to postgresql://USER@HOST:PORT/DB of a server where tests may create schemas (.ci/run starts one)"))
    func postgresRuns() throws {
        let fixture = try Backend.postgresql.fresh()
        defer { fixture.remove() }
        #expect(fixture.store.location.isPostgres)
        #expect(try fixture.store.eventCount() == 0)
    }
}
