#!/usr/bin/env python3
"""Check the prose password corpus (the development set): every tests/prose/*.jsonl file.

Usage: python3 tests/prose/check_corpus.py [--min-secret 45] [--min-not-secret 200] [files...]

The checks are those of tests/check_prose_set.py, shared with the held-out set.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from check_prose_set import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(folder=HERE, min_secret=45, min_not_secret=200))
