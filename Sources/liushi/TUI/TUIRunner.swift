import Foundation
import LiushiConfig
import LiushiCore
import LiushiStore
import LiushiTerminal
import LiushiUI

/// The terminal UI's loop, at the edge of the program (the Elm / Bubble Tea shape): draw
/// `view(model)`, read a key, `update` the model, perform the effects it asks for against the
/// store, and feed their results back as messages — until an effect says `.quit`.
///
/// The model is pure; everything that touches the world (terminal, store, clock, files) is here
/// or in `StoreEffects`.
enum TUIRunner {
    /// True when the terminal UI can run: standard input and output are terminals and `TERM`
    /// names a terminal (set, not "dumb"). Otherwise the bare `liushi` prints the next 14 days,
    /// so it never fails in a pipe or in CI.
    static func isAvailable(environment: [String: String]) -> Bool {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return false }
        guard let term = environment["TERM"], !term.isEmpty, term != "dumb" else { return false }
        return true
    }

    /// Runs the UI until the user quits. Returns false, having drawn nothing, when the terminal
    /// cannot be opened (e.g. an unknown `TERM`); store failures are `CLIFailure`s (status 1).
    /// SIGHUP, SIGTERM and SIGINT restore the terminal and end the process by that signal.
    static func run(_ ctx: AppContext, config: LoadedConfiguration, preload: StorePreload) throws -> Bool {
        let loaded = preload.wait()
        let store: Store
        do {
            store = try loaded.store ?? Store.open(try ctx.storeLocation())
        } catch let error as StoreError {
            throw CLIFailure(message: error.message(chinese: ctx.zh), status: 1)
        }
        defer { store.close() }
        var effects = StoreEffects(ctx: ctx, config: config, store: store)

        let terminal: Terminal
        do {
            terminal = try Terminal(colors: true, environment: ctx.environment)
        } catch {
            Output.err("liushi: \(error)\n")
            return false
        }
        defer { terminal.restore() }

        var model = Model(config: config, today: ctx.today, language: ctx.language, colors: terminal.colors,
                          township: ctx.options.township)
        var size = terminal.size()
        // What the store holds comes first, then the terminal's size.
        var queue: [Message] = []
        effects.villages = model.storeScope
        for effect in model.initialEffects where !isQuit(effect) {
            if effect == .reload, let items = loaded.items, let marks = loaded.marks, let closed = loaded.closed,
               loaded.villages == model.storeScope {
                var s = StoreSnapshot(items: items, marks: marks, message: nil, closedByVillage: closed, villages: loaded.villages)
                s.token = preload.token
                queue.append(.loaded(s))
            } else {
                queue.append(contentsOf: effects.perform(effect))
            }
        }
        queue.append(.resize(width: size.width, height: size.height))

        // Other writers (another terminal, the command line): every change appends an event, so
        // the highest event id tells whether anything was committed since the last read. Polled
        // once a second (one index lookup); a change re-reads the store and redraws.
        var token: Int64 = 0
        for case .loaded(let s) in queue { token = s.token }
        var lastPoll = DispatchTime.now().uptimeNanoseconds
        var dirty = true
        loop: while true {
            while !queue.isEmpty {
                let message = queue.removeFirst()
                let requested = update(&model, message)
                dirty = true
                effects.villages = model.storeScope
                for effect in requested {
                    if isQuit(effect) { break loop }
                    // Each change is committed before its result is shown.
                    let results = effects.perform(effect)
                    for case .loaded(let s) in results { token = s.token }
                    queue.append(contentsOf: results)
                }
            }
            let now = DispatchTime.now().uptimeNanoseconds
            if now &- lastPoll >= 1_000_000_000 {
                lastPoll = now
                if let t = try? store.changeToken(), t != token, let fresh = try? effects.snapshot(message: nil, refresh: true) {
                    token = fresh.token
                    queue.append(.loaded(fresh))
                    continue
                }
            }
            if dirty {
                terminal.draw(view(model, width: size.width, height: size.height))
                dirty = false
            }
            // Wait up to 100 ms for input (so caught signals are seen promptly), then take what
            // else is already waiting — typed-ahead keys, pasted or input-method text — before
            // drawing again.
            var wait = 100
            while queue.count < 256, let event = terminal.nextEvent(waitMilliseconds: wait) {
                wait = 0
                switch event {
                case .key(let key):
                    if key == .ctrlL { terminal.repaint(); dirty = true }
                    queue.append(.key(key))
                case .resize(let width, let height):
                    size = (width, height)
                    queue.append(.resize(width: width, height: height))
                }
            }
        }
        terminal.restore()
        return true
    }

    private static func isQuit(_ effect: Effect) -> Bool {
        if case .quit = effect { return true }
        return false
    }
}

/// Reads the store on a second thread while the configuration is parsed on the first, so the
/// first screen comes sooner. Only an existing database is opened here: a new one is created
/// after the configuration proved valid (nothing is written for an invalid configuration).
/// With `--township` the villages to read are known only once the configuration is: the thread
/// connects and reads the change token meanwhile, then waits for `read(villages:)`.
final class StorePreload: @unchecked Sendable {
    let location: StoreLocation
    /// The store's change token, read before the items and marks.
    private(set) var token: Int64 = 0
    private let done = DispatchSemaphore(value: 0)
    private let scopeGiven = DispatchSemaphore(value: 0)
    private var scope: [String]?
    private var result: (store: Store?, items: [Item]?, marks: [DayMark]?, closed: [String: Int]?, villages: [String]?, error: StoreError?)
        = (nil, nil, nil, nil, nil, nil)

    /// `scoped`: wait for `read(villages:)` before reading items and marks.
    init(_ ctx: AppContext, scoped: Bool = false) {
        // An address with an unknown scheme fails again, with its message, when the store is opened.
        location = (try? StorePath.location(flag: ctx.options.db, environment: ctx.environment)) ?? .file("")
        let location = self.location
        if case .file(let path) = location, !FileManager.default.fileExists(atPath: path) {
            done.signal()
            return
        }
        if !scoped { scopeGiven.signal() }
        Thread.detachNewThread { [self] in
            do {
                guard let store = try Store.openIfPresent(location) else {
                    done.signal()
                    return
                }
                result.store = store
                token = (try? store.changeToken()) ?? 0
                scopeGiven.wait()
                if let villages = scope {
                    // One township's villages: a few thousand rows, through the indexes on village.
                    result.villages = villages
                    result.items = try store.items(villages: villages, includeClosed: false)
                    result.closed = try store.itemCounts(closed: true, villages: villages)
                    result.marks = try store.dayMarks(villages: villages)
                    done.signal()
                    return
                }
                // Two readers at once (the pool allows them), each with half of the items (closed
                // ones only counted); the day marks with the upper half.
                let half = try store.maxItemID() / 2
                let (lower, upper) = Parallel.both({
                    Result { () throws(StoreError) in try store.openItemsCountingClosed(ids: Int64.min...half) }
                }, {
                    Result { () throws(StoreError) in
                        (try store.openItemsCountingClosed(ids: (half + 1)...Int64.max), try store.dayMarks())
                    }
                })
                let (lowerItems, lowerClosed) = try lower.get()
                let ((upperItems, upperClosed), marks) = try upper.get()
                result.items = lowerItems + upperItems
                result.marks = marks
                result.closed = lowerClosed.merging(upperClosed, uniquingKeysWith: +)
            } catch let e as StoreError {
                result.error = e
            } catch {
                result.error = nil
            }
            done.signal()
        }
    }

    /// Which villages to read (nil: every village), once the configuration is known; only for
    /// a preload made `scoped`, and once.
    func read(villages: [String]?) {
        scope = villages
        scopeGiven.signal()
    }

    /// Waits for the reading thread; a store error is thrown when the store is opened again.
    func wait() -> (store: Store?, items: [Item]?, marks: [DayMark]?, closed: [String: Int]?, villages: [String]?) {
        done.wait()
        done.signal()
        if result.error != nil { return (nil, nil, nil, nil, nil) }
        return (result.store, result.items, result.marks, result.closed, result.villages)
    }
}
