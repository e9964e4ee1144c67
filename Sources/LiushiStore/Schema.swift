import GRDB

/// The database schema. Migrations are append-only: never edit or reorder a registered
/// migration; add a new one, raise `version`, and have it set `user_version` to that number.
enum Schema {
    /// `PRAGMA application_id` of every Liushi database: the bytes "Lius".
    static let applicationID: Int32 = 0x4C69_7573
    /// The schema version this build writes (`PRAGMA user_version`).
    static let version: Int32 = 4

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1: items, events, day marks") { db in
            try db.execute(sql: """
                CREATE TABLE items (
                    id          INTEGER PRIMARY KEY,
                    village     TEXT    NOT NULL,
                    title       TEXT    NOT NULL,
                    stage       TEXT    NOT NULL CHECK (stage IN ('sort','discuss','decide','handle','supervise','evaluate','closed')),
                    major       INTEGER NOT NULL DEFAULT 0 CHECK (major IN (0, 1)),
                    created_at  TEXT    NOT NULL,
                    stage_since TEXT    NOT NULL,   -- YYYY-MM-DD: the day the item entered its stage
                    voided      INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1))  -- its `add` was undone
                );
                -- Covers what due dates need (id, village, stage, stage_since) for the open items only.
                CREATE INDEX items_open ON items (village, stage, stage_since, voided) WHERE stage <> 'closed' AND voided = 0;

                CREATE TABLE events (
                    id         INTEGER PRIMARY KEY,
                    item_id    INTEGER REFERENCES items (id),
                    time       TEXT    NOT NULL,   -- ISO 8601
                    user       TEXT    NOT NULL,
                    kind       TEXT    NOT NULL CHECK (kind IN ('add','advance','return','note','mark','undo')),
                    from_stage TEXT,
                    to_stage   TEXT,
                    note       TEXT    NOT NULL DEFAULT '',
                    village    TEXT,               -- the fixed day (village + scheduled date), when relevant
                    day        TEXT,
                    prev_since TEXT,               -- advance/return: the item's stage_since before, for undo
                    undoes     INTEGER REFERENCES events (id)
                );
                CREATE INDEX events_item ON events (item_id);
                CREATE UNIQUE INDEX events_undoes ON events (undoes) WHERE undoes IS NOT NULL;

                CREATE TABLE day_marks (
                    id       INTEGER PRIMARY KEY,
                    event_id INTEGER NOT NULL UNIQUE REFERENCES events (id),
                    village  TEXT    NOT NULL,
                    date     TEXT    NOT NULL,     -- the date the schedule gives the fixed day
                    status   TEXT    NOT NULL CHECK (status IN ('held','cancelled','moved')),
                    moved_to TEXT,
                    note     TEXT    NOT NULL DEFAULT '',
                    attended TEXT    NOT NULL DEFAULT '',  -- role keys separated by spaces
                    undone   INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
                    CHECK ((status = 'moved') = (moved_to IS NOT NULL))
                );
                CREATE INDEX day_marks_key ON day_marks (village, date);

                -- Nothing is ever deleted; events are never rewritten.
                CREATE TRIGGER items_keep BEFORE DELETE ON items
                    BEGIN SELECT RAISE(ABORT, 'liushi: items are never deleted'); END;
                CREATE TRIGGER events_keep BEFORE DELETE ON events
                    BEGIN SELECT RAISE(ABORT, 'liushi: events are never deleted'); END;
                CREATE TRIGGER events_fixed BEFORE UPDATE ON events
                    BEGIN SELECT RAISE(ABORT, 'liushi: events are never changed'); END;
                CREATE TRIGGER day_marks_keep BEFORE DELETE ON day_marks
                    BEGIN SELECT RAISE(ABORT, 'liushi: day marks are never deleted'); END;

                PRAGMA application_id = \(applicationID);
                PRAGMA user_version = 1;
                """)
        }
        m.registerMigration("v2: minutes of a held fixed day") { db in
            try db.execute(sql: """
                ALTER TABLE day_marks ADD COLUMN minutes TEXT NOT NULL DEFAULT '';
                CREATE INDEX events_day ON events (village, day) WHERE day IS NOT NULL;
                PRAGMA user_version = 2;
                """)
        }
        // SQLite cannot change a CHECK constraint: both tables are rebuilt (rows copied as they
        // are), foreign keys checked once at the end, indices and triggers made again.
        m.registerMigration("v3: withdrawn items, edit and withdraw events", foreignKeyChecks: .deferred) { db in
            try db.execute(sql: """
                CREATE TABLE items_v3 (
                    id          INTEGER PRIMARY KEY,
                    village     TEXT    NOT NULL,
                    title       TEXT    NOT NULL,
                    stage       TEXT    NOT NULL CHECK (stage IN ('sort','discuss','decide','handle','supervise','evaluate','closed','withdrawn')),
                    major       INTEGER NOT NULL DEFAULT 0 CHECK (major IN (0, 1)),
                    created_at  TEXT    NOT NULL,
                    stage_since TEXT    NOT NULL,
                    voided      INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1))
                );
                INSERT INTO items_v3 SELECT id, village, title, stage, major, created_at, stage_since, voided FROM items;
                DROP TABLE items;
                ALTER TABLE items_v3 RENAME TO items;
                CREATE INDEX items_open ON items (village, stage, stage_since, voided)
                    WHERE stage <> 'closed' AND stage <> 'withdrawn' AND voided = 0;
                CREATE TRIGGER items_keep BEFORE DELETE ON items
                    BEGIN SELECT RAISE(ABORT, 'liushi: items are never deleted'); END;

                CREATE TABLE events_v3 (
                    id         INTEGER PRIMARY KEY,
                    item_id    INTEGER REFERENCES items (id),
                    time       TEXT    NOT NULL,
                    user       TEXT    NOT NULL,
                    kind       TEXT    NOT NULL CHECK (kind IN ('add','advance','return','note','mark','undo','edit','withdraw')),
                    from_stage TEXT,
                    to_stage   TEXT,
                    note       TEXT    NOT NULL DEFAULT '',
                    village    TEXT,
                    day        TEXT,
                    prev_since TEXT,
                    undoes     INTEGER REFERENCES events (id),
                    prev_title TEXT,               -- edit: the title before, for history and undo
                    prev_major INTEGER             -- edit: major before
                );
                INSERT INTO events_v3 (id, item_id, time, user, kind, from_stage, to_stage, note, village, day, prev_since, undoes)
                    SELECT id, item_id, time, user, kind, from_stage, to_stage, note, village, day, prev_since, undoes FROM events;
                DROP TABLE events;
                ALTER TABLE events_v3 RENAME TO events;
                CREATE INDEX events_item ON events (item_id);
                CREATE UNIQUE INDEX events_undoes ON events (undoes) WHERE undoes IS NOT NULL;
                CREATE INDEX events_day ON events (village, day) WHERE day IS NOT NULL;
                CREATE TRIGGER events_keep BEFORE DELETE ON events
                    BEGIN SELECT RAISE(ABORT, 'liushi: events are never deleted'); END;
                CREATE TRIGGER events_fixed BEFORE UPDATE ON events
                    BEGIN SELECT RAISE(ABORT, 'liushi: events are never changed'); END;
                PRAGMA user_version = 3;
                """)
        }
        // What reading one township of a county needs: its villages' items, closed ones too (their
        // count for the board, the year report's items and stage events) without a full scan.
        m.registerMigration("v4: items by village") { db in
            try db.execute(sql: """
                CREATE INDEX items_village ON items (village, stage, voided);
                PRAGMA user_version = 4;
                """)
        }
        // Append new migrations here (v5, …), each ending with PRAGMA user_version = N.
        return m
    }
}
