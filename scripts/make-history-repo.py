#!/usr/bin/env python3
"""Builds a git repository with a long history of real text, for the history-scan benchmark.

Usage: make-history-repo.py DEST [--stdlib DIR] [--edits N]

Phase 1 commits the text files of a CPython standard library (default: the one this Python runs),
one file per commit. Phase 2 makes N edit commits (default 3500): each one deletes, inserts (lines
copied from another file) or rewrites a few lines of one file, so files get many versions, as in a
real project. A few secrets are planted; two of them are deleted again a few commits later (a history
scan must still find them). Everything is deterministic (fixed seed, fixed dates), written with
`git fast-import`, then packed with `git gc`. Planted secrets are printed as JSON on stdout.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import sysconfig
import zlib

B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
EXTS = (".py", ".txt", ".cfg", ".rst", ".html", ".json", ".xml")


def github_token(rng):
    """A ghp_ token with a valid CRC32 checksum (made up, not a real credential)."""
    body = "".join(rng.choice(B62) for _ in range(30))
    n = zlib.crc32(body.encode())
    check = ""
    for _ in range(6):
        check = B62[n % 62] + check
        n //= 62
    return "ghp_" + body + check


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dest")
    ap.add_argument("--stdlib", default=sysconfig.get_paths()["stdlib"])
    ap.add_argument("--edits", type=int, default=3500)
    a = ap.parse_args()
    rng = random.Random(4)
    files = []
    for root, dirs, names in os.walk(a.stdlib):
        dirs[:] = sorted(d for d in dirs if d not in ("site-packages", "__pycache__"))
        for n in sorted(names):
            if n.endswith(EXTS):
                p = os.path.join(root, n)
                try:
                    with open(p, encoding="utf-8") as f:
                        files.append((os.path.relpath(p, a.stdlib), f.read().splitlines(True)))
                except (UnicodeDecodeError, OSError):
                    pass
    subprocess.run(["git", "init", "-q", "-b", "main", a.dest], check=True)
    fi = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=a.dest, stdin=subprocess.PIPE)
    out = fi.stdin
    t0 = 1_700_000_000
    state = {}  # path -> lines
    planted = []
    commit_no = 0

    def commit(path, lines, msg):
        nonlocal commit_no
        commit_no += 1
        data = "".join(lines).encode("utf-8")
        who = ["Ada Lovelace <ada@example.org>", "Alan Turing <alan@example.org>", "Grace Hopper <grace@example.org>"][commit_no % 3]
        when = t0 + commit_no * 600
        m = msg.encode()
        out.write(b"commit refs/heads/main\n")
        out.write(f"mark :{commit_no}\nauthor {who} {when} +0000\ncommitter {who} {when} +0000\n".encode())
        out.write(b"data %d\n%s\n" % (len(m), m))
        if commit_no > 1:
            out.write(f"from :{commit_no - 1}\n".encode())
        out.write(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
        state[path] = lines

    for path, lines in files:
        commit(path, lines, f"Add {path}")
    paths = sorted(state)
    plan = {500: "add-A", 503: "del-A", 1500: "add-B", 3200: "add-C", 3203: "del-C", 3400: "add-D"}
    where = {}
    for i in range(a.edits):
        step = len(files) + i
        action = plan.get(i)
        if action and action.startswith("add"):
            key = action[-1]
            path = rng.choice([p for p in paths if p.endswith(".py")])
            lines = list(state[path])
            at = rng.randrange(len(lines) + 1)
            tok = github_token(rng)
            lines.insert(at, f'DEPLOY_TOKEN_{key} = "{tok}"\n')
            where[key] = (path, tok)
            planted.append({"secret": key, "token_prefix": tok[:8], "path": path, "commit_number": step + 1, "deleted_later": key in "AC"})
            commit(path, lines, f"Configure deploy {key}")
            continue
        if action and action.startswith("del"):
            path, tok = where[action[-1]]
            commit(path, [l for l in state[path] if tok not in l], "Remove token")
            continue
        path = rng.choice(paths)
        lines = list(state[path])
        kind = rng.random()
        at = rng.randrange(max(1, len(lines)))
        if kind < 0.35 and len(lines) > 5:
            del lines[at:at + rng.randint(1, 15)]
        elif kind < 0.7:
            donor = state[rng.choice(paths)]
            s = rng.randrange(max(1, len(donor)))
            lines[at:at] = donor[s:s + rng.randint(1, 20)]
        else:
            for j in range(at, min(len(lines), at + rng.randint(1, 4))):
                lines[j] = lines[j].rstrip("\n") + "  # revised\n"
        commit(path, lines, f"Edit {path}")
    out.close()
    if fi.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "gc", "-q"], cwd=a.dest, check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=a.dest, check=True)
    json.dump({"commits": commit_no, "files": len(files), "planted": planted}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
