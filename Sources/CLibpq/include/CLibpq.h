#ifndef CLIBPQ_H
#define CLIBPQ_H
// The handful of libpq functions Liushi uses, looked up at run time in libpq.so.5 (dlopen), so
// that building and running Liushi without PostgreSQL needs no libpq at all. The declarations
// follow libpq-fe.h of PostgreSQL 15 (stable since libpq.so.5).

#include <stddef.h>

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
typedef unsigned int Oid;

typedef struct pgNotify {
    char *relname;
    int be_pid;
    char *extra;
    struct pgNotify *next;
} PGnotify;

typedef struct {
    PGconn *(*connectdb)(const char *conninfo);
    int (*status)(const PGconn *conn);
    char *(*errorMessage)(const PGconn *conn);
    PGresult *(*exec)(PGconn *conn, const char *query);
    PGresult *(*execParams)(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                            const char *const *paramValues, const int *paramLengths, const int *paramFormats,
                            int resultFormat);
    int (*resultStatus)(const PGresult *res);
    char *(*resultErrorMessage)(const PGresult *res);
    char *(*resultErrorField)(const PGresult *res, int fieldcode);
    int (*ntuples)(const PGresult *res);
    int (*nfields)(const PGresult *res);
    char *(*getvalue)(const PGresult *res, int tup_num, int field_num);
    int (*getlength)(const PGresult *res, int tup_num, int field_num);
    int (*getisnull)(const PGresult *res, int tup_num, int field_num);
    void (*clear)(PGresult *res);
    void (*finish)(PGconn *conn);
    int (*consumeInput)(PGconn *conn);
    PGnotify *(*notifies)(PGconn *conn);
    int (*socket)(const PGconn *conn);
    void (*freemem)(void *ptr);
    int (*transactionStatus)(const PGconn *conn);
    int (*setClientEncoding)(PGconn *conn, const char *encoding);
    void (*reset)(PGconn *conn);
    void *(*setNoticeProcessor)(PGconn *conn, void (*proc)(void *arg, const char *message), void *arg);
} CLibpqAPI;

/// Loads the library once (thread-safe): `name` on the first call (NULL: "libpq.so.5"); later
/// calls return the first call's answer. Returns NULL when it is missing or lacks a function;
/// then `clibpq_error()` says why.
const CLibpqAPI *clibpq_load(const char *name);
const char *clibpq_error(void);
/// The server's notices and asynchronous messages (`FATAL: terminating connection due to
/// administrator command`) are not printed on standard error, as libpq does by default: the
/// program says in its own words what went wrong.
void clibpq_quiet(PGconn *conn);

// Values from libpq-fe.h.
enum { CLIBPQ_CONNECTION_OK = 0 };
enum { CLIBPQ_EMPTY_QUERY = 0, CLIBPQ_COMMAND_OK = 1, CLIBPQ_TUPLES_OK = 2 };
enum { CLIBPQ_PG_DIAG_SQLSTATE = 'C', CLIBPQ_PG_DIAG_MESSAGE_PRIMARY = 'M' };
enum { CLIBPQ_TRANS_IDLE = 0, CLIBPQ_TRANS_INTRANS = 2, CLIBPQ_TRANS_INERROR = 3 };

#endif
