#!/usr/bin/env python3
"""Validate a set of prose messages: every <lang>.jsonl in one folder (stdlib only).

Usage: python3 tests/check_prose_set.py FOLDER --min-secret N --min-not-secret N [files...]

Shared by tests/prose/check_corpus.py (the development set) and tests/prose_holdout/check.py (the
held-out set), which pass their folder and minimum counts.

Checks, per line: a valid JSON object; fields lang/kind/label/text/secret (+ optional context,
secrets, note); lang equals the file name; kind and label in the allowed sets; text a non-empty
string, context (when present) a non-empty string; a `secret` line has a non-empty `secret`, an exact
substring of `text` without surrounding whitespace; a `not_secret` line has secret null and no
`secrets`; `secrets`, when present, is a list of >= 2 distinct substrings of text whose first item is
`secret`. Per file: ends with a newline, no duplicate text (same context + text), no password used
twice, and the minimum counts per label. Per folder: one file for each of the 26 languages, no
other. Prints a table of counts and exits 1 if anything is wrong.
"""
import argparse
import glob
import json
import os
import sys

LANGS = ("ar cs de el en es fr he hi hi-latn id it ja ko nl pl pt-br pt-pt ro ru sv tr uk vi "
         "zh-hans zh-hant").split()
KINDS = {"chat", "mail", "ticket", "commit", "doc", "sms"}
LABELS = {"secret", "not_secret"}
REQUIRED = {"lang", "kind", "label", "text", "secret"}
OPTIONAL = {"context", "secrets", "note"}


def check_line(obj, lang, where, problems):
    """Checks one parsed line; returns its label, or None when the line cannot be counted."""
    if not isinstance(obj, dict):
        problems.append(f"{where}: not a JSON object")
        return None
    keys = set(obj)
    if REQUIRED - keys:
        problems.append(f"{where}: missing fields {sorted(REQUIRED - keys)}")
        return None
    if keys - REQUIRED - OPTIONAL:
        problems.append(f"{where}: unknown fields {sorted(keys - REQUIRED - OPTIONAL)}")
    if obj["lang"] != lang:
        problems.append(f"{where}: lang {obj['lang']!r} != file name {lang!r}")
    if obj["kind"] not in KINDS:
        problems.append(f"{where}: kind {obj['kind']!r} not in {sorted(KINDS)}")
    label = obj["label"]
    if label not in LABELS:
        problems.append(f"{where}: label {label!r} not in {sorted(LABELS)}")
        return None
    text = obj["text"]
    if not isinstance(text, str) or not text.strip():
        problems.append(f"{where}: text must be a non-empty string")
        return None
    ctx = obj.get("context")
    if "context" in obj and (not isinstance(ctx, str) or not ctx.strip()):
        problems.append(f"{where}: context, when present, must be a non-empty string")
    return label


def secrets_of(obj, where, problems):
    """The passwords a `secret` line reveals (checked against its text)."""
    secret, text = obj["secret"], obj["text"]
    if not isinstance(secret, str) or not secret:
        problems.append(f"{where}: secret line needs a non-empty secret string")
        return []
    if secret not in text:
        problems.append(f"{where}: secret {secret!r} is not a substring of text")
    if secret != secret.strip():
        problems.append(f"{where}: secret has surrounding whitespace")
    if "secrets" not in obj:
        return [secret]
    lst = obj["secrets"]
    if not isinstance(lst, list) or len(lst) < 2 or not all(isinstance(s, str) and s for s in lst):
        problems.append(f"{where}: secrets must be a list of >= 2 non-empty strings")
        return [secret]
    if lst[0] != secret:
        problems.append(f"{where}: secrets[0] must equal secret")
    if len(set(lst)) != len(lst):
        problems.append(f"{where}: secrets has duplicates")
    for s in lst:
        if s not in text:
            problems.append(f"{where}: secrets item {s!r} is not a substring of text")
    return lst


def check_file(path, problems):
    """Checks one <lang>.jsonl file; returns (lang, counts per label, counts per kind)."""
    lang = os.path.splitext(os.path.basename(path))[0]
    counts = {"secret": 0, "not_secret": 0}
    kinds = {}
    seen_text = {}
    seen_secret = {}
    with open(path, encoding="utf-8") as fh:
        raw = fh.read()
    if raw and not raw.endswith("\n"):
        problems.append(f"{path}: file does not end with a newline")
    for n, line in enumerate(raw.split("\n")[:-1] if raw.endswith("\n") else raw.split("\n"), 1):
        where = f"{path}:{n}"
        if not line.strip():
            problems.append(f"{where}: empty line")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"{where}: invalid JSON: {e}")
            continue
        label = check_line(obj, lang, where, problems)
        if label is None:
            continue
        counts[label] += 1
        kinds[obj["kind"]] = kinds.get(obj["kind"], 0) + 1
        key = (obj.get("context"), obj["text"])
        if key in seen_text:
            problems.append(f"{where}: duplicate text (first at line {seen_text[key]})")
        seen_text.setdefault(key, n)
        if label == "not_secret":
            if obj["secret"] is not None:
                problems.append(f"{where}: not_secret line must have secret null")
            if "secrets" in obj:
                problems.append(f"{where}: not_secret line must not have secrets")
            continue
        for s in secrets_of(obj, where, problems):
            if s in seen_secret:
                problems.append(f"{where}: password {s!r} already used at line {seen_secret[s]}")
            seen_secret.setdefault(s, n)
    return lang, counts, kinds


def check_set(folder, min_secret, min_not_secret, files=None):
    """Checks the set in `folder` (or only `files`, names resolved inside it); prints the counts
    table and the problems; returns the exit status."""
    whole = not files
    if whole:
        files = sorted(glob.glob(os.path.join(folder, "*.jsonl")))
    # a bare name like fr.jsonl (or fr) resolves inside the folder
    files = [f if os.path.exists(f) else os.path.join(folder, f if f.endswith(".jsonl") else f + ".jsonl")
             for f in files]
    if not files:
        print(f"no .jsonl files found in {folder}", file=sys.stderr)
        return 1
    problems = []
    rows = []
    for path in files:
        if not os.path.exists(path):
            problems.append(f"{path}: no such file")
            continue
        lang, counts, kinds = check_file(path, problems)
        rows.append((lang, counts, kinds))
        if lang not in LANGS:
            problems.append(f"{path}: unexpected language file")
        if counts["secret"] < min_secret:
            problems.append(f"{path}: only {counts['secret']} secret lines (< {min_secret})")
        if counts["not_secret"] < min_not_secret:
            problems.append(f"{path}: only {counts['not_secret']} not_secret lines (< {min_not_secret})")
    if whole:
        present = {lang for lang, _, _ in rows}
        problems += [f"{folder}: {lang}.jsonl missing" for lang in LANGS if lang not in present]
    print(f"{'lang':<9} {'secret':>6} {'not_secret':>10} {'total':>6}  kinds")
    tot = {"secret": 0, "not_secret": 0}
    for lang, c, kinds in rows:
        tot["secret"] += c["secret"]
        tot["not_secret"] += c["not_secret"]
        ks = " ".join(f"{k}={v}" for k, v in sorted(kinds.items()))
        print(f"{lang:<9} {c['secret']:>6} {c['not_secret']:>10} {c['secret'] + c['not_secret']:>6}  {ks}")
    print(f"{'TOTAL':<9} {tot['secret']:>6} {tot['not_secret']:>10} {tot['secret'] + tot['not_secret']:>6}")
    for p in problems:
        print("PROBLEM:", p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("OK")
    return 0


def main(argv=None, folder=None, min_secret=None, min_not_secret=None):
    """Command line; a set's own script passes its folder and minimums as defaults."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    if folder is None:
        ap.add_argument("folder")
    ap.add_argument("files", nargs="*")
    ap.add_argument("--min-secret", type=int, default=min_secret, required=min_secret is None)
    ap.add_argument("--min-not-secret", type=int, default=min_not_secret, required=min_not_secret is None)
    args = ap.parse_args(argv)
    return check_set(folder or args.folder, args.min_secret, args.min_not_secret, args.files)


if __name__ == "__main__":
    sys.exit(main())
