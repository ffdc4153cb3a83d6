#!/usr/bin/env python3
"""Per-package mutation scores from PIT's mutations.xml files, as the Markdown table docs/mutation-testing.md shows.

usage: .ci/mutation-summary.py [--min PACKAGE=PERCENT ...] MODULE/target/pit-reports/mutations.xml [...]

Score = detected / all mutants (PIT's "mutation score": no-coverage mutants count against it);
strength = detected / covered mutants. Detected = KILLED, TIMED_OUT, MEMORY_ERROR or RUN_ERROR; timed-out mutants
are shown apart, since on a loaded machine a slow test can time out without a real detection.
Each --min (a full package name, for example io.personalizekit.csv) fails the run (exit 1) when that package's
score is below PERCENT or the package has no mutants at all, so a renamed package cannot pass unnoticed.
"""
import collections
import sys
import xml.etree.ElementTree as ET

DETECTED = {"KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR"}


def main(argv):
    minimums, paths = {}, []
    args = iter(argv)
    for arg in args:
        if arg == "--min":
            pkg, _, pct = next(args, "").partition("=")
            if not pkg or not pct:
                sys.exit("--min needs PACKAGE=PERCENT\n" + __doc__)
            minimums[pkg] = float(pct)
        else:
            paths.append(arg)
    if not paths:
        sys.exit(__doc__)
    rows = collections.OrderedDict()
    for path in paths:
        for m in ET.parse(path).getroot().iter("mutation"):
            pkg = m.findtext("mutatedClass").rsplit(".", 1)[0]
            r = rows.setdefault(pkg, collections.Counter())
            status = m.get("status")
            r["all"] += 1
            r["detected" if status in DETECTED else status.lower()] += 1
            if status == "TIMED_OUT":
                r["timed_out"] += 1
    total = collections.Counter()
    print("| package | mutants | detected | of which timed out | survived | no coverage | score | strength |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for pkg, r in sorted(rows.items()):
        total.update(r)
        print(line(pkg, r))
    print(line("**all**", total))
    failed = []
    for pkg, pct in sorted(minimums.items()):
        r = rows.get(pkg)
        got = score(r) if r else None
        if got is None or got < pct:
            failed.append("%s: %s, below the minimum %.0f %%" % (
                pkg, "no mutants" if got is None else "%.1f %%" % got, pct))
    for f in failed:
        print("FAILED: mutation score of " + f)
    return 1 if failed else 0


def score(r):
    return 100.0 * r["detected"] / r["all"] if r["all"] else 0.0


def line(name, r):
    covered = r["all"] - r["no_coverage"]
    strength = 100.0 * r["detected"] / covered if covered else 0.0
    return "| %s | %d | %d | %d | %d | %d | %.0f %% | %.0f %% |" % (
        name, r["all"], r["detected"], r["timed_out"], r["survived"], r["no_coverage"], score(r), strength)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
