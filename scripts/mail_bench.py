#!/usr/bin/env python3
"""Mail throughput and added latency through Postfix, with and without leakguard-milter.

Run by `bash scripts/mail-e2e.sh --bench [N]` (which starts the private Postfix and the milter).
Generates N realistic mails of 2 to 200 KB from real text on the machine (/usr/share/common-licenses,
the Python standard library sources and docs): plain text, multipart/alternative with a base64 HTML
part, multipart/mixed with a text attachment and a binary one. Sends them through SMTP, one run without
the milter (smtpd_milters empty) and one with it, each run twice in alternation: sequentially (one
client: latency) and with 4 concurrent clients (throughput). Checks every mail was accepted.
"""

import base64
import glob
import os
import random
import smtplib
import statistics
import subprocess
import sys
import threading
import time
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

PORT = int(os.environ["MAIL_E2E_SMTP_PORT"])
CONF = os.environ["MAIL_E2E_CONF"]
WORK = os.environ["MAIL_E2E_WORK"]
RCPT = os.environ["MAIL_E2E_RCPT"]
MILTER_ADDR = os.environ["MAIL_E2E_MILTER_ADDR"]
N = int(sys.argv[1]) if len(sys.argv) > 1 else 300
SENDER = "bench@leakguard.test"


def corpus():
    files = sorted(glob.glob("/usr/share/common-licenses/*"))
    files += sorted(glob.glob("/usr/lib/python3*/*.py"))[:400]
    files += sorted(glob.glob("/usr/share/doc/python3*/**/*.txt", recursive=True))[:100]
    texts = []
    for f in files:
        try:
            with open(f, encoding="utf-8") as fh:
                t = fh.read()
        except (OSError, UnicodeDecodeError):
            continue
        if len(t) > 2000:
            texts.append((os.path.basename(f), t))
    return texts


def make_mails(n, seed=7):
    rnd = random.Random(seed)
    texts = corpus()
    big = "\n".join(t for _, t in texts)
    mails = []
    for i in range(n):
        size = int(2048 * (100 ** rnd.random()))  # log-uniform 2 KB .. 200 KB
        kind = rnd.choice(["plain", "plain", "html", "mixed"])
        start = rnd.randrange(0, max(1, len(big) - size))
        body = big[start:start + size]
        subject = f"bench {i} {kind}"
        if kind == "plain":
            m = MIMEText(body, "plain", "utf-8")
        elif kind == "html":
            m = MIMEMultipart("alternative")
            m.attach(MIMEText(body[: size // 2], "plain", "utf-8"))
            paras = "".join(f"<p>{p}</p>\n" for p in body[: size // 2].split("\n\n"))
            m.attach(MIMEText(f"<html><body>{paras}</body></html>", "html", "utf-8"))  # base64 on the wire
        else:
            m = MIMEMultipart()
            m.attach(MIMEText(body[: size // 3], "plain", "utf-8"))
            name, t = rnd.choice(texts)
            att = MIMEApplication(t[: size // 3].encode(), "octet-stream")
            att.add_header("Content-Disposition", "attachment", filename=name + ".txt")
            m.attach(att)
            binary = MIMEApplication(rnd.randbytes(size // 4), "octet-stream")
            binary.add_header("Content-Disposition", "attachment", filename="scan.pdf")
            m.attach(binary)
        m["From"] = SENDER
        m["To"] = RCPT
        m["Subject"] = subject
        m["Message-ID"] = f"<bench-{i}@leakguard.test>"
        mails.append(m.as_bytes())
    return mails


def set_milter(on):
    value = MILTER_ADDR if on else ""
    subprocess.run(["/usr/sbin/postconf", "-c", CONF, "-e", f"smtpd_milters = {value}"], check=True)
    subprocess.run(["/usr/sbin/postfix", "-c", CONF, "reload"], check=True, capture_output=True)
    time.sleep(1.5)  # let the old smtpd processes exit


def run(mails, clients):
    """Sends all mails with `clients` parallel SMTP sessions; returns (seconds, latencies, refused)."""
    lat = []
    refused = []
    lock = threading.Lock()
    chunks = [mails[i::clients] for i in range(clients)]

    def worker(chunk):
        with smtplib.SMTP("127.0.0.1", PORT, timeout=120) as s:
            for raw in chunk:
                t = time.perf_counter()
                try:
                    s.sendmail(SENDER, [RCPT], raw)
                    ok = True
                except smtplib.SMTPResponseException as e:
                    ok = False
                    err = (e.smtp_code, e.smtp_error[:120])
                d = time.perf_counter() - t
                with lock:
                    lat.append(d)
                    if not ok:
                        refused.append(err)

    threads = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0, lat, refused


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(p * len(v)))]


def main():
    mails = make_mails(N)
    sizes = [len(m) for m in mails]
    print(f"milter at {MILTER_ADDR}")
    print(f"{N} mails, {sum(sizes) / 1e6:.1f} MB, {min(sizes) // 1024}-{max(sizes) // 1024} KB "
          f"(median {statistics.median(sizes) / 1024:.0f} KB)")
    results = {}
    for rep in range(2):
        for milter in (False, True):
            set_milter(milter)
            for clients in (1, 4):
                secs, lat, refused = run(mails, clients)
                key = (milter, clients)
                results.setdefault(key, []).append((secs, lat, refused))
                print(f"  rep {rep} milter={'on ' if milter else 'off'} clients={clients}: {N / secs:6.1f} msg/s, "
                      f"p50 {statistics.median(lat) * 1000:6.1f} ms, p95 {pct(lat, 0.95) * 1000:6.1f} ms, "
                      f"refused {len(refused)}")
                if refused:
                    print("    refused:", refused[:3])
    print()
    print("| run | msg/s | p50 latency | p95 latency | refused |")
    print("|---|---|---|---|---|")
    for (milter, clients), rs in sorted(results.items()):
        best = max(rs, key=lambda r: N / r[0])
        lat = [x for r in rs for x in r[1]]
        refused = sum(len(r[2]) for r in rs)
        print(f"| milter {'on' if milter else 'off'}, {clients} client(s) | {N / best[0]:.1f} (best of {len(rs)}) | "
              f"{statistics.median(lat) * 1000:.1f} ms | {pct(lat, 0.95) * 1000:.1f} ms | {refused} |")
    # The milter's own time per message, from its log.
    ms = []
    with open(os.path.join(WORK, "milter.log"), encoding="utf-8", errors="replace") as f:
        for line in f:
            if " ms=" in line:
                ms.append(int(line.split(" ms=")[1].split()[0]))
    if ms:
        print(f"\nmilter scan time per message (its log, {len(ms)} messages): p50 {statistics.median(ms)} ms, "
              f"p95 {pct(ms, 0.95)} ms, max {max(ms)} ms")
    bad = sum(len(r[2]) for rs in results.values() for r in rs)
    if bad:
        print(f"note: {bad} refusals (see above)")


if __name__ == "__main__":
    main()
