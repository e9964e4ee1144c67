// Generates Sources/LiushiCore/Lunar/LunarData.swift from Foundation's Chinese calendar (ICU).
//
//     swift Scripts/generate-lunar-table.swift > Sources/LiushiCore/Lunar/LunarData.swift
//
// For every lunar year 1898…2101 (named by the Gregorian year in which its 正月初一 falls) it
// writes: the day number (days since 1970-01-01) of 正月初一, a bitmask of month lengths (bit i
// is month i of the year in order, the leap month at its place; set = 30 days, clear = 29),
// and the leap month (0 = none; L = the leap month follows ordinary month L).
// The generator checks itself: every month starts on 初一, runs 29 or 30 days, the months
// chain into the next year's 正月初一, and each year has 12 months or 13 with one leap month.
import Foundation

let firstYear = 1898
let lastYear = 2101

var chinese = Calendar(identifier: .chinese)
// Days are taken at noon of a fixed UTC+8 clock, so the Gregorian date of an instant never
// depends on historical offsets or daylight saving time in Asia/Shanghai.
let utc8 = TimeZone(secondsFromGMT: 8 * 3600)!
chinese.timeZone = utc8

struct Parts { var month: Int; var day: Int; var isLeap: Bool }

func parts(_ dayNumber: Int) -> Parts {
    let date = Date(timeIntervalSince1970: TimeInterval(dayNumber * 86_400 + 4 * 3600))  // 12:00 UTC+8
    let c = chinese.dateComponents([.month, .day, .isLeapMonth], from: date)
    return Parts(month: c.month!, day: c.day!, isLeap: c.isLeapMonth!)
}

/// Howard Hinnant's days_from_civil (same as Day.daysFromCivil).
func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (m + 9) % 12
    let doy = (153 * mp + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(("generate-lunar-table: " + message + "\n").data(using: .utf8)!)
    exit(1)
}

/// 正月初一 of the lunar year whose new year falls in Gregorian year y (always Jan 21 … Feb 20):
/// the first day that ICU labels as ordinary month 1.
func newYear(_ y: Int) -> Int {
    var n = daysFromCivil(y, 1, 15)
    guard parts(n).month != 1 else { fail("year \(y): already 正月 on Jan 15") }
    let limit = daysFromCivil(y, 2, 25)
    while n < limit {
        let p = parts(n)
        if p.month == 1, !p.isLeap { return n }
        n += 1
    }
    fail("year \(y): no 正月 before Feb 25")
}

func civil(_ n: Int) -> String {
    let z = n + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
    return String(format: "%04d-%02d-%02d", y, m, d)
}

// A month is the run of days that ICU labels with the same (month, leap). ICU's day-of-month
// normally counts 1, 2, … along that run. Where a new moon falls within seconds of midnight
// UTC+8, ICU's month label and its day-of-month disagree by a day (it reports "day 0" on the
// first day of the month). The table follows the month label: it is where ICU's new moon
// search put the conjunction, and it agrees with the Hong Kong Observatory's published tables.
// Such days are listed in the generated file's header.
var starts: [Int] = []
var masks: [Int] = []
var leaps: [Int] = []
var anomalies: [String] = []
let newYears = (firstYear...(lastYear + 1)).map(newYear)

for (i, y) in (firstYear...lastYear).enumerated() {
    let start = newYears[i], next = newYears[i + 1]
    var mask = 0
    var leap = 0
    var index = 0
    var expected = 1       // the ordinary month expected next
    var n = start
    while n < next {
        let first = parts(n)
        if first.isLeap {
            guard leap == 0, first.month == expected - 1 else { fail("year \(y): unexpected leap month \(first.month)") }
            leap = first.month
        } else {
            guard first.month == expected else { fail("year \(y): month \(first.month), expected \(expected)") }
            expected += 1
        }
        var length = 0
        var offset = 0      // ICU's day-of-month minus ours in this month
        while n + length < next {
            let p = parts(n + length)
            guard p.month == first.month, p.isLeap == first.isLeap else { break }
            if length == 0, p.day != 1 {
                guard p.day == 0 else { fail("year \(y): month \(first.month) starts on day \(p.day)") }
                offset = -1
            }
            guard p.day == length + 1 + offset else { fail("year \(y): day numbering breaks at \(civil(n + length))") }
            length += 1
        }
        guard length == 29 || length == 30 else { fail("year \(y): month \(first.month) has \(length) days") }
        if offset != 0 {
            let name = (first.isLeap ? "leap month " : "month ") + String(first.month)
            anomalies.append("\(civil(n)) … \(civil(n + length - 1)): ICU numbers the days of \(name) of \(y) "
                + "0…\(length - 1); the table numbers them 1…\(length)")
            FileHandle.standardError.write(("note: " + anomalies.last! + "\n").data(using: .utf8)!)
        }
        if length == 30 { mask |= 1 << index }
        n += length
        index += 1
    }
    guard n == next, expected == 13, index == (leap == 0 ? 12 : 13) else {
        fail("year \(y): months do not chain into the next 正月初一 (\(index) months)")
    }
    starts.append(start)
    masks.append(mask)
    leaps.append(leap)
}

func rows(_ values: [Int], perLine: Int, width: Int) -> String {
    var lines: [String] = []
    var i = 0
    while i < values.count {
        let chunk = values[i..<min(i + perLine, values.count)].map { v -> String in
            let s = String(v)
            return String(repeating: " ", count: max(0, width - s.count)) + s
        }
        lines.append("        " + chunk.joined(separator: ", ") + ",")
        i += perLine
    }
    return lines.joined(separator: "\n")
}

var out = """
// GENERATED FILE — do not edit by hand.
// Generated by Scripts/generate-lunar-table.swift from Foundation's Calendar(identifier: .chinese) (ICU):
//
//     swift Scripts/generate-lunar-table.swift > Sources/LiushiCore/Lunar/LunarData.swift
//
// Where ICU's month label and its day-of-month disagree (new moons within seconds of midnight
// UTC+8), the table follows the month label, as the Hong Kong Observatory's tables do:
\(anomalies.map { "//   " + $0 }.joined(separator: "\n"))
//
// One entry per lunar year \(firstYear)…\(lastYear), named by the Gregorian year of its 正月初一.
//   newYear:   day number (days since 1970-01-01) of 正月初一
//   monthBits: bit i = month i of the year in order (leap month at its place): 1 = 30 days, 0 = 29
//   leapMonth: 0 = no leap month; L = the leap month follows ordinary month L

enum LunarData {
    static let firstYear = \(firstYear)
    static let lastYear = \(lastYear)
    /// Day number of 正月初一 of lunar year \(lastYear + 1), the end of the table (exclusive).
    static let endDay: Int32 = \(newYears.last!)

    static let newYear: [Int32] = [

"""
out += rows(starts, perLine: 10, width: 6) + "\n    ]\n\n    static let monthBits: [UInt16] = [\n"
out += rows(masks, perLine: 12, width: 4) + "\n    ]\n\n    static let leapMonth: [UInt8] = [\n"
out += rows(leaps, perLine: 20, width: 2) + "\n    ]\n}\n"
print(out, terminator: "")
