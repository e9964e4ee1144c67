#!/usr/bin/env python3
"""Writes docs/liushi.1, the man page, from the commands' own help.

The help comes from the binary itself: `liushi --experimental-dump-help` (argument-parser's
description of every command, argument, default and value list — what `--help` prints) and
`liushi --version`. Only the sections about the environment, files and exit statuses are written
here. The output depends on nothing else (no date), so a test can regenerate it and compare.

    swift build && python3 Scripts/gen-manpage.py            # .build/debug/liushi → docs/liushi.1
    python3 Scripts/gen-manpage.py --binary PATH -o -         # to standard output

Run it after changing any command's options or help; EndToEndTests/ManPageTests fails until then.
(argument-parser's own `swift package generate-manual` plugin builds the whole package in release
mode and stamps the date into the page, which a test run cannot repeat cheaply.)
"""
import argparse, json, os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GLOBAL = {"config", "db", "today", "lang"}
BUILTIN = {"help", "version"}


def esc(text):
    """Roff-escapes running text: backslashes, hyphens, and a leading dot or quote."""
    out = text.replace("\\", "\\e").replace("-", "\\-")
    if out.startswith(".") or out.startswith("'"):
        out = "\\&" + out
    return out


def names(arg):
    return [n["name"] for n in arg.get("names", [])]


def is_shown(arg):
    return arg.get("shouldDisplay", True)


def own_arguments(cmd, root):
    """The arguments a command documents itself: not the global ones, not --help/--version."""
    out = []
    for a in cmd.get("arguments", []):
        if not is_shown(a):
            continue
        ns = set(names(a))
        if ns & BUILTIN or (not root and ns & GLOBAL):
            continue
        out.append(a)
    return out


def value_name(arg):
    return arg.get("valueName") or (names(arg)[0] if names(arg) else "value")


def spelled(name):
    return ("-" if name["kind"] == "short" else "--") + name["name"]


def usage_piece(arg):
    if arg["kind"] == "positional":
        s = "<%s>" % value_name(arg)
    elif arg["kind"] == "flag":
        s = spelled(arg["preferredName"])
    else:
        s = "%s <%s>" % (spelled(arg["preferredName"]), value_name(arg))
    if arg.get("isRepeating"):
        s += " ..."
    return "[%s]" % s if arg.get("isOptional") else s


def term(arg):
    """The bold option names and the italic value, as `.TP` shows them."""
    if arg["kind"] == "positional":
        return "\\fI%s\\fR" % esc(value_name(arg))
    parts = ", ".join("\\fB%s\\fR" % esc(spelled(n)) for n in arg.get("names", []))
    if arg["kind"] == "option":
        parts += " \\fI%s\\fR" % esc(value_name(arg))
    if arg.get("isRepeating"):
        parts += " ..."
    return parts


def description(arg):
    text = arg.get("abstract", "")
    notes = []
    if arg.get("allValues"):
        notes.append("values: " + ", ".join(arg["allValues"]))
    if arg.get("defaultValue") is not None and arg["kind"] != "flag":
        notes.append("default: " + arg["defaultValue"])
    if notes:
        text = (text + " " if text else "") + "(" + "; ".join(notes) + ")"
    if arg.get("discussion"):
        text += " " + arg["discussion"]
    return esc(text)


def prose(text):
    """A help discussion: plain lines are kept as lines, indented lines (examples) unfilled."""
    lines, block = [], []

    def flush():
        if block:
            lines.extend([".RS 2", ".nf"] + [esc(b) for b in block] + [".fi", ".RE"])
            block.clear()

    for line in text.split("\n"):
        if line.startswith(" "):
            block.append(line[2:] if line.startswith("  ") else line.lstrip())
            continue
        flush()
        if not line.strip():
            lines.append(".PP")
        else:
            if lines and lines[-1] not in (".PP", ".RE") and not lines[-1].startswith(".SH") and not lines[-1].startswith(".SS"):
                lines.append(".br")
            lines.append(esc(line))
    flush()
    return lines


def options(args):
    out = []
    for a in args:
        out += [".TP", term(a), description(a)]
    return out


def command(cmd, path, out):
    full = path + [cmd["commandName"]]
    subs = [s for s in cmd.get("subcommands", []) if s.get("shouldDisplay", True) and s["commandName"] != "help"]
    args = own_arguments(cmd, root=False)
    out.append('.SS "%s"' % esc(" ".join(full)))
    synopsis = " ".join(usage_piece(a) for a in args)
    if subs:
        synopsis = (synopsis + " " if synopsis else "") + "<subcommand>"
    out += [".B %s" % esc(" ".join(full))] + ([esc(synopsis)] if synopsis else []) + [".PP"]
    if cmd.get("abstract"):
        out.append(esc(cmd["abstract"]))
    if cmd.get("discussion"):
        out += [".PP"] + prose(cmd["discussion"])
    out += options(args)
    for s in subs:
        command(s, full, out)


STATIC_TAIL = r"""
.SH ENVIRONMENT
.TP
\fBLIUSHI_CONFIG\fR
The configuration folder when \fB\-\-config\fR is not given.
.TP
\fBXDG_CONFIG_HOME\fR
\fI$XDG_CONFIG_HOME/liushi\fR (else \fI~/.config/liushi\fR) is the configuration folder when it
holds \fIliushi.yaml\fR and neither \fB\-\-config\fR nor \fBLIUSHI_CONFIG\fR is given; otherwise
the example township built into the program is used. \fBliushi init\fR writes there.
.TP
\fBLIUSHI_DB\fR
The database file when \fB\-\-db\fR is not given.
.TP
\fBXDG_DATA_HOME\fR
The database is \fI$XDG_DATA_HOME/liushi/liushi.sqlite\fR (else
\fI~/.local/share/liushi/liushi.sqlite\fR).
.TP
\fBXDG_CACHE_HOME\fR
The townships of configuration files already read are kept in \fI$XDG_CACHE_HOME/liushi/\fR (else
\fI~/.cache/liushi/\fR), found by every byte of each file: deleting the folder is always safe.
.TP
\fBLIUSHI_CACHE\fR
\fBoff\fR reads every configuration file each time.
.TP
\fBLANG\fR, \fBLC_ALL\fR, \fBLC_MESSAGES\fR
\fBzh_*\fR gives Chinese labels and messages, anything else English, unless \fB\-\-lang\fR says.
.TP
\fBNO_COLOR\fR
The terminal UI uses no colour.
.SH FILES
.TP
\fIliushi.yaml\fR
The township: its name, the rhythms' rules, the villages and their people.
.TP
\fIholidays/YYYY.yaml\fR
An official holiday arrangement that adds to or replaces the built\-in years 2004\(en2026.
.TP
\fItownships/*.yaml\fR, \fIcounty.yaml\fR
A county: one file per township instead of \fIliushi.yaml\fR.
.SH EXIT STATUS
.TP
0
Success.
.TP
1
A runtime failure (a file that cannot be written, a database refused), \fBcheck\fR finding
conflicts, or \fBinit\fR finding a configuration already there.
.TP
2
A usage or configuration error: the message names the file, line and column.
.SH SHELL COMPLETION
\fBliushi \-\-generate\-completion\-script bash\fR|\fBzsh\fR|\fBfish\fR prints a completion script;
\fIScripts/install.sh\fR installs all three.
""".strip("\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "liushi"))
    p.add_argument("-o", "--output", default=os.path.join(ROOT, "docs", "liushi.1"), help="'-' for standard output")
    opts = p.parse_args()
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    try:
        dump = subprocess.run([opts.binary, "--experimental-dump-help"], capture_output=True, check=True, env=env).stdout
        version = subprocess.run([opts.binary, "--version"], capture_output=True, check=True, env=env).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit("gen-manpage: cannot run %s: %s (build it first: swift build)" % (opts.binary, e))
    root = json.loads(dump)["command"]
    version = version.decode("utf-8").strip()

    out = ['.\\" -*- coding: UTF-8 -*-',
           '.\\" Generated by Scripts/gen-manpage.py from the commands\' own help. Do not edit:',
           '.\\" run `swift build && python3 Scripts/gen-manpage.py` instead.',
           '.TH LIUSHI 1 "" "liushi %s" "User Commands"' % esc(version),
           ".SH NAME",
           "liushi \\- " + esc(root.get("abstract", "")),
           ".SH SYNOPSIS",
           ".B liushi",
           esc(" ".join(usage_piece(a) for a in own_arguments(root, root=True) if not set(names(a)) & BUILTIN) + " [<command>]"),
           ".SH DESCRIPTION",
           "Without a command, \\fBliushi\\fR opens the terminal UI on the township's schedule (in a",
           "terminal), or prints the next 14 days (otherwise). Press \\fB?\\fR in the UI for its keys.",
           ".PP"]
    out += prose(root.get("discussion", ""))
    out += [".SH GLOBAL OPTIONS",
            "Accepted before or after any command (\\fBliushi \\-\\-today 2026\\-03\\-02 upcoming\\fR or"
            " \\fBliushi upcoming \\-\\-today 2026\\-03\\-02\\fR)."]
    out += options([a for a in root.get("arguments", []) if is_shown(a)])
    out.append(".SH COMMANDS")
    for s in root.get("subcommands", []):
        if s.get("shouldDisplay", True) and s["commandName"] != "help":
            command(s, ["liushi"], out)
    text = "\n".join(out) + "\n" + STATIC_TAIL + "\n"

    if opts.output == "-":
        sys.stdout.write(text)
        return
    os.makedirs(os.path.dirname(os.path.abspath(opts.output)), exist_ok=True)
    tmp = opts.output + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, opts.output)
    print("wrote", opts.output)


if __name__ == "__main__":
    main()
