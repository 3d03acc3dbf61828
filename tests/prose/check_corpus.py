#!/usr/bin/env python3
"""Check the prose password corpus: every tests/prose/*.jsonl file.

Usage: python3 tests/prose/check_corpus.py [--min-secret 45] [--min-not-secret 200] [files...]

Checks, per line: valid JSON object; fields lang/kind/label/text/secret (+ optional context, secrets);
lang equals the file name stem; kind and label in the allowed sets; a `secret` line has a non-empty
`secret` that is an exact substring of `text`; a `not_secret` line has secret null and no `secrets`;
`secrets`, when present, is a list of >= 2 distinct substrings of text whose first item is `secret`.
Per file: no duplicate text (same context + text), no password used twice, and the minimum counts per
label. Prints a table of counts and exits 1 if anything is wrong.
"""
import argparse
import glob
import json
import os
import sys

KINDS = {"chat", "mail", "ticket", "commit", "doc"}
LABELS = {"secret", "not_secret"}
REQUIRED = {"lang", "kind", "label", "text", "secret"}
OPTIONAL = {"context", "secrets", "note"}


def check_file(path, problems):
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
        if not isinstance(obj, dict):
            problems.append(f"{where}: not a JSON object")
            continue
        keys = set(obj)
        if REQUIRED - keys:
            problems.append(f"{where}: missing fields {sorted(REQUIRED - keys)}")
            continue
        if keys - REQUIRED - OPTIONAL:
            problems.append(f"{where}: unknown fields {sorted(keys - REQUIRED - OPTIONAL)}")
        if obj["lang"] != lang:
            problems.append(f"{where}: lang {obj['lang']!r} != file name {lang!r}")
        if obj["kind"] not in KINDS:
            problems.append(f"{where}: kind {obj['kind']!r} not in {sorted(KINDS)}")
        label = obj["label"]
        if label not in LABELS:
            problems.append(f"{where}: label {label!r} not in {sorted(LABELS)}")
            continue
        text = obj["text"]
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: text must be a non-empty string")
            continue
        ctx = obj.get("context")
        if "context" in obj and (not isinstance(ctx, str) or not ctx.strip()):
            problems.append(f"{where}: context, when present, must be a non-empty string")
        counts[label] += 1
        kinds[obj["kind"]] = kinds.get(obj["kind"], 0) + 1
        key = (ctx, text)
        if key in seen_text:
            problems.append(f"{where}: duplicate text (first at line {seen_text[key]})")
        seen_text.setdefault(key, n)
        secret = obj["secret"]
        if label == "not_secret":
            if secret is not None:
                problems.append(f"{where}: not_secret line must have secret null")
            if "secrets" in obj:
                problems.append(f"{where}: not_secret line must not have secrets")
            continue
        if not isinstance(secret, str) or not secret:
            problems.append(f"{where}: secret line needs a non-empty secret string")
            continue
        if secret not in text:
            problems.append(f"{where}: secret {secret!r} is not a substring of text")
        if secret != secret.strip():
            problems.append(f"{where}: secret has surrounding whitespace")
        all_secrets = [secret]
        if "secrets" in obj:
            lst = obj["secrets"]
            if not isinstance(lst, list) or len(lst) < 2 or not all(isinstance(s, str) and s for s in lst):
                problems.append(f"{where}: secrets must be a list of >= 2 non-empty strings")
            else:
                if lst[0] != secret:
                    problems.append(f"{where}: secrets[0] must equal secret")
                if len(set(lst)) != len(lst):
                    problems.append(f"{where}: secrets has duplicates")
                for s in lst:
                    if s not in text:
                        problems.append(f"{where}: secrets item {s!r} is not a substring of text")
                all_secrets = lst
        for s in all_secrets:
            if s in seen_secret:
                problems.append(f"{where}: password {s!r} already used at line {seen_secret[s]}")
            seen_secret.setdefault(s, n)
    return lang, counts, kinds


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--min-secret", type=int, default=45)
    ap.add_argument("--min-not-secret", type=int, default=200)
    args = ap.parse_args()
    files = args.files or sorted(glob.glob(os.path.join(here, "*.jsonl")))
    # a bare name like fr.jsonl (or fr) also resolves inside this folder
    files = [f if os.path.exists(f) else os.path.join(here, f if f.endswith(".jsonl") else f + ".jsonl")
             for f in files]
    if not files:
        print("no .jsonl files found", file=sys.stderr)
        return 1
    problems = []
    rows = []
    for path in files:
        lang, counts, kinds = check_file(path, problems)
        rows.append((lang, counts, kinds))
        if counts["secret"] < args.min_secret:
            problems.append(f"{path}: only {counts['secret']} secret lines (< {args.min_secret})")
        if counts["not_secret"] < args.min_not_secret:
            problems.append(f"{path}: only {counts['not_secret']} not_secret lines (< {args.min_not_secret})")
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


if __name__ == "__main__":
    sys.exit(main())
