#!/usr/bin/env python3
"""Check that a peer's decisions agree with baton's, lead by lead.

    python3 bench/peers/agree.py BATON.jsonl PEER.jsonl [--name PEER]

BATON.jsonl is `baton score` output ({"id","stage","route":{"to","deadline"}|null,
"scores":{..},...}); PEER.jsonl is the peers' common format
({"id","stage","route","deadline","scores":{..}}); either format is accepted
on either side. Same leads in the same order; stage, route and deadline must
be equal, every score within 1e-6. On the first difference prints the lead's
id and both lines and exits 1; exits 0 with a one-line summary otherwise.
"""
import argparse
import json
import sys

TOL = 1e-6


def normalize(line):
    d = json.loads(line)
    route = d.get("route")
    if isinstance(route, dict):  # baton's decision record
        to, deadline = route.get("to"), route.get("deadline")
    else:
        to, deadline = route, d.get("deadline")
    return d.get("id"), d.get("stage"), to, deadline, d.get("scores") or {}


def differ(a, b):
    if a[:4] != b[:4]:
        return "id/stage/route/deadline"
    sa, sb = a[4], b[4]
    if set(sa) != set(sb):
        return "score names"
    for k in sa:
        if sa[k] is None or sb[k] is None:
            if sa[k] is not sb[k]:
                return f"score {k}"
        elif abs(float(sa[k]) - float(sb[k])) > TOL:
            return f"score {k}"
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("baton")
    ap.add_argument("peer")
    ap.add_argument("--name", default=None)
    args = ap.parse_args()
    name = args.name or args.peer
    n = 0
    with open(args.baton, encoding="utf-8") as fa, open(args.peer, encoding="utf-8") as fb:
        while True:
            la, lb = fa.readline(), fb.readline()
            if not la and not lb:
                break
            n += 1
            if not la or not lb:
                print(f"{name}: DISAGREES: baton printed {'fewer' if not la else 'more'} lines (at line {n})")
                return 1
            a, b = normalize(la), normalize(lb)
            what = differ(a, b)
            if what:
                print(f"{name}: DISAGREES on lead {a[0]} (line {n}, {what})")
                print(f"  baton: {la.rstrip()}")
                print(f"  peer:  {lb.rstrip()}")
                return 1
    print(f"{name}: agrees with baton on all {n} leads")
    return 0


if __name__ == "__main__":
    sys.exit(main())
