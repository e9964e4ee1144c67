import Foundation
import GRDB
import LiushiCore
@testable import LiushiStore
import Testing

/// Migrations are append-only and keep every row: a database made by the first schema opens in
/// this version with its items, history and marks, and takes the new kinds of change.
@Suite("Schema migrations")
struct MigrationTests {
    @Test("a schema 1 database is migrated to the current schema with every row kept; withdraw and edit then work")
    func fromVersion1() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let path = folder.file("old.sqlite")
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v1: items, events, day marks")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO items (id, village, title, stage, major, created_at, stage_since) VALUES (1, 'qiantan', '路灯', 'discuss', 0, '2026-01-01T08:00:00+08:00', '2026-01-02');
                INSERT INTO events (id, item_id, time, user, kind, to_stage, note) VALUES (1, 1, '2026-01-01T08:00:00+08:00', 'old', 'add', 'sort', '路灯');
                INSERT INTO events (id, item_id, time, user, kind, from_stage, to_stage, prev_since) VALUES (2, 1, '2026-01-02T08:00:00+08:00', 'old', 'advance', 'sort', 'discuss', '2026-01-01');
                INSERT INTO events (id, item_id, time, user, kind, village, day) VALUES (3, NULL, '2026-01-03T08:00:00+08:00', 'old', 'mark', 'qiantan', '2026-01-05');
                INSERT INTO day_marks (event_id, village, date, status, moved_to) VALUES (3, 'qiantan', '2026-01-05', 'moved', '2026-01-06');
                """)
        }
        try queue.close()
        #expect(try StoreFile.check(path: path) == 1)

        let store = try Store.open(path: path)
        defer { store.close() }
        let items = try store.items()
        #expect(items.map(\.title) == ["路灯"])
        #expect(items.first?.stage == .matter(.discuss))
        #expect(try store.history(itemID: 1).map(\.kind) == [.add, .advance])
        let marks = try store.dayMarks()
        #expect(marks.count == 1 && marks.first?.status == .moved(to: d("2026-01-06")) && marks.first?.minutes == "")

        let edited = try store.editItem(id: 1, title: "路灯二期", major: true, user: "new", time: t0)
        #expect(edited.title == "路灯二期" && edited.major)
        let withdrawn = try store.withdraw(id: 1, note: "否决", today: d("2026-02-01"), user: "new", time: t0)
        #expect(withdrawn.stage == .withdrawn)
        #expect(try store.items().isEmpty, "a withdrawn item has ended")
        #expect(try store.items(stage: .withdrawn).map(\.id) == [1])
        #expect(try store.itemCounts(closed: true) == ["qiantan": 1])
        // Undo takes both back, the edit's old values included.
        _ = try store.undo(user: "new", time: t0)
        _ = try store.undo(user: "new", time: t0)
        let back = try #require(try store.item(id: 1))
        #expect(back.stage == .matter(.discuss) && back.title == "路灯" && !back.major && back.stageSince == d("2026-01-02"))
        #expect(try store.history(itemID: 1).map(\.kind) == [.add, .advance, .edit, .withdraw, .undo, .undo])
    }

    @Test("a schema 3 database gains the index of items by village, its rows as they were")
    func fromVersion3() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let path = folder.file("v3.sqlite")
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v3: withdrawn items, edit and withdraw events")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO items (id, village, title, stage, major, created_at, stage_since) VALUES (1, 'sandu', '路灯', 'closed', 0, 't', '2026-01-02');
                INSERT INTO items (id, village, title, stage, major, created_at, stage_since) VALUES (2, 'xiaxu', '水渠', 'sort', 0, 't', '2026-01-02');
                """)
        }
        try queue.close()
        #expect(try StoreFile.check(path: path) == 3)
        let store = try Store.open(path: path)
        defer { store.close() }
        #expect(try StoreFile.check(path: path) == 4)
        #expect(try store.itemCounts(closed: true, villages: ["sandu", "xiaxu"]) == ["sandu": 1])
        #expect(try store.items(villages: ["xiaxu", "sandu"], includeClosed: true).map(\.id) == [1, 2])
        let index = try DatabaseQueue(path: path).read { db in
            try String.fetchOne(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'items_village'")
        }
        #expect(index == "items_village")
    }

    @Test("withdraw needs a reason and refuses an item that has ended; edit refuses an empty title or no change",
          arguments: Backend.all)
    func refusals(_ backend: Backend) throws {
        let fixture = try backend.fresh()
        defer { fixture.remove() }
        let store = fixture.store
        let item = try store.addItem(village: "qiantan", title: "a", today: d("2026-01-01"), user: "u", time: t0)
        #expect(storeError { try store.withdraw(id: item.id, note: " ", today: d("2026-01-01"), user: "u", time: t0) }?.kind == .invalidChange)
        #expect(storeError { try store.editItem(id: item.id, title: "", major: nil, user: "u", time: t0) }?.kind == .invalidChange)
        #expect(storeError { try store.editItem(id: item.id, title: "a", major: false, user: "u", time: t0) }?.kind == .invalidChange)
        _ = try store.advance(id: item.id, to: .closed, today: d("2026-01-02"), user: "u", time: t0)
        #expect(storeError { try store.withdraw(id: item.id, note: "x", today: d("2026-01-02"), user: "u", time: t0) }?.kind == .invalidChange)
        let events = try store.eventCount()
        #expect(events == 2, "refusals wrote nothing")
    }
}
