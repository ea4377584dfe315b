#!/usr/bin/python3
"""Checks the links of Markdown pages (used by readme-check/run.sh): every relative link's target exists, and every
#anchor is a heading of its target page, by GitHub's rules (lower case; punctuation other than '-' and '_' dropped;
spaces become '-'; a repeated heading gets -1, -2, ...). Links inside code (fences) and to other schemes are skipped.

  links.py PAGE...
"""
import os, re, sys
from pathlib import Path

def anchors(path):
    seen, out = {}, set()
    fence = False
    for line in Path(path).read_text(encoding='utf-8').split('\n'):
        if line.startswith('```'):
            fence = not fence
            continue
        if fence:
            continue
        m = re.match(r'^(#{1,6})\s+(.*?)\s*#*\s*$', line)
        if not m:
            continue
        text = m.group(2)
        text = re.sub(r'!?\[([^\]]*)\]\([^)]*\)', r'\1', text)   # links: their text
        text = re.sub(r'<[^>]+>', '', text)
        slug = text.strip().lower()
        slug = re.sub(r'[^\w\- ]', '', slug)   # keeps letters, digits, _, -, space
        slug = slug.replace(' ', '-')
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else '%s-%d' % (slug, n))
    return out

bad = 0
checked = 0
for f in sys.argv[1:]:
    f = Path(os.path.relpath(f))
    text = f.read_text(encoding='utf-8')
    fence = False
    for no, line in enumerate(text.split('\n'), 1):
        if line.startswith('```'):
            fence = not fence
            continue
        if fence:
            continue
        for m in re.finditer(r'\]\(([^)\s]+)\)', line):
            target = m.group(1)
            if re.match(r'^[a-z]+:', target):
                continue
            checked += 1
            path, _, anchor = target.partition('#')
            dest = (f.parent / path).resolve() if path else f.resolve()
            if not dest.exists():
                print('readme-check: %s:%d: %s: no such file' % (f, no, target), file=sys.stderr); bad += 1; continue
            if anchor:
                if dest.is_dir() or dest.suffix != '.md':
                    print('readme-check: %s:%d: %s: an anchor into a file that is not a page' % (f, no, target), file=sys.stderr); bad += 1; continue
                if anchor not in anchors(dest):
                    print('readme-check: %s:%d: %s: no heading of that page has this anchor' % (f, no, target), file=sys.stderr); bad += 1
print('readme-check: %d relative links checked in %d pages, %d broken' % (checked, len(sys.argv) - 1, bad))
sys.exit(1 if bad else 0)
