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
#include <string.h>
#include <ncurses.h>

static inline WINDOW *liushi_stdscr(void) { return stdscr; }
static inline int liushi_lines(void) { return LINES; }
static inline int liushi_cols(void) { return COLS; }
static inline int liushi_color_pairs(void) { return COLOR_PAIRS; }
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

/// Opens the screen on stdin/stdout like initscr(), but returns NULL instead of exiting the
/// process when the terminal cannot be used (unknown TERM, no tty).
static inline SCREEN *liushi_newterm(void) {
    SCREEN *s = newterm(NULL, stdout, stdin);
    if (s != NULL) set_term(s);
    return s;
}

/// Makes the next refresh repaint the whole screen (Ctrl-L, after a resize).
static inline int liushi_clear_on_next_refresh(void) { return clearok(curscr, TRUE); }

/// glibc's width of one character (Swift's Glibc module does not show it).
extern int wcwidth(wchar_t c);
static inline int liushi_wcwidth(wchar_t c) { return wcwidth(c); }

/// True when the locale's codeset is UTF-8.
static inline int liushi_codeset_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    if (cs == NULL) return 0;
    return strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf-8") == 0 || strcmp(cs, "utf8") == 0 || strcmp(cs, "UTF8") == 0;
}

// MARK: Signals
// SIGHUP, SIGTERM and SIGINT only set a flag; the input loop (which polls every 100 ms) sees it,
// restores the terminal with endwin() and re-raises the signal with its default action, so the
// exit status is the conventional 128+N and the tty is never left in -icanon -echo.
// Installed before initscr, so ncurses leaves these handlers alone.
// The flag and the handler are weak, not static: every Swift module that ends up emitting these
// inline functions (cross-module inlining) shares the one flag instead of getting its own copy.
__attribute__((weak)) volatile sig_atomic_t liushi_caught_signal_value = 0;

__attribute__((weak)) void liushi_on_signal(int sig) { liushi_caught_signal_value = sig; }

static inline int liushi_install_signal_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = liushi_on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a blocking read returns early
    int rc = 0;
    rc |= sigaction(SIGHUP, &sa, NULL);
    rc |= sigaction(SIGTERM, &sa, NULL);
    rc |= sigaction(SIGINT, &sa, NULL);
    return rc;
}

/// Gives SIGHUP, SIGTERM and SIGINT back their default actions.
static inline void liushi_default_signal_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
}

/// The signal caught since start (SIGHUP, SIGTERM or SIGINT), or 0.
static inline int liushi_caught_signal(void) { return liushi_caught_signal_value; }

/// Restores the default action of `sig`, unblocks it and raises it: the process ends as if the
/// signal had never been caught.
static inline void liushi_reraise(int sig) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
}
#endif
