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
            work.deallocate(); spare.deallocate(); profileEntries.deallocate()
            work = .allocate(capacity: perVillage)
            spare = .allocate(capacity: perVillage)
            profileEntries = .allocate(capacity: profileCapacity * perVillage)
            perVillageCapacity = perVillage
        }
        if entries > entryCapacity {
            raw.deallocate()
            raw = .allocate(capacity: entries)
            entryCapacity = entries
        }
        if rules > ruleCapacity {
            cacheStart.deallocate(); cacheEntry.deallocate()
            cacheStart = .allocate(capacity: rules)
            cacheStart.initialize(repeating: 0, count: rules)
            cacheEntry = .allocate(capacity: rules)
            ruleCapacity = rules
        }
        if shapes > shapeCapacity {
            templates.deallocate(); templateCount.deallocate(); uses.deallocate()
            templates = .allocate(capacity: shapes * 6)
            templateCount = .allocate(capacity: shapes)
            templateCount.initialize(repeating: 0, count: shapes)
            uses = .allocate(capacity: shapes)
            uses.initialize(repeating: 0, count: shapes)
            shapeCapacity = shapes
        }
        if profiles > profileCapacity {
            profileEntries.deallocate(); profileLength.deallocate(); profileUses.deallocate()
            profileEntries = .allocate(capacity: profiles * perVillageCapacity)
            profileLength = .allocate(capacity: profiles)
            profileLength.initialize(repeating: 0, count: profiles)
            profileUses = .allocate(capacity: profiles)
            profileUses.initialize(repeating: 0, count: profiles)
            profileCapacity = profiles
        }
        if villages > villageCapacity {
            segment.deallocate()
            segment = .allocate(capacity: villages)
            segment.initialize(repeating: 0, count: villages)
            villageCapacity = villages
        }
    }

    deinit {
        raw.deallocate(); work.deallocate(); spare.deallocate(); cacheStart.deallocate(); cacheEntry.deallocate()
        templates.deallocate(); templateCount.deallocate(); uses.deallocate()
        profileEntries.deallocate(); profileLength.deallocate(); profileUses.deallocate(); segment.deallocate()
        counts.deallocate(); fill.deallocate()
    }
}
