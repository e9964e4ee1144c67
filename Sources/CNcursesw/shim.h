#ifndef LIUSHI_CNCURSESW_SHIM_H
#define LIUSHI_CNCURSESW_SHIM_H
// ncursesw with the wide-character API visible (see shared/NOTES.md).
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <signal.h>
#include <ncurses.h>

static inline WINDOW *liushi_stdscr(void) { return stdscr; }
static inline int liushi_lines(void) { return LINES; }
static inline int liushi_cols(void) { return COLS; }
static inline attr_t liushi_a_bold(void) { return A_BOLD; }
static inline attr_t liushi_a_reverse(void) { return A_REVERSE; }
static inline attr_t liushi_a_underline(void) { return A_UNDERLINE; }
static inline attr_t liushi_a_dim(void) { return A_DIM; }
static inline attr_t liushi_a_normal(void) { return A_NORMAL; }
static inline int liushi_color_pair(int n) { return COLOR_PAIR(n); }

/// Writes one cell: a UTF-8 encoded character (one grapheme's scalars) with attributes.
static inline int liushi_put_cell(int y, int x, const wchar_t *wch, attr_t attrs, short pair) {
    cchar_t c;
    if (setcchar(&c, wch, attrs, pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &c);
}

static inline int liushi_get_wch(wint_t *out) { return get_wch(out); }
#endif
