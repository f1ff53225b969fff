#!/usr/bin/python3
"""The verdict on one sqlmap run: pass or fail, and why.

  judge.py --name NAME --out OUT --traffic TRAFFIC [--params N] [--rc RC]
           [--budget S] [--secs S] [--forbid-code CODE]... [--require-text T]...

OUT is sqlmap's console output (-v 1, carriage returns made newlines),
TRAFFIC its traffic file (-t). Prints a summary line, sqlmap's final
verdict on each parameter it tested, and, on failure, "FAILED: " with the
reasons; exits 0 on pass, 1 on failure, 2 on bad usage.

A run fails on any of:
  - an injection sqlmap confirmed: a parameter "is vulnerable", or "sqlmap
    identified the following injection point(s)";
  - a heuristic positive on a parameter ("appears to be ... injectable",
    "is ... injectable") that sqlmap did not itself reject afterwards, with
    "false positive or unexploitable injection point detected" followed by
    "parameter ... does not seem to be injectable";
  - SQL error text: sqlmap's own DBMS error heuristics ("possible DBMS",
    "parsed DBMS error message", "might be injectable"), or a SQLite
    error message in any response (SQLITE_ERRORS below);
  - any 5xx response; any response with a --forbid-code status (429 always:
    a throttled scan sees nothing);
  - no final "all tested parameters do not appear to be injectable", fewer
    than --params parameters with a final verdict, no request logged, or a
    non-zero exit status of sqlmap (124: the time budget ran out);
  - a --require-text missing from every response (the scan never got where
    it was meant to).

What is not a finding: a positive that sqlmap rejects in the same run. Its
boolean heuristics compare whole pages, and on responses that differ from
request to request (request ids, timestamps, rate-limit counters) or on a
loaded machine (time-based tests) they now and then "see" something, then
disprove it in the false-positive check. Such a parameter is listed with
"(a heuristic positive, rejected by sqlmap)". The targets compare on what
is stable (status codes, fixed strings) so that this stays rare.
"""

import argparse
import re
import sys
from collections import Counter, OrderedDict

# SQLite's own messages (sqlite3_errmsg) and the names of its wrappers:
# any of them in a response is a database error reaching the client.
SQLITE_ERRORS = re.compile(
    r'SQL logic error|near "[^"\n]{0,200}": syntax error|unrecognized token: '
    r'|no such (?:table|column|function): |incomplete input'
    r'|SQLITE_(?:ERROR|MISUSE|RANGE|MISMATCH)|(?i:sqlite3)|SQLiteException'
    r'|(?i:sql syntax)')

SEPARATOR = "#" * 76
PARAM = r"(?:\(custom\) )?(?:[A-Z]+ )?parameter '(?P<p>[^']*)'"
TESTING = re.compile(r"testing for SQL injection on " + PARAM)
POSITIVE = re.compile(PARAM + r" (?:appears to be|is) '(?P<t>[^']*)' injectable")
REJECTED = re.compile(r"false positive or unexploitable injection point detected")
NOT_INJECTABLE = re.compile(PARAM + r" does not seem to be injectable")
VULNERABLE = re.compile(PARAM + r" is vulnerable\.")
IDENTIFIED = re.compile(r"sqlmap identified the following injection point")
ALL_CLEAN = re.compile(r"all tested parameters do not appear to be injectable")
DBMS_ERROR = re.compile(r"possible DBMS|parsed DBMS error message"
                        r"|might be injectable")
RESPONSE = re.compile(r"(?m)^HTTP response \[#\d+\] \((\d{3})")


def responses(path):
    """(status, headers and body) of each response in a traffic file."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read().replace("\r\n", "\n")
    except OSError:
        return []
    out = []
    for block in text.split("\n" + SEPARATOR + "\n"):
        m = RESPONSE.search(block)
        if m:
            rest = block[m.end():].partition("\n")[2]
            # Without the URI: pseudo-header, which sqlmap writes itself.
            rest = re.sub(r"(?m)^URI: .*\n", "", rest, count=1)
            out.append((int(m.group(1)), rest))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--name", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--traffic", required=True)
    ap.add_argument("--params", type=int, default=1)
    ap.add_argument("--rc", type=int, default=0)
    ap.add_argument("--budget", type=int, default=0)
    ap.add_argument("--secs", type=int, default=0)
    ap.add_argument("--forbid-code", type=int, action="append", default=[])
    ap.add_argument("--require-text", action="append", default=[])
    a = ap.parse_args()

    try:
        with open(a.out, encoding="utf-8", errors="replace") as f:
            lines = f.read().replace("\r", "\n").split("\n")
    except OSError as e:
        print(f"sqlmap: {a.name}: cannot read {a.out}: {e}", file=sys.stderr)
        return 2

    # The verdict on each parameter, in the order sqlmap tested them:
    # "positive" (pending), "rejected" (positive, then disproved), and the
    # final "not injectable" or "VULNERABLE".
    state = OrderedDict()
    positives = {}
    final = {}
    current = None
    why = []
    clean = identified = False
    dbms_lines = []
    for line in lines:
        if m := TESTING.search(line):
            current = m.group("p")
            state.setdefault(current, "tested")
        elif m := POSITIVE.search(line):
            current = m.group("p")
            state[current] = "positive"
            positives.setdefault(current, []).append(m.group("t"))
        elif REJECTED.search(line):
            if current is not None and state.get(current) == "positive":
                state[current] = "rejected"
        elif m := NOT_INJECTABLE.search(line):
            p = m.group("p")
            final[p] = "rejected" if state.get(p) == "rejected" else (
                "pending" if state.get(p) == "positive" else "clean")
        elif m := VULNERABLE.search(line):
            final[m.group("p")] = "vulnerable"
        if IDENTIFIED.search(line):
            identified = True
        if ALL_CLEAN.search(line):
            clean = True
        if DBMS_ERROR.search(line):
            dbms_lines.append(re.sub(r"^\[[0-9:]+\] \[[A-Z]+\] ", "", line.strip()))

    traffic = responses(a.traffic)
    codes = Counter(code for code, _ in traffic)
    sql_errors = []
    for code, text in traffic:
        if m := SQLITE_ERRORS.search(text):
            sql_errors.append(f"{code}: ...{text[max(m.start() - 40, 0):m.end() + 40]}...")

    if a.rc == 124:
        why.append(f"did not finish in {a.budget}s")
    elif a.rc != 0:
        why.append(f"sqlmap exited with status {a.rc}")
    vulnerable = [p for p, v in final.items() if v == "vulnerable"]
    if vulnerable or identified:
        why.append("injection confirmed" +
                   (f" in {', '.join(map(repr, vulnerable))}" if vulnerable else ""))
    pending = [p for p in state if state[p] == "positive" and final.get(p) != "vulnerable"]
    if pending:
        why.append("positive not disproved: " + "; ".join(
            f"{p!r} ({', '.join(positives[p])})" for p in pending))
    if dbms_lines:
        why.append(f"sqlmap saw DBMS error text ({dbms_lines[0]})")
    if sql_errors:
        why.append(f"SQL error text in {len(sql_errors)} responses "
                   f"(first: {sql_errors[0]!r})")
    if not clean and not (vulnerable or identified):
        why.append("no final \"not injectable\" verdict")
    verdicts = [p for p in final if final[p] in ("clean", "rejected")]
    if clean and len(verdicts) < a.params:
        why.append(f"a final verdict on {len(verdicts)} parameters, "
                   f"{a.params} expected")
    fivexx = sum(n for c, n in codes.items() if c >= 500)
    if fivexx:
        why.append(f"{fivexx} responses 5xx")
    if not traffic:
        why.append("no requests logged")
    for c in sorted(set([429] + a.forbid_code)):
        if codes.get(c):
            why.append(f"{codes[c]} responses {c}")
    for t in a.require_text:
        if not any(t in text for _, text in traffic):
            why.append(f"never saw {t!r} (the scan did not reach its target)")

    summary = ",".join(f"{c}×{n}" for c, n in sorted(codes.items()))
    print(f"sqlmap: {a.name:<13} {a.secs:4d}s {len(traffic):5d} requests  codes: {summary}")
    for p in list(state) + [p for p in final if p not in state]:
        v = final.get(p)
        text = {"clean": "not injectable",
                "rejected": "not injectable (a heuristic positive, rejected by sqlmap: "
                            + ", ".join(positives.get(p, [])) + ")",
                "pending": "not injectable, but a positive was never disproved",
                "vulnerable": "INJECTABLE"}.get(v, "no verdict")
        print(f"        parameter '{p}': {text}")
    if why:
        print(f"        FAILED: {'; '.join(why)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
