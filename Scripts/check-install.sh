#!/usr/bin/env bash
# Checks Scripts/install.sh end to end (a `.ci/run` step, not part of `swift test`: the static
# release build takes minutes). Installs into a temporary prefix, then:
#   - the installed binary needs no Swift library (no libswift* in `readelf -d` NEEDED or `ldd`);
#   - run with an empty environment and no library path, it prints the example township's next
#     14 days, the same as the debug build;
#   - `liushi init` of the installed binary writes the starter, which passes `liushi check`;
#   - the man page renders and the bash completion completes.
# Usage: Scripts/check-install.sh        (prints what it checked; status 1 on the first failure)
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "check-install: FAILED: $*" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
Scripts/install.sh "$prefix"
bin="$prefix/bin/liushi"
[ -x "$bin" ] || fail "$bin was not installed"
for f in share/man/man1/liushi.1 share/bash-completion/completions/liushi share/zsh/site-functions/_liushi \
         share/fish/vendor_completions.d/liushi.fish; do
    [ -s "$prefix/$f" ] || fail "$f was not installed"
done

echo "check-install: $(du -h "$bin" | cut -f1) $bin"
echo "check-install: ldd $bin:"
ldd "$bin" | sed 's/^/    /'
if ldd "$bin" | grep -q libswift; then fail "ldd shows Swift libraries"; fi
if command -v readelf >/dev/null 2>&1; then
    if readelf -d "$bin" | grep NEEDED | grep -q libswift; then fail "the binary needs Swift libraries: $(readelf -d "$bin" | grep NEEDED | grep libswift)"; fi
    if readelf -d "$bin" | grep -E 'RPATH|RUNPATH' | grep -qi swift; then fail "the binary looks for libraries in a Swift toolchain"; fi
fi

# No toolchain, no library path, no user configuration: only what a township server has.
run() { env -i PATH=/usr/bin:/bin LANG=C.UTF-8 HOME="$work/home" LD_LIBRARY_PATH= \
            XDG_CONFIG_HOME="$work/nonexistent" LIUSHI_DB="$work/nonexistent/liushi.sqlite" "$@"; }
got="$(run "$bin" upcoming --today 2026-03-02 --days 14)" || fail "the installed binary failed: $got"
echo "$got" | grep -q '乾潭镇' || fail "no example township in: $got"
echo "$got" | grep -q '2026-03-15' || fail "not the next 14 days: $got"
if [ -x .build/debug/liushi ]; then
    want="$(run .build/debug/liushi upcoming --today 2026-03-02 --days 14)"
    [ "$got" = "$want" ] || fail "the installed binary's next 14 days differ from the debug build's"
fi
echo "check-install: the installed binary prints the example's next 14 days ($(echo "$got" | wc -l) lines)"

run "$bin" init "$work/conf" > /dev/null || fail "init failed"
run "$bin" --config "$work/conf" check --today 2026-03-02 > /dev/null || fail "the starter does not pass check"
echo "check-install: init writes the starter and it passes check"

page="$prefix/share/man/man1/liushi.1"
if command -v man >/dev/null 2>&1; then
    MANWIDTH=80 man -l "$page" 2>/dev/null | grep -q 'liushi init' || fail "the man page does not render"
elif command -v groff >/dev/null 2>&1; then
    groff -k -man -Tutf8 "$page" 2>/dev/null | grep -q 'liushi init' || fail "the man page does not render"
fi
words="$(bash -c 'source "$1"; COMP_WORDS=(liushi in); COMP_CWORD=1; COMP_LINE="liushi in"; COMP_POINT=9;
                  _liushi liushi in liushi; printf "%s\n" "${COMPREPLY[@]}"' _ "$prefix/share/bash-completion/completions/liushi")"
[ "$words" = "init" ] || fail "bash completion of 'liushi in' gave: $words"
echo "check-install: man page and bash completion work"
echo "check-install: OK"
