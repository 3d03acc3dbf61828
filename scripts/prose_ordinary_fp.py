#!/usr/bin/env python3
"""False positives of leakguard on ORDINARY text: text that has nothing to do with passwords, in many
languages, each line scanned alone as a chat/mail message (Scanner::scan_message, no context).

Sources (all offline on a Debian machine):
  gettext    UI strings of the installed gettext catalogs (/usr/share/locale/<ll>/LC_MESSAGES/*.mo,
             read with Python's gettext module), translations per language and the English msgids;
             these include hard negatives ("Enter your password", "Password changed").
  appstream  Debian's AppStream metadata (/var/lib/apt/lists/*dep11_Components-amd64.yml.gz): names,
             summaries and descriptions of applications with their translations.
  pycomment  comment and docstring lines of the CPython tree (/work/bench/tree/cpython by default).
  ccomment   comment lines of the C headers next to it (/work/bench/tree/include: /usr/include).
  copyright  lines of /usr/share/doc/*/copyright (licence boilerplate, addresses, years).
  sample     the committed sample, tests/prose_ordinary/<lang>.txt (one message per line).

Usage:
  cargo build --release -p leakguard-core --example prose_lines
  python3 scripts/prose_ordinary_fp.py                 # every source, table + flagged lines
  python3 scripts/prose_ordinary_fp.py --sources sample
  python3 scripts/prose_ordinary_fp.py --write-sample  # refresh tests/prose_ordinary from the sources
Options: --max N (messages per source and language, default 3000), --show N (flagged lines printed
per source/language, default 20), --all-rules (count findings of every rule, not just prose).
"""
import argparse
import collections
import glob
import gzip
import gettext
import json
import os
import random
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROSE = "leakguard.prose.password"

# Locale directory name -> language of tests/prose.
LOCALES = {
    "ar": "ar", "cs": "cs", "de": "de", "el": "el", "es": "es", "fr": "fr", "he": "he", "hi": "hi", "id": "id",
    "it": "it", "ja": "ja", "ko": "ko", "nl": "nl", "pl": "pl", "pt_BR": "pt-br", "pt": "pt-pt", "ro": "ro",
    "ru": "ru", "sv": "sv", "tr": "tr", "uk": "uk", "vi": "vi", "zh_CN": "zh-hans", "zh_TW": "zh-hant", "en_GB": "en",
}
# AppStream keys -> language ("C" is the untranslated English text).
APPSTREAM = dict(LOCALES, C="en")
# Catalogs whose licence lets a sample be committed (Linux-PAM: BSD-3-Clause or GPL, at the user's choice).
COMMITTABLE_MO = {"Linux-PAM"}


def clean(s):
    s = re.sub(r"<[^>]+>", " ", s)
    s = s.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    s = re.sub(r"[ \t\r\f\v]+", " ", s)
    return s.strip()


def lines_of(s):
    for line in s.split("\n"):
        line = clean(line)
        if len(line) >= 3 and any(ch.isalpha() for ch in line):
            yield line


def src_gettext(committable_only=False):
    for path in sorted(glob.glob("/usr/share/locale/*/LC_MESSAGES/*.mo")):
        loc = path.split("/")[4]
        domain = os.path.basename(path)[:-3]
        if domain.startswith("iso_") or (committable_only and domain not in COMMITTABLE_MO):
            continue  # iso-codes: country and language names, no sentences
        lang = LOCALES.get(loc)
        if lang is None:
            continue
        try:
            with open(path, "rb") as fh:
                cat = gettext.GNUTranslations(fh)._catalog
        except Exception:
            continue
        for k, v in cat.items():
            msgid = k[0] if isinstance(k, tuple) else k
            if not msgid:
                continue  # the header
            if loc == "de":  # English msgids once (from one language's catalogs)
                for line in lines_of(msgid):
                    yield "en", line, domain
            if lang != "en":
                for line in lines_of(v):
                    yield lang, line, domain


def src_appstream():
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in glob.glob("/var/lib/apt/lists/*dep11_Components-amd64.yml.gz"):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for doc in yaml.load_all(fh, Loader=loader):
                if not isinstance(doc, dict):
                    continue
                for field in ("Name", "Summary", "Description"):
                    d = doc.get(field)
                    if not isinstance(d, dict):
                        continue
                    for key, text in d.items():
                        lang = APPSTREAM.get(key)
                        if lang and isinstance(text, str):
                            # Paragraphs and list items are messages; join wrapped lines first.
                            for part in re.split(r"</p>|</li>|\n\s*\n", text):
                                line = clean(part.replace("\n", " "))
                                if len(line) >= 3 and any(ch.isalpha() for ch in line):
                                    yield lang, line, doc.get("ID", "")


def src_pycomment(tree):
    rx_doc = re.compile(r'^\s*[rRbBuU]?("""|\'\'\')')
    for path in sorted(glob.glob(os.path.join(tree, "**", "*.py"), recursive=True)):
        try:
            text = open(path, encoding="utf-8", errors="replace").read()
        except OSError:
            continue
        in_doc = None
        for raw in text.split("\n"):
            if in_doc:
                line = raw.strip()
                end = line.find(in_doc)
                if end >= 0:
                    line = line[:end]
                    in_doc = None
                if len(line) >= 3 and any(ch.isalpha() for ch in line):
                    yield "en", line, os.path.relpath(path, tree)
                continue
            m = rx_doc.match(raw)
            if m:
                q = m.group(1)
                rest = raw[m.end():]
                if q in rest:
                    line = rest[: rest.find(q)].strip()
                else:
                    line = rest.strip()
                    in_doc = q
                if len(line) >= 3 and any(ch.isalpha() for ch in line):
                    yield "en", line, os.path.relpath(path, tree)
                continue
            s = raw.strip()
            if s.startswith("#") and not s.startswith("#!"):
                line = s.lstrip("#").strip()
                if len(line) >= 3 and any(ch.isalpha() for ch in line):
                    yield "en", line, os.path.relpath(path, tree)


def src_ccomment(tree):
    for path in sorted(glob.glob(os.path.join(tree, "**", "*.h"), recursive=True)):
        try:
            text = open(path, encoding="utf-8", errors="replace").read()
        except OSError:
            continue
        for raw in text.split("\n"):
            s = raw.strip()
            if s.startswith(("/*", "*", "//")):
                line = s.lstrip("/*").rstrip("*/").strip()
                if len(line) >= 8 and sum(ch.isalpha() for ch in line) >= 4:
                    yield "en", line, os.path.relpath(path, tree)


def src_copyright():
    for path in sorted(glob.glob("/usr/share/doc/*/copyright")):
        try:
            text = open(path, encoding="utf-8", errors="replace").read()
        except OSError:
            continue
        for line in lines_of(text):
            if len(line) >= 8:
                yield "en", line, path.split("/")[4]


def src_sample():
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "prose_ordinary", "*.txt"))):
        lang = os.path.basename(path)[:-4]
        for line in open(path, encoding="utf-8"):
            line = line.rstrip("\n")
            if line.strip():
                yield lang, line, "sample"


def collect(sources, tree, max_per, seed=1):
    """{(source, lang): [(text, origin)]}, deduplicated, at most max_per each (seeded sample)."""
    gens = {
        "gettext": lambda: src_gettext(),
        "appstream": src_appstream,
        "pycomment": lambda: src_pycomment(tree),
        "ccomment": lambda: src_ccomment(os.path.join(os.path.dirname(tree.rstrip("/")), "include")),
        "copyright": src_copyright,
        "sample": src_sample,
    }
    groups = collections.defaultdict(dict)
    for s in sources:
        for lang, text, origin in gens[s]():
            groups[(s, lang)].setdefault(text, origin)
    rnd = random.Random(seed)
    out = {}
    for key, d in sorted(groups.items()):
        items = sorted(d.items())
        if max_per and len(items) > max_per:
            items = rnd.sample(items, max_per)
        out[key] = items
    return out


def run(binary, groups):
    """Scans every message alone; returns {(source, lang): [(text, origin, found)]} of flagged ones."""
    payload = []
    for (src, lang), items in groups.items():
        for text, origin in items:
            payload.append(json.dumps({"src": src, "lang": lang, "origin": origin, "text": text}, ensure_ascii=False))
    res = subprocess.run([binary], input="\n".join(payload) + "\n", capture_output=True, text=True, check=True)
    flagged = collections.defaultdict(list)
    for line in res.stdout.splitlines():
        v = json.loads(line)
        flagged[(v["src"], v["lang"])].append((v["text"], v["origin"], v["found"]))
    return flagged


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sources", default="gettext,appstream,pycomment,ccomment,copyright")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "examples", "prose_lines"))
    ap.add_argument("--tree", default="/work/bench/tree/cpython")
    ap.add_argument("--max", type=int, default=3000)
    ap.add_argument("--show", type=int, default=20)
    ap.add_argument("--all-rules", action="store_true")
    ap.add_argument("--json", help="write the per-group counts to this file")
    ap.add_argument("--write-sample", action="store_true", help="write tests/prose_ordinary/<lang>.txt")
    args = ap.parse_args()

    if args.write_sample:
        write_sample(args.tree)
        return
    groups = collect(args.sources.split(","), args.tree, args.max)
    flagged = run(args.bin, groups)
    rows = []
    tot = collections.Counter()
    for key, items in groups.items():
        hits = [f for f in flagged.get(key, []) if args.all_rules or any(x[0] == PROSE for x in f[2])]
        rows.append((key, len(items), len(hits), hits))
        tot[key[1]] += 0
    print("| source | lang | messages | flagged | rate |\n|---|---|---:|---:|---:|")
    by_lang = collections.defaultdict(lambda: [0, 0])
    for (src, lang), n, k, _ in rows:
        print(f"| {src} | {lang} | {n} | {k} | {100.0 * k / max(n, 1):.2f}% |")
        by_lang[lang][0] += n
        by_lang[lang][1] += k
    print("\n| lang | messages | flagged | rate |\n|---|---:|---:|---:|")
    an = ak = 0
    for lang, (n, k) in sorted(by_lang.items()):
        print(f"| {lang} | {n} | {k} | {100.0 * k / max(n, 1):.2f}% |")
        an += n
        ak += k
    print(f"| **all** | {an} | {ak} | {100.0 * ak / max(an, 1):.3f}% |")
    if args.show:
        print()
        for (src, lang), n, k, hits in rows:
            for text, origin, found in hits[: args.show]:
                vals = [x[3] for x in found if args.all_rules or x[0] == PROSE]
                print(f"FP {src}/{lang} [{origin}] {vals!r}: {text[:200]!r}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({f"{s}/{l}": [n, k] for (s, l), n, k, _ in rows}, fh, indent=1)


def write_sample(tree, per_lang=300, seed=7):
    """A small committed sample per language: Linux-PAM UI strings, AppStream text, CPython comments."""
    rnd = random.Random(seed)
    per = collections.defaultdict(dict)
    for lang, text, _ in src_gettext(committable_only=True):
        per[lang].setdefault(text, "pam")
    app = collections.defaultdict(list)
    for lang, text, _ in src_appstream():
        app[lang].append(text)
    py = [t for _, t, _ in src_pycomment(tree)]
    outdir = os.path.join(ROOT, "tests", "prose_ordinary")
    os.makedirs(outdir, exist_ok=True)
    for lang in sorted(set(LOCALES.values())):
        chosen = [t for t in per.get(lang, {})][: per_lang // 3]
        pool = sorted(set(app.get(lang, [])) - set(chosen))
        pool = [t for t in pool if len(t) <= 300]
        chosen += rnd.sample(pool, min(len(pool), per_lang - len(chosen) - (100 if lang == "en" else 0)))
        if lang == "en":
            pyp = sorted(set(py) - set(chosen))
            chosen += rnd.sample(pyp, min(len(pyp), 100))
        chosen = sorted(set(t for t in chosen if "\n" not in t))
        with open(os.path.join(outdir, f"{lang}.txt"), "w", encoding="utf-8") as fh:
            fh.write("\n".join(chosen) + "\n")
        print(lang, len(chosen))


if __name__ == "__main__":
    main()
