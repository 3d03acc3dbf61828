#!/usr/bin/env python3
"""Regenerates rules/words/<lang>.txt: the most frequent words of each language, used by the prose
password detector to tell ordinary words ("dans", "correct", "falsch") from passwords, and to guess
the language of a message.

Source: wordfreq 3.1.1 (https://github.com/rspeer/wordfreq), `pip install wordfreq==3.1.1`.
Its code is Apache-2.0; its word-frequency data is CC BY-SA 4.0 (see wordfreq's README), so these
lists are CC BY-SA 4.0 too. Run from the repository root: python3 rules/words/generate.py
"""
import os
import unicodedata

import wordfreq

# language code of rules/lang-<code>.toml -> (wordfreq code, how many words)
LANGS = {
    "en": ("en", 8000), "fr": ("fr", 5000), "de": ("de", 5000), "es": ("es", 5000), "it": ("it", 5000),
    "pt": ("pt", 5000), "nl": ("nl", 5000), "pl": ("pl", 5000), "ru": ("ru", 5000), "uk": ("uk", 5000),
    "ar": ("ar", 3000), "tr": ("tr", 5000), "hi": ("hi", 3000), "sv": ("sv", 5000), "cs": ("cs", 5000),
    "ro": ("ro", 5000), "el": ("el", 4000), "he": ("he", 3000), "id": ("id", 5000), "vi": ("vi", 3000),
}

HERE = os.path.dirname(os.path.abspath(__file__))


def keep(w):
    # Letters only (apostrophes inside allowed), at least 2 characters. Numbers, mixed tokens
    # and punctuation are never "ordinary words" for the detector.
    core = w.replace("'", "")
    return len(core) >= 2 and all(unicodedata.category(c)[0] in "LM" for c in core)


def main():
    for code, (wf, n) in LANGS.items():
        words = [w for w in wordfreq.top_n_list(wf, n * 2) if keep(w)][:n]
        words = [unicodedata.normalize("NFC", w) for w in words]
        path = os.path.join(HERE, f"{code}.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"# {code}: top {len(words)} words of wordfreq 3.1.1 (CC BY-SA 4.0), by frequency\n")
            for w in words:
                f.write(w + "\n")
        print(code, len(words))


if __name__ == "__main__":
    main()
