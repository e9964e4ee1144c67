#include "CLibpq.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static CLibpqAPI api;
static const CLibpqAPI *loaded = NULL;
static char error[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;
static char library[1024] = "libpq.so.5";

#define LOOK(field, name) \
    if (!(*(void **)(&api.field) = dlsym(handle, name))) { \
        snprintf(error, sizeof error, "%s has no %s", library, name); \
        return; \
    }

static void load(void) {
    void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char *why = dlerror();
        snprintf(error, sizeof error, "%s", why ? why : "libpq not found");
        return;
    }
    LOOK(connectdb, "PQconnectdb")
    LOOK(status, "PQstatus")
    LOOK(errorMessage, "PQerrorMessage")
    LOOK(exec, "PQexec")
    LOOK(execParams, "PQexecParams")
    LOOK(resultStatus, "PQresultStatus")
    LOOK(resultErrorMessage, "PQresultErrorMessage")
    LOOK(resultErrorField, "PQresultErrorField")
    LOOK(ntuples, "PQntuples")
    LOOK(nfields, "PQnfields")
    LOOK(getvalue, "PQgetvalue")
    LOOK(getlength, "PQgetlength")
    LOOK(getisnull, "PQgetisnull")
    LOOK(clear, "PQclear")
    LOOK(finish, "PQfinish")
    LOOK(consumeInput, "PQconsumeInput")
    LOOK(notifies, "PQnotifies")
    LOOK(socket, "PQsocket")
    LOOK(freemem, "PQfreemem")
    LOOK(transactionStatus, "PQtransactionStatus")
    LOOK(setClientEncoding, "PQsetClientEncoding")
    LOOK(reset, "PQreset")
    LOOK(setNoticeProcessor, "PQsetNoticeProcessor")
    loaded = &api;
}

static pthread_mutex_t naming = PTHREAD_MUTEX_INITIALIZER;
static int named = 0;

const CLibpqAPI *clibpq_load(const char *name) {
    pthread_mutex_lock(&naming);
    if (!named) {
        if (name && name[0]) snprintf(library, sizeof library, "%s", name);
        named = 1;
    }
    pthread_mutex_unlock(&naming);
    pthread_once(&once, load);
    return loaded;
}

const char *clibpq_error(void) { return error; }

static void ignore_notice(void *arg, const char *message) {
    (void)arg;
    (void)message;
}

void clibpq_quiet(PGconn *conn) {
    if (loaded && conn) loaded->setNoticeProcessor(conn, ignore_notice, NULL);
}
