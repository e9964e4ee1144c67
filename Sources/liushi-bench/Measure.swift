import Foundation

/// Timing and memory helpers. The benchmark prints `name value unit` lines.
enum Measure {
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Runs `body` `runs` times and returns the median duration in nanoseconds.
    static func median(runs: Int, _ body: () throws -> Void) rethrows -> Double {
        var samples: [UInt64] = []
        for _ in 0..<runs {
            let t0 = now()
            try body()
            samples.append(now() - t0)
        }
        samples.sort()
        return Double(samples[samples.count / 2])
    }

    /// A field of /proc/self/status in kB (VmRSS, VmHWM).
    static func statusKB(_ field: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        }
        return 0
    }

    static func report(_ name: String, _ value: Double, _ unit: String) {
        let v = value >= 100 ? String(format: "%.0f", value) : String(format: "%.2f", value)
        print("\(name) \(v) \(unit)")
        fflush(stdout)
    }
}
