#!/usr/bin/env python3
"""Checks the relative links of the documentation: every linked file exists,
and every `#anchor` names a heading of the linked page (as GitHub makes
anchors from headings). Links inside code are not links and are skipped.

    check_doc_links.py FILE.md...
"""
import collections
import os
import re
import sys

FENCE = re.compile(r"^```.*?^```", re.S | re.M)
CODE = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*$", re.M)


def anchors(path):
    """The anchors GitHub gives a page's headings: lower case, punctuation
    dropped, spaces as hyphens, a repeated one numbered -1, -2, ..."""
    text = FENCE.sub("", open(path, encoding="utf-8").read())
    seen = collections.Counter()
    out = set()
    for m in HEADING.finditer(text):
        slug = "".join(c for c in m.group(1).lower() if c.isalnum() or c in "-_ ").replace(" ", "-")
        out.add(slug if seen[slug] == 0 else f"{slug}-{seen[slug]}")
        seen[slug] += 1
    return out


def problems(doc):
    text = CODE.sub("", FENCE.sub("", open(doc, encoding="utf-8").read()))
    for m in LINK.finditer(text):
        link = m.group(1)
        if re.match(r"[a-z]+:", link):  # https:, mailto:
            continue
        target, _, anchor = link.partition("#")
        path = os.path.normpath(os.path.join(os.path.dirname(doc), target)) if target else doc
        if not os.path.exists(path):
            yield f"{doc}: `{link}`: no such file"
        elif anchor and path.endswith(".md") and anchor not in anchors(path):
            yield f"{doc}: `{link}`: no heading with that anchor"


def main():
    found = [p for doc in sys.argv[1:] for p in problems(doc)]
    for p in found:
        print(p, file=sys.stderr)
    print(f"{len(sys.argv) - 1} pages, {len(found)} broken links")
    return 1 if found or len(sys.argv) < 2 else 0


if __name__ == "__main__":
    sys.exit(main())
