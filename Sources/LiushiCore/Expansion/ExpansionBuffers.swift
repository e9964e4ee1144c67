/// Working memory of an expansion, reusable across calls.
public final class ExpansionBuffers {
    /// The entries of the villages without a profile, merged, in village order.
    var raw = UnsafeMutablePointer<FixedDay>.allocate(capacity: 1)
    /// One village's entries while they are gathered and merged.
    var work = UnsafeMutablePointer<FixedDay>.allocate(capacity: 1)
    var spare = UnsafeMutablePointer<FixedDay>.allocate(capacity: 1)
    var cacheStart = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    var cacheEntry = UnsafeMutablePointer<FixedDay>.allocate(capacity: 1)
    /// Per shape: its entries in the current chunk (templates[shape * 6 + j]), how many, and how
    /// many of the chosen villages' rules have it.
    var templates = UnsafeMutablePointer<FixedDay>.allocate(capacity: 6)
    var templateCount = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    var uses = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    /// Per profile: its merged entries in the current chunk, how many, and how many chosen villages have it.
    var profileEntries = UnsafeMutablePointer<FixedDay>.allocate(capacity: 1)
    var profileLength = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    var profileUses = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    /// Per chosen village without a profile: how many entries it has in `raw` this chunk.
    var segment = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    let counts = UnsafeMutablePointer<Int>.allocate(capacity: 33)
    let fill = UnsafeMutablePointer<Int>.allocate(capacity: 32)
    private var entryCapacity = 1
    private var ruleCapacity = 1
    private var shapeCapacity = 1
    private var profileCapacity = 1
    private var villageCapacity = 1
    private var perVillageCapacity = 1

    public init() {
        cacheStart.initialize(to: 0)
        templateCount.initialize(to: 0)
        uses.initialize(to: 0)
        profileLength.initialize(to: 0)
        profileUses.initialize(to: 0)
        segment.initialize(to: 0)
    }

    func reserve(entries: Int, rules: Int, shapes: Int, profiles: Int, villages: Int, perVillage: Int) {
        if perVillage > perVillageCapacity {
            perVillageCapacity = perVillage
            renew(&work, perVillage)
            renew(&spare, perVillage)
            renew(&profileEntries, profileCapacity * perVillage)
        }
        if entries > entryCapacity {
            entryCapacity = entries
            renew(&raw, entries)
        }
        if rules > ruleCapacity {
            ruleCapacity = rules
            renew(&cacheStart, rules, zero: 0)
            renew(&cacheEntry, rules)
        }
        if shapes > shapeCapacity {
            shapeCapacity = shapes
            renew(&templates, shapes * 6)
            renew(&templateCount, shapes, zero: 0)
            renew(&uses, shapes, zero: 0)
        }
        if profiles > profileCapacity {
            profileCapacity = profiles
            renew(&profileEntries, profiles * perVillageCapacity)
            renew(&profileLength, profiles, zero: 0)
            renew(&profileUses, profiles, zero: 0)
        }
        if villages > villageCapacity {
            villageCapacity = villages
            renew(&segment, villages, zero: 0)
        }
    }

    /// Replaces `p` by room for `count` elements, set to `zero` when given.
    private func renew<T>(_ p: inout UnsafeMutablePointer<T>, _ count: Int, zero: T? = nil) {
        p.deallocate()
        p = .allocate(capacity: count)
        if let zero { p.initialize(repeating: zero, count: count) }
    }

    deinit {
        raw.deallocate(); work.deallocate(); spare.deallocate(); cacheStart.deallocate(); cacheEntry.deallocate()
        templates.deallocate(); templateCount.deallocate(); uses.deallocate()
        profileEntries.deallocate(); profileLength.deallocate(); profileUses.deallocate(); segment.deallocate()
        counts.deallocate(); fill.deallocate()
    }
}
