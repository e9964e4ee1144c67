// liushi-bench: speed and memory figures, printed as `name value unit` lines.
// Run with `swift run -c release liushi-bench [engine|config|county|print|publish|ui|store]...` (all when none given).
import Foundation

let wanted = Set(CommandLine.arguments.dropFirst())
func enabled(_ name: String) -> Bool { wanted.isEmpty || wanted.contains(name) }

do {
    if enabled("engine") { try EngineBench.run() }
    if enabled("config") { try ConfigBench.phases(); try ConfigBench.run() }
    if enabled("county") { try CountyBench.run() }
    if enabled("print") { try PrintBench.run() }
    if enabled("publish") { try PublishBench.run() }
    if enabled("ui") { try UIBench.run() }
    if enabled("store") { try StoreBench.run() }
} catch {
    FileHandle.standardError.write(Data("liushi-bench: \(error)\n".utf8))
    exit(1)
}
Measure.report("peak_rss", Double(Measure.statusKB("VmHWM")) / 1024, "MB")
