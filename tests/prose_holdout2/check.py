#!/usr/bin/env python3
"""Validate the second held-out prose set (tests/prose_holdout2) (stdlib only).

Checks every <lang>.jsonl in this folder: valid JSON objects, known keys, lang matching the
file name, kind/label values, `secret` an exact substring of `text` for label "secret" and null
for "not_secret", `secrets` (if present) a list of substrings starting with `secret`, `context`
a string, no duplicated texts; then prints counts per language and label and checks the minimums
(20 secret / 40 not_secret per language, 26 languages). Exit status 1 on any problem.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LANGS = ("en fr de es it pt-br pt-pt nl pl sv cs ro el ru uk ar tr zh-hans zh-hant "
         "ja ko hi hi-latn he id vi").split()
KINDS = {"chat", "mail", "ticket", "commit", "doc", "sms"}
KEYS = {"lang", "kind", "label", "text", "secret", "secrets", "context"}
MIN_SECRET, MIN_NOT = 20, 40


def check_file(path, lang, problems):
    counts = {"secret": 0, "not_secret": 0}
    seen = set()
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            where = f"{os.path.basename(path)}:{n}"
            if not line.strip():
                problems.append(f"{where}: empty line")
                continue
            try:
                o = json.loads(line)
            except json.JSONDecodeError as e:
                problems.append(f"{where}: invalid JSON ({e})")
                continue
            if not isinstance(o, dict):
                problems.append(f"{where}: not an object")
                continue
            extra = set(o) - KEYS
            if extra:
                problems.append(f"{where}: unknown keys {sorted(extra)}")
            for k in ("lang", "kind", "label", "text", "secret"):
                if k not in o:
                    problems.append(f"{where}: missing key {k}")
            if o.get("lang") != lang:
                problems.append(f"{where}: lang {o.get('lang')!r} != file {lang!r}")
            if o.get("kind") not in KINDS:
                problems.append(f"{where}: bad kind {o.get('kind')!r}")
            text = o.get("text")
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{where}: text must be a non-empty string")
                continue
            if text in seen:
                problems.append(f"{where}: duplicated text")
            seen.add(text)
            if "context" in o and not isinstance(o["context"], str):
                problems.append(f"{where}: context must be a string")
            label, secret = o.get("label"), o.get("secret")
            if label == "secret":
                if not isinstance(secret, str) or not secret:
                    problems.append(f"{where}: secret must be a non-empty string")
                elif secret not in text:
                    problems.append(f"{where}: secret {secret!r} is not a substring of text")
                if "secrets" in o:
                    ss = o["secrets"]
                    if not isinstance(ss, list) or not ss or ss[0] != secret:
                        problems.append(f"{where}: secrets must be a list starting with secret")
                    else:
                        for s in ss:
                            if not isinstance(s, str) or s not in text:
                                problems.append(f"{where}: secrets item {s!r} not in text")
            elif label == "not_secret":
                if secret is not None:
                    problems.append(f"{where}: secret must be null for not_secret")
                if "secrets" in o:
                    problems.append(f"{where}: secrets not allowed for not_secret")
            else:
                problems.append(f"{where}: bad label {label!r}")
                continue
            counts[label] += 1
    return counts


def main():
    problems = []
    table = {}
    files = sorted(f for f in os.listdir(HERE) if f.endswith(".jsonl"))
    for fn in files:
        lang = fn[:-len(".jsonl")]
        if lang not in LANGS:
            problems.append(f"{fn}: unexpected language file")
        table[lang] = check_file(os.path.join(HERE, fn), lang, problems)
    for lang in LANGS:
        if lang not in table:
            problems.append(f"{lang}.jsonl: missing")
            continue
        c = table[lang]
        if c["secret"] < MIN_SECRET:
            problems.append(f"{lang}: only {c['secret']} secret (< {MIN_SECRET})")
        if c["not_secret"] < MIN_NOT:
            problems.append(f"{lang}: only {c['not_secret']} not_secret (< {MIN_NOT})")
    print(f"{'lang':<8} {'secret':>6} {'not_secret':>10} {'total':>6}")
    ts = tn = 0
    for lang in sorted(table):
        c = table[lang]
        ts += c["secret"]; tn += c["not_secret"]
        print(f"{lang:<8} {c['secret']:>6} {c['not_secret']:>10} {c['secret'] + c['not_secret']:>6}")
    print(f"{'total':<8} {ts:>6} {tn:>10} {ts + tn:>6}")
    for p in problems:
        print("PROBLEM:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
