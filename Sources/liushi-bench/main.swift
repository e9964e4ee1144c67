// liushi-bench: speed and memory figures, printed as `name value unit` lines.
// Run with `swift run -c release liushi-bench [engine|config|print|publish|ui|store|county|province]...` (all but county and province when none given).
import Foundation

if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "--county-worker" {
    exit(CountyStoreBench.worker(Array(CommandLine.arguments.dropFirst(2))))
}
let wanted = Set(CommandLine.arguments.dropFirst())
func enabled(_ name: String) -> Bool { wanted.isEmpty || wanted.contains(name) }

do {
    if enabled("engine") { try EngineBench.run() }
    if enabled("config") { try ConfigBench.phases(); try ConfigBench.run() }
    if enabled("print") { try PrintBench.run() }
    if enabled("publish") { try PublishBench.run() }
    if enabled("ui") { try UIBench.run() }
    if enabled("store") { try StoreBench.run() }
    // Not in the default run (it needs a PostgreSQL server for its main half): name it.
    if wanted.contains("county") { try CountyBench.run(); try CountyStoreBench.run() }
    // The county's province on PostgreSQL alone (also part of `county`).
    if wanted.contains("province") && !wanted.contains("county") {
        guard let uri = ProcessInfo.processInfo.environment["LIUSHI_BENCH_PG"], !uri.isEmpty else {
            throw BenchError("province needs LIUSHI_BENCH_PG=postgresql://… (a server where the bench may create a schema; psql)")
        }
        try ProvinceBench.run(uri)
    }
} catch {
    FileHandle.standardError.write(Data("liushi-bench: \(error)\n".utf8))
    exit(1)
}
Measure.report("peak_rss", Double(Measure.statusKB("VmHWM")) / 1024, "MB")
