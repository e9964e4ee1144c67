/* Parses an iCalendar file with libical and runs its restriction check (RFC 5546 / 5545
 * restrictions). Prints one line per problem and exits 1 when there is any, 0 otherwise.
 * Built by the test suite: gcc check_libical.c $(pkg-config --cflags --libs libical). */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int problems = 0;

static void report(icalcomponent *c) {
    for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
         p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
        printf("%s: %s\n", icalcomponent_kind_to_string(icalcomponent_isa(c)), icalproperty_get_xlicerror(p));
        problems++;
    }
    for (icalcomponent *s = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); s;
         s = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) report(s);
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: check_libical FILE.ics\n"); return 2; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 2; }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    if (!text || fread(text, 1, (size_t)n, f) != (size_t)n) { fprintf(stderr, "cannot read %s\n", argv[1]); return 2; }
    text[n] = 0;
    fclose(f);
    icalcomponent *cal = icalparser_parse_string(text);
    if (!cal) { printf("libical could not parse the file\n"); return 1; }
    int events = icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT);
    int ok = icalrestriction_check(cal);
    report(cal);
    printf("events %d restriction %s problems %d\n", events, ok ? "ok" : "failed", problems);
    icalcomponent_free(cal);
    free(text);
    return (ok && problems == 0) ? 0 : 1;
}
