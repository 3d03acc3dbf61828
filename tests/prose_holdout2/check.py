#!/usr/bin/env python3
"""Validate the second held-out prose set: every <lang>.jsonl in this folder, at least 20 secret
and 40 not_secret messages per language.

The checks are those of tests/check_prose_set.py, shared with the development set.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from check_prose_set import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(folder=HERE, min_secret=20, min_not_secret=40))
