#!/usr/bin/env python3
"""Check Config/holidays/*.yaml against the PyPI package `chinesecalendar`, day by day.

    pip install pyyaml chinesecalendar holidays     # `holidays` is optional (second opinion)
    python3 Scripts/check-holidays.py               # exit 0: only documented differences remain

What it does, for every YAML file:
  1. validates the file itself: `year` matches the file name, every date lies in that year,
     ranges are "A..B" with A <= B, no date under two holiday keys, every make-up working day
     is a Saturday or Sunday and is not also a day off;
  2. compares every day of the year with chinesecalendar: working day or not, which days carry
     a holiday name, and that the name agrees with the key (combined keys such as
     "中秋节、国庆节" accept either name);
  3. if the `holidays` package is installed, compares the weekday days off and the weekend
     working days with holidays.China as a second source;
  4. checks Tests/LiushiCoreTests/Fixtures/holiday-facts.tsv against the files, and shows how the
     counts follow from chinesecalendar's own counts plus the documented decisions.

Every difference is printed. A difference listed in DECIDED below (each one is explained in the
year's YAML comment and in Config/holidays/README.md) is marked "decided"; any other difference
is marked "UNEXPECTED" and makes the script exit with status 1.
"""
import datetime as dt
import glob
import os
import sys

import yaml

try:
    import chinese_calendar as cc
    from chinese_calendar.constants import holidays as CC_HOLIDAYS
except ImportError:  # pragma: no cover
    sys.exit("chinesecalendar is not installed: pip install chinesecalendar")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOLIDAY_DIR = os.path.join(ROOT, "Config", "holidays")
FACTS = os.path.join(ROOT, "Tests", "LiushiCoreTests", "Fixtures", "holiday-facts.tsv")

# chinesecalendar's Chinese names -> the word our key must contain
CC_NAME = {"元旦": "元旦", "春节": "春节", "清明": "清明", "劳动节": "劳动节", "端午": "端午",
           "中秋": "中秋", "国庆节": "国庆",
           "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日": "抗日战争"}

# Decided differences with chinesecalendar 1.11.0. Key: (kind, date).
#   workday  - we list a make-up working day that chinesecalendar does not have
#   named    - we list a day off under a holiday that chinesecalendar leaves without a holiday name
#              (for chinesecalendar it is an ordinary weekend day; off either way)
W = "与周末连休: the notice joins the holiday to the weekend; the stretch includes those weekend days"
R = "inside the notice's own range"
DECIDED = {
    ("workday", "2005-12-31"): "2006 notice (国办发明电〔2005〕35号): 12月31日（星期六）上班",
    ("named", "2011-06-05"): "端午节 6月4日至6日 (" + R + ")",
    ("named", "2012-06-23"): "端午节 6月22日至24日 (" + R + ")",
    ("named", "2014-05-31"): "端午节 6月2日放假，与周末连休 (" + W + ")",
    ("named", "2014-06-01"): "端午节 6月2日放假，与周末连休 (" + W + ")",
    ("named", "2014-09-06"): "中秋节 9月8日放假，与周末连休 (" + W + ")",
    ("named", "2014-09-07"): "中秋节 9月8日放假，与周末连休 (" + W + ")",
    ("named", "2015-05-02"): "劳动节 5月1日放假，与周末连休 (" + W + ")",
    ("named", "2015-05-03"): "劳动节 5月1日放假，与周末连休 (" + W + ")",
    ("named", "2015-06-21"): "端午节 6月20日放假，6月22日补休 (the Sunday between them)",
    ("named", "2015-09-05"): "纪念日 9月3日至5日 (国发明电〔2015〕1号, " + R + ")",
    ("named", "2016-01-02"): "元旦 1月1日放假，与周末连休 (" + W + ")",
    ("named", "2016-01-03"): "元旦 1月1日放假，与周末连休 (" + W + ")",
    ("named", "2016-04-02"): "清明节 4月4日放假，与周末连休 (" + W + ")",
    ("named", "2016-04-03"): "清明节 4月4日放假，与周末连休 (" + W + ")",
    ("named", "2017-04-29"): "劳动节 5月1日放假，与周末连休 (" + W + ")",
    ("named", "2017-04-30"): "劳动节 5月1日放假，与周末连休 (" + W + ")",
    ("named", "2017-12-30"): "2018 元旦 1月1日放假，与周末连休 (" + W + ")",
    ("named", "2017-12-31"): "2018 元旦 1月1日放假，与周末连休 (" + W + ")",
    ("named", "2018-06-16"): "端午节 6月18日放假，与周末连休 (" + W + ")",
    ("named", "2018-06-17"): "端午节 6月18日放假，与周末连休 (" + W + ")",
    ("named", "2018-09-22"): "中秋节 9月24日放假，与周末连休 (" + W + ")",
    ("named", "2018-09-23"): "中秋节 9月24日放假，与周末连休 (" + W + ")",
    ("named", "2024-06-08"): "端午节 6月10日放假，与周末连休 (" + W + ")",
    ("named", "2024-06-09"): "端午节 6月10日放假，与周末连休 (" + W + ")",
}

# Decided differences with holidays.China (python-holidays 0.109), second opinion only.
DECIDED_HOLIDAYS_PKG = {}

problems = []      # (decided?, text)
used = set()


def report(kind, date, text):
    key = (kind, date)
    if key in DECIDED:
        used.add(key)
        problems.append((True, "%s  [decided: %s]" % (text, DECIDED[key])))
    else:
        problems.append((False, text))


def expand(item, where):
    if ".." in item:
        a, b = item.split("..")
        a, b = dt.date.fromisoformat(a), dt.date.fromisoformat(b)
        if a > b:
            problems.append((False, "%s: range %s runs backwards" % (where, item)))
        out = []
        while a <= b:
            out.append(a)
            a += dt.timedelta(days=1)
        return out
    return [dt.date.fromisoformat(item)]


def load(path):
    name = os.path.basename(path)
    data = yaml.safe_load(open(path, encoding="utf-8"))
    if set(data) != {"year", "source", "holidays", "workdays"}:
        problems.append((False, "%s: keys %s" % (name, sorted(data))))
    year = data["year"]
    if "%d.yaml" % year != name:
        problems.append((False, "%s: year %s does not match the file name" % (name, year)))
    if not str(data.get("source", "")).strip():
        problems.append((False, "%s: empty source" % name))
    off = {}  # date -> key
    for key, items in data["holidays"].items():
        for item in items:
            for d in expand(item, name):
                if d.year != year:
                    problems.append((False, "%s: %s %s is not in %d" % (name, key, d, year)))
                if d in off:
                    problems.append((False, "%s: %s listed under %s and %s" % (name, d, off[d], key)))
                off[d] = key
    work = []
    for item in data["workdays"]:
        work.extend(expand(item, name))
    for d in work:
        if d.year != year:
            problems.append((False, "%s: workday %s is not in %d" % (name, d, year)))
        if d.weekday() < 5:
            problems.append((False, "%s: workday %s is a weekday" % (name, d)))
        if d in off:
            problems.append((False, "%s: %s is both a day off and a workday" % (name, d)))
    if len(set(work)) != len(work):
        problems.append((False, "%s: duplicate workdays" % name))
    return year, off, set(work)


def cc_name(d):
    name = CC_HOLIDAYS.get(d)
    if name is None:
        return None
    for h in cc.Holiday:
        if h.value == name:
            return h.chinese
    return name


def compare_cc(year, off, work):
    d = dt.date(year, 1, 1)
    while d.year == year:
        iso = d.isoformat()
        ours_off = d in off or (d.weekday() >= 5 and d not in work)
        theirs_off = cc.is_holiday(d)
        if ours_off != theirs_off:
            kind = "workday" if d in work else "status"
            report(kind, iso, "%s: chinesecalendar says %s, file says %s"
                   % (iso, "day off" if theirs_off else "working day", "day off" if ours_off else "working day"))
        name = cc_name(d)
        if d in off and name is None:
            report("named", iso, "%s: file lists it under %s, chinesecalendar gives it no holiday name"
                   % (iso, off[d]))
        elif name is not None and d not in off:
            report("unnamed", iso, "%s: chinesecalendar names it %s, file does not list it" % (iso, name))
        elif name is not None and CC_NAME.get(name, name) not in off[d]:
            report("name", iso, "%s: chinesecalendar names it %s, file lists it under %s" % (iso, name, off[d]))
        d += dt.timedelta(days=1)


def compare_holidays_pkg(year, off, work):
    try:
        import holidays as hp
    except ImportError:
        return False
    china = hp.China(years=year)
    theirs_weekday_off = {d for d in china if d.year == year and d.weekday() < 5}
    ours_weekday_off = {d for d in off if d.weekday() < 5}
    theirs_work = {d for d in getattr(china, "weekend_workdays", set()) if d.year == year}
    for d in sorted(theirs_weekday_off ^ ours_weekday_off):
        text = "%s: holidays.China %s it as a day off, file %s" % (
            d, "lists" if d in theirs_weekday_off else "does not list",
            "does" if d in ours_weekday_off else "does not")
        decided = DECIDED_HOLIDAYS_PKG.get(d.isoformat())
        problems.append((decided is not None, text + ("  [decided: %s]" % decided if decided else "")))
    for d in sorted(theirs_work ^ work):
        text = "%s: holidays.China %s it as a make-up working day, file %s" % (
            d, "lists" if d in theirs_work else "does not list", "does" if d in work else "does not")
        decided = DECIDED_HOLIDAYS_PKG.get(d.isoformat())
        problems.append((decided is not None, text + ("  [decided: %s]" % decided if decided else "")))
    return True


def cc_counts(year):
    """chinesecalendar's own numbers: dates with a holiday name, weekend days that are working days."""
    named = sum(1 for d in CC_HOLIDAYS if d.year == year)
    work = 0
    d = dt.date(year, 1, 1)
    while d.year == year:
        if d.weekday() >= 5 and cc.is_workday(d):
            work += 1
        d += dt.timedelta(days=1)
    return named, work


def main():
    files = sorted(glob.glob(os.path.join(HOLIDAY_DIR, "[0-9][0-9][0-9][0-9].yaml")))
    if not files:
        sys.exit("no holiday files in %s" % HOLIDAY_DIR)
    years = {}
    with_pkg = False
    for path in files:
        year, off, work = load(path)
        years[year] = (off, work)
        compare_cc(year, off, work)
        with_pkg = compare_holidays_pkg(year, off, work) or with_pkg

    facts = {}
    if os.path.exists(FACTS):
        for line in open(FACTS, encoding="utf-8"):
            if line.strip() and not line.startswith("#"):
                y, a, b = line.rstrip("\n").split("\t")
                facts[int(y)] = (int(a), int(b))
    else:
        problems.append((False, "missing %s" % FACTS))

    print("year  file(daysOff, workdays)  chinesecalendar(named, workdays)  +decided  facts.tsv")
    for year in sorted(years):
        off, work = years[year]
        mine = (len(off), len(work))
        theirs = cc_counts(year)
        add_named = sum(1 for (k, d) in DECIDED if k == "named" and d.startswith(str(year)))
        add_work = sum(1 for (k, d) in DECIDED if k == "workday" and d.startswith(str(year)))
        derived = (theirs[0] + add_named, theirs[1] + add_work)
        fact = facts.get(year)
        print("%d  %-23s  %-32s  %-8s  %s" % (year, mine, theirs, "+%d/+%d" % (add_named, add_work), fact))
        if derived != mine:
            problems.append((False, "%d: chinesecalendar counts plus decided differences give %s, file gives %s"
                             % (year, derived, mine)))
        if fact != mine:
            problems.append((False, "%d: holiday-facts.tsv says %s, file gives %s" % (year, fact, mine)))
    for y in sorted(set(facts) - set(years)):
        problems.append((False, "holiday-facts.tsv has %d but there is no file" % y))
    for key in sorted(set(DECIDED) - used):
        problems.append((False, "decided difference %s %s no longer occurs: update DECIDED" % key))

    print()
    for decided, text in problems:
        print(("decided     " if decided else "UNEXPECTED  ") + text)
    unexpected = sum(1 for decided, _ in problems if not decided)
    print("\n%d files, %d differences, %d decided, %d unexpected%s" % (
        len(files), len(problems), len(problems) - unexpected, unexpected,
        "" if with_pkg else " (holidays package not installed: second source skipped)"))
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
