import Foundation
import LiushiCore
@testable import LiushiStore
import Testing

/// `Store.grant`/`revoke` against the real server, with two roles: a village secretary who may
/// change only her village, and a county role that only reads. Skipped without `LIUSHI_TEST_PG`.
@Suite("Who may change what (PostgreSQL roles and row-level security)",
       .enabled(if: Backend.postgresURI != nil, "LIUSHI_TEST_PG is unset"))
struct GrantTests {
    /// The scratch schema's URI, connecting as `role` instead.
    static func uri(_ scratch: PostgresScratch, as role: String) -> String {
        scratch.uri + "&user=" + role
    }

    /// A unique role name; dropped with everything it was granted at the end.
    static func roleName(_ what: String) -> String {
        "liushi_\(what)_" + UUID().uuidString.prefix(8).lowercased()
    }

    static func dropRoles(_ roles: [String], _ scratch: PostgresScratch) {
        scratch.drop()
        guard let c = try? PostgresConnection(uri: scratch.admin, shown: "") else { return }
        for r in roles { _ = try? c.run("DROP OWNED BY \(Store.identifier(r)); DROP ROLE \(Store.identifier(r))", [], script: true) }
    }

    @Test("a village secretary changes only her village; a read-only county role changes nothing; refusals write nothing")
    func twoRoles() throws {
        let scratch = try PostgresScratch()
        let secretary = GrantTests.roleName("sandu"), county = GrantTests.roleName("county")
        defer { GrantTests.dropRoles([secretary, county], scratch) }
        let owner = try Store.open(.postgres(uri: scratch.uri))
        defer { owner.close() }
        let other = try owner.addItem(village: "qiantan", title: "乾潭的事", today: d("2027-03-01"), user: "x", time: t0)
        try owner.grant(role: secretary, .villages(["sandu"]))
        try owner.grant(role: county, .readOnly)
        #expect(try owner.grants() == [secretary: ["sandu"]])

        let mine = try Store.open(.postgres(uri: GrantTests.uri(scratch, as: secretary)))
        defer { mine.close() }
        #expect(mine.role == secretary)
        let item = try mine.addItem(village: "sandu", title: "三都的事", today: d("2027-03-01"), user: "ignored", time: t0)
        _ = try mine.advance(id: item.id, today: d("2027-03-02"), user: "ignored", time: t0)
        try mine.markDay(DayMark(village: "sandu", date: d("2027-03-05"), status: .held), user: "ignored", time: t0)
        #expect(try mine.history(itemID: item.id).map(\.user) == [secretary, secretary])
        let before = try owner.eventCount()

        // Another village's item, day or a new item there: refused in plain words, nothing written.
        let refusals: [StoreError?] = [
            storeError { try mine.advance(id: other.id, today: d("2027-03-02"), user: "u", time: t0) },
            storeError { try mine.addNote(id: other.id, text: "n", today: d("2027-03-02"), user: "u", time: t0) },
            storeError { try mine.addItem(village: "qiantan", title: "t", today: d("2027-03-01"), user: "u", time: t0) },
            storeError { try mine.markDay(DayMark(village: "qiantan", date: d("2027-03-05"), status: .cancelled), user: "u", time: t0) },
        ]
        for e in refusals {
            #expect(e?.kind == .notAllowed)
            #expect(e?.english.contains("Nothing was written") == true)
        }
        #expect(try owner.eventCount() == before)
        #expect(try owner.item(id: other.id)?.stage == .matter(.sort))

        // Nor behind Liushi's back, with SQL of her own: moving another village's item into hers,
        // or a note on it under her village.
        let raw = try PostgresConnection(uri: GrantTests.uri(scratch, as: secretary), shown: "")
        _ = try? raw.run("UPDATE items SET village = 'sandu' WHERE id = \(other.id)", [], script: true)
        #expect(try owner.item(id: other.id)?.village == "qiantan")
        #expect(throws: (any Error).self) {
            try raw.execute("INSERT INTO events (item_id, time, kind, note, village) VALUES (?, 't', 'note', 'x', 'sandu')", [other.id])
        }
        #expect(try owner.eventCount() == before)

        // The county reads everything and changes nothing.
        let reader = try Store.open(.postgres(uri: GrantTests.uri(scratch, as: county)))
        defer { reader.close() }
        #expect(try reader.items().map(\.id).sorted() == [other.id, item.id].sorted())
        #expect(try reader.dayMarks().count == 1)
        #expect(storeError { try reader.addItem(village: "sandu", title: "t", today: d("2027-03-01"), user: "u", time: t0) }?.kind == .notAllowed)
        #expect(storeError { try reader.advance(id: item.id, today: d("2027-03-03"), user: "u", time: t0) }?.kind == .notAllowed)
        #expect(try owner.eventCount() == before)

        // The secretary's undo works on her own change.
        let undone = try #require(try mine.undo(user: "ignored", time: t0))
        #expect(undone.target.kind == .mark)

        // Revoked: she reads but no longer writes.
        try owner.revoke(role: secretary, villages: ["sandu"])
        #expect(try owner.grants().isEmpty)
        #expect(storeError { try mine.advance(id: item.id, today: d("2027-03-03"), user: "u", time: t0) }?.kind == .notAllowed)
        #expect(try mine.items().count == 2)
        try owner.revoke(role: secretary, villages: nil)
        #expect(storeError { try mine.items() } != nil, "no longer even reads")
    }
}

@Suite("Grants on an SQLite store")
struct SQLiteGrantTests {
    @Test("grant on an SQLite store is refused in plain words")
    func sqliteRefuses() throws {
        let fixture = try Backend.sqlite.fresh()
        defer { fixture.remove() }
        let e = storeError { try fixture.store.grant(role: "clerk", .villages(["sandu"])) }
        #expect(e?.kind == .unsupported)
        #expect(e?.english.contains("PostgreSQL") == true)
    }
}
