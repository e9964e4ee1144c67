import Foundation
import Testing

// Issue 11: nothing bad input can break. Each test runs the real binary through /bin/sh (for
// redirections and pipes) in a scratch folder, with the shipped example township.

/// Runs `script` with `$L` the liushi binary and `$D` a scratch folder (also the current folder);
/// LIUSHI_DB points into it.
func badInputShell(_ script: String, env: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws
    -> (status: Int32, stdout: String, stderr: String, folder: String) {
    let dir = try LiushiBinary.temporaryDirectory().path
    var e = ["L": LiushiBinary.path ?? "/nonexistent", "D": dir, "LIUSHI_DB": dir + "/db.sqlite"]
    for (k, v) in env { e[k] = v }
    let r = try LiushiBinary.runShell(script, env: e, cwd: dir)
    return (r.status, r.stdout, r.stderr, dir)
}

extension LiushiBinary {
    static func runShell(_ script: String, env: [String: String], cwd: String) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script]
        p.environment = environment(env)
        p.currentDirectoryURL = URL(fileURLWithPath: cwd)
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

@Suite("Output errors and closed pipes")
struct OutputWriterTests {
    @Test func aFullDiskOnStandardOutputIsStatusOneWithAMessage() throws {
        let r = try badInputShell(#""$L" upcoming --today 2026-01-05 > /dev/full; echo "status $?""#)
        #expect(r.stdout == "status 1\n")
        #expect(r.stderr.contains("cannot write to standard output"))
    }

    @Test func addingAnItemToAFullStandardOutputDoesNotTrap() throws {
        let r = try badInputShell(#""$L" item add --village qiantan --title x > /dev/full; echo "status $?""#)
        #expect(r.stdout == "status 1\n")
        #expect(r.stderr.contains("cannot write to standard output"))
    }

    @Test func aClosedPipeEndsQuietlyWith141EvenWhenSIGPIPEIsIgnored() throws {
        let r = try badInputShell(#"trap '' PIPE; "$L" upcoming --today 2026-01-05 --days 2000 | head -c 10 > /dev/null; echo "status $?""#)
        // `$?` of a pipeline is the last command's; ask for the first one's.
        let r2 = try badInputShell(#"trap '' PIPE; { "$L" upcoming --today 2026-01-05 --days 2000; echo "status $?" >&2; } | head -c 10 > /dev/null"#)
        #expect(r.stdout == "status 0\n")
        #expect(r2.stderr == "status 141\n")
    }

    @Test func helpToAFullDiskIsStatusOne() throws {
        let r = try badInputShell(#""$L" --help > /dev/full; echo "status $?""#)
        #expect(r.stdout == "status 1\n")
    }
}

@Suite("Arguments")
struct ArgumentMessageTests {
    @Test func aNegativeDayCountSaysWhatIsWrong() throws {
        let r = try badInputShell(#""$L" upcoming --days -1"#)
        #expect(r.status == 2)
        #expect(r.stderr.contains("--days must be at least 1"))
        #expect(!r.stderr.contains("Missing value"))
    }

    @Test func aNegativeItemIdSaysWhatIsWrong() throws {
        let r = try badInputShell(#""$L" item show -1"#)
        #expect(r.status == 2)
        #expect(r.stderr.contains("'-1' is not accepted here"))
        #expect(!r.stderr.contains("Missing"))
    }

    @Test func argumentErrorsAreInChineseUnderLangZh() throws {
        let r = try badInputShell(#""$L" --lang zh check --days 0"#)
        #expect(r.status == 2)
        #expect(r.stderr.contains("错误"))
        #expect(r.stderr.contains("用法"))
        let r2 = try badInputShell(#""$L" item show --lang zh"#)
        #expect(r2.stderr.contains("缺少参数"))
    }
}

@Suite("Titles from a file")
struct TitlesFromTests {
    @Test func devZeroIsRefusedQuicklyAndAddsNothing() throws {
        let r = try badInputShell(#""$L" item add --village qiantan --titles-from /dev/zero; echo "status $?"; test -e db.sqlite || echo "no database""#)
        #expect(r.stdout == "status 1\nno database\n")
        #expect(r.stderr.contains("NUL"))
    }

    @Test func aFolderIsRefused() throws {
        let r = try badInputShell(#""$L" item add --village qiantan --titles-from "$D""#)
        #expect(r.status == 1)
        #expect(r.stderr.contains("it is a folder"))
    }

    @Test func aNulInALineIsAnErrorNamingTheLineAndNothingIsAdded() throws {
        let r = try badInputShell(#""$L" item add --village qiantan --title existing > /dev/null; printf 'one\ntwo\000three\n' > t.txt; "$L" item add --village qiantan --titles-from t.txt; echo "status $?"; "$L" item list --format json"#)
        #expect(r.stdout.hasPrefix("status 1\n"))
        #expect(r.stderr.contains("line 2 contains a NUL byte"))
        #expect(r.stdout.contains("existing"))
        #expect(!r.stdout.contains("one"))
    }

    @Test func aLineLongerThan64KBIsAnError() throws {
        let r = try badInputShell(#"head -c 70000 /dev/zero | tr '\0' a > t.txt; "$L" item add --village qiantan --titles-from t.txt"#)
        #expect(r.status == 1)
        #expect(r.stderr.contains("line 1 is longer than 64 KB"))
    }

    @Test func goodLinesAreAddedOneEach() throws {
        let r = try badInputShell(#"printf 'one\n\n two \n' | "$L" item add --village qiantan --titles-from -"#)
        #expect(r.status == 0)
        #expect(r.stdout == "1\n2\n")
    }
}

@Suite("print -o")
struct OutputFileTests {
    static let print = #""$L" print --village qiantan --year 2026"#

    @Test func aReadOnlyFileIsRefusedAndLeftAlone() throws {
        let r = try badInputShell("echo old > ro.txt; chmod 444 ro.txt; \(Self.print) -o ro.txt; echo \"status $?\"; cat ro.txt; stat -c %a ro.txt")
        #expect(r.stdout == "status 1\nold\n444\n")
        #expect(r.stderr.contains("read-only"))
    }

    @Test func aSymbolicLinkIsFollowedAndTheModeKept() throws {
        let r = try badInputShell("echo old > real.txt; chmod 640 real.txt; ln -s real.txt link.txt; \(Self.print) -o link.txt; echo \"status $?\"; test -L link.txt && echo link; stat -c %a real.txt; grep -c . real.txt > /dev/null && echo written")
        #expect(r.stdout == "status 0\nlink\n640\nwritten\n")
    }

    @Test func aFIFOIsWrittenIntoNotReplaced() throws {
        let r = try badInputShell("mkfifo f; cat f > got.txt & \(Self.print) -o f; echo \"status $?\"; wait; test -p f && echo fifo; test -s got.txt && echo got")
        #expect(r.stdout == "status 0\nfifo\ngot\n")
    }

    @Test func aDeviceIsWrittenIntoAndAFullOneIsAnError() throws {
        let r = try badInputShell("\(Self.print) -o /dev/null; echo \"status $?\"; test -c /dev/null && echo device; \(Self.print) -o /dev/full; echo \"status $?\"")
        #expect(r.stdout == "status 0\ndevice\nstatus 1\n")
    }

    @Test func staleTemporaryFilesOfDeadProcessesAreRemoved() throws {
        let r = try badInputShell("echo x > .out.txt.999999999.tmp; \(Self.print) -o out.txt; echo \"status $?\"; ls -A")
        #expect(r.stdout.contains("status 0"))
        #expect(!r.stdout.contains(".tmp"))
    }

    @Test func aTerminatedPrintLeavesNoTemporaryFile() throws {
        // A large output into a slow FIFO reader is not needed: TERM arrives while the file is written or after.
        let r = try badInputShell("for i in 1 2 3 4 5; do \(Self.print) --format html -o out.html & p=$!; sleep 0.05; kill -TERM $p; wait $p; done; ls -A | grep -c tmp")
        #expect(r.stdout == "0\n")
    }
}

@Suite("Escape sequences")
struct TerminalTextEndToEndTests {
    @Test func itemTitlesReachTheTerminalWithoutEscapeSequences() throws {
        let r = try badInputShell(#"printf 'evil \033]52;c;SGVsbG8=\007 \033[2J end\n' | "$L" item add --village qiantan --titles-from - > /dev/null; "$L" item list; "$L" item show 1; "$L" item list --format json"#)
        #expect(r.status == 0)
        let parts = r.stdout.components(separatedBy: "[{")
        #expect(!parts[0].contains("\u{1B}"))
        #expect(!parts[0].contains("\u{07}"))
        #expect(parts[0].contains("␛]52;c;SGVsbG8=␇"))
    }
}

@Suite("Configuration files: bad input")
struct ConfigurationFilesBadInputTests {
    static let setup = #"mkdir -p c && cp "$R/Config/liushi.yaml" c/"#

    @Test func aHolidaysPathThatIsNotAFolderIsAnError() throws {
        let r = try badInputShell(Self.setup + #" && ln -s nowhere c/holidays && "$L" check --config c"#,
                                  env: ["R": LiushiBinary.repositoryRoot.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("c/holidays"))
    }

    @Test func aConfigurationThatIsADeviceIsBounded() throws {
        let r = try badInputShell(#"mkdir c && ln -s /dev/zero c/liushi.yaml && "$L" check --config c"#)
        #expect(r.status == 2)
        #expect(r.stderr.contains("larger than 16 MB"))
    }

    @Test func deepNestingIsAConfigurationErrorNotACrash() throws {
        let r = try badInputShell(#"mkdir c && awk 'BEGIN { printf "x: "; for (i = 0; i < 58000; i++) printf "["; print "" }' > c/liushi.yaml && "$L" check --config c"#)
        #expect(r.status == 2)
        #expect(r.stderr.contains("c/liushi.yaml:1:"))
    }

    @Test func theSmallestIntegerAsADayIsAConfigurationError() throws {
        let r = try badInputShell(Self.setup + #" && sed -i 's/^    day: 15$/    day: -9223372036854775808/' c/liushi.yaml && "$L" check --config c"#,
                                  env: ["R": LiushiBinary.repositoryRoot.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("c/liushi.yaml:"))
        #expect(r.stderr.contains("out of range"))
    }

    @Test func escapeSequencesInConfiguredNamesDoNotReachTheTerminal() throws {
        let r = try badInputShell(Self.setup + #" && sed -i 's/^  name: 乾潭镇$/  name: "\\e]0;pwned\\a镇"/' c/liushi.yaml && "$L" check --config c; "$L" upcoming --config c --today 2026-01-05"#,
                                  env: ["R": LiushiBinary.repositoryRoot.path])
        #expect(!r.stdout.contains("\u{1B}"))
        #expect(r.stdout.contains("␛]0;pwned␇镇"))
    }
}

@Suite("Store: bad files and paths")
struct StoreBadInputTests {
    /// Fills the database with enough items to span many pages, then damages one page in the middle.
    static let damage = #""$L" item add --village qiantan --title first > /dev/null && seq 1 3000 | sed 's/^/item number /' | "$L" item add --village qiantan --titles-from - > /dev/null && size=$(stat -c %s db.sqlite) && head -c 4096 /dev/zero | tr '\0' '\377' | dd of=db.sqlite bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null"#

    @Test func aDamagedPageMakesWritesFailBeforeAnythingIsWritten() throws {
        let r = try badInputShell(Self.damage + #" && cp db.sqlite before && "$L" item add --village qiantan --title more; echo "status $?"; cmp -s db.sqlite before && echo unchanged"#)
        #expect(r.stdout == "status 1\nunchanged\n")
        #expect(r.stderr.contains("is damaged"))
    }

    @Test func checkVerifiesTheStoresIntegrity() throws {
        let r = try badInputShell(Self.damage + #" && "$L" check --today 2026-01-05; echo "status $?""#)
        #expect(r.stdout.hasSuffix("status 1\n"))
        #expect(r.stderr.contains("is damaged"))
    }

    @Test func aMistypedDatabaseOnAReadingCommandIsNotCreated() throws {
        let r = try badInputShell(#""$L" item list --db typo.sqlite; echo "status $?"; "$L" item show 1 --db typo.sqlite; echo "status $?"; ls"#,
                                  env: ["LIUSHI_DB": ""])
        #expect(r.stdout == "status 1\nstatus 1\n")
        #expect(r.stderr.contains("there is no database at typo.sqlite"))
    }

    @Test func anExplicitDatabaseInAMissingFolderIsRefused() throws {
        let r = try badInputShell(#""$L" item add --village qiantan --title x --db missing/db.sqlite; echo "status $?"; ls"#)
        #expect(r.stdout == "status 1\n")
        #expect(r.stderr.contains("does not exist"))
    }

    @Test func theDefaultDatabaseFolderIsStillCreated() throws {
        let r = try badInputShell(#"HOME="$D/home" XDG_DATA_HOME= LIUSHI_DB= "$L" item add --village qiantan --title x && ls "$D/home/.local/share/liushi""#)
        #expect(r.status == 0)
        #expect(r.stdout.contains("liushi.sqlite"))
    }

    @Test func whatAKilledCreationLeftIsRemovedOnTheNextStart() throws {
        let r = try badInputShell(#"touch .db.sqlite.new-999999999-42 .db.sqlite.new-999999999-42-journal && "$L" item add --village qiantan --title x > /dev/null && ls -A"#)
        #expect(r.stdout == "db.sqlite\n")
    }
}
