#!/usr/bin/env python3
"""Independent check of an iCalendar file written by `liushi print --format ics`.

Parses FILE with PyPI's `icalendar` (strictly: a parse error is a failure) and prints one JSON
object per VEVENT: uid, dtstart (YYYY-MM-DD for an all-day event, YYYY-MM-DDTHH:MM:SS plus the
TZID for a timed one), dtend, summary, status, sequence, description. Also lists the VTIMEZONE
ids. Exit status: 0 parsed, 1 the file does not parse, 3 the icalendar module is missing.

Usage: python3 check_ics.py FILE
"""
import datetime
import json
import sys

try:
    import icalendar
except ImportError:
    print("the icalendar module is missing (pip install icalendar)", file=sys.stderr)
    sys.exit(3)


def unescape_text(raw):
    """RFC 5545 TEXT unescaping, for properties icalendar keeps raw (X-WR-CALNAME)."""
    out, i = [], 0
    while i < len(raw):
        c = raw[i]
        if c == "\\" and i + 1 < len(raw):
            n = raw[i + 1]
            out.append("\n" if n in "nN" else n)
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def when(prop):
    if prop is None:
        return None, None
    value = prop.dt
    tzid = prop.params.get("TZID")
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S"), tzid
    return value.isoformat(), tzid


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], "rb") as f:
        data = f.read()
    try:
        cal = icalendar.Calendar.from_ical(data)
    except Exception as e:  # any parse failure is a failure of the file under test
        print("parse error: %s" % e, file=sys.stderr)
        return 1
    events = []
    for ev in cal.walk("VEVENT"):
        start, start_tz = when(ev.get("DTSTART"))
        end, end_tz = when(ev.get("DTEND"))
        events.append({
            "uid": str(ev.get("UID")),
            "dtstart": start,
            "dtstartTZID": start_tz,
            "dtend": end,
            "dtendTZID": end_tz,
            "summary": str(ev.get("SUMMARY")),
            "description": str(ev.get("DESCRIPTION", "")),
            "status": str(ev.get("STATUS", "")),
            "sequence": int(ev.get("SEQUENCE", 0)),
        })
    out = {
        "calname": unescape_text(str(cal.get("X-WR-CALNAME", ""))),
        "version": str(cal.get("VERSION", "")),
        "timezones": [str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")],
        "events": events,
    }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
