#!/usr/bin/env python3
"""Accuracy of leakguard and peer scanners on each file of ../shared/corpus, in one run, with the
shared scorer (../shared/tools/eval.py). Prints a markdown table: recall on `secret` cases and false
positives on `not_secret` cases, per corpus file (gitleaks.jsonl also without its generated cases).

  scripts/bench_accuracy.py [--bin target/release/leakguard] [--tools leakguard,gitleaks,...]
                            [--corpus DIR] [--arg ARG]...
"""
import argparse, json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(ROOT, "..", "shared")
TOOLS = ["leakguard", "gitleaks", "betterleaks", "kingfisher", "detect-secrets", "secretlint"]
FILES = ["gitleaks", "noseyparker", "detect-secrets", "secretlint"]


def run(tool, path, binary, extra, no_generated=False):
    cmd = [sys.executable, os.path.join(SHARED, "tools", "eval.py"), "--tool", tool, "--json"]
    if tool == "leakguard":
        cmd += ["--bin", binary] + [a for x in extra for a in ("--arg", x)]
    if no_generated:
        cmd.append("--no-generated")
    p = subprocess.run(cmd + [path], capture_output=True, text=True)
    if p.returncode != 0:
        return None
    return json.loads(p.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "leakguard"))
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--corpus", default=os.path.join(SHARED, "corpus"))
    ap.add_argument("--arg", action="append", default=[])
    a = ap.parse_args()
    cols = []
    for f in FILES:
        cols.append((f"{f}.jsonl", f, False))
        if f == "gitleaks":
            cols.append(("gitleaks.jsonl (not generated)", f, True))
    rows = []
    for tool in a.tools.split(","):
        cells = []
        for _, f, nog in cols:
            r = run(tool, os.path.join(a.corpus, f + ".jsonl"), a.bin, a.arg, nog)
            cells.append("failed" if r is None else
                         f"{r['recall']:.1f}% / {r['fp_rate']:.1f}%")
            print(f"{tool} {f}{' (not generated)' if nog else ''}: {r}", file=sys.stderr)
        rows.append((tool, cells))
    print("| tool | " + " | ".join(c[0] for c in cols) + " |")
    print("|---|" + "---|" * len(cols))
    for tool, cells in rows:
        print(f"| {tool} | " + " | ".join(cells) + " |")
    print("\nEach cell: recall on `secret` cases / false positives on `not_secret` cases.")


if __name__ == "__main__":
    main()
