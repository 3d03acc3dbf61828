#!/usr/bin/env python3
"""Mail sent through a real Postfix with leakguard-milter (driven by scripts/mail-e2e.sh).

Environment (set by mail-e2e.sh): MAIL_E2E_SMTP_PORT, MAIL_E2E_MAILDIR, MAIL_E2E_WORK, MAIL_E2E_BIN,
MAIL_E2E_RCPT, MAIL_E2E_ON_ERROR (tempfail | accept). LEAKGUARD_REQUIRE_ALL=1 turns expected failures
(detections not landed yet) into failures.
"""

import base64
import email
import email.policy
import os
import smtplib
import subprocess
import sys
import time
import uuid
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

PORT = int(os.environ["MAIL_E2E_SMTP_PORT"])
MAILDIR = os.environ["MAIL_E2E_MAILDIR"]
WORK = os.environ["MAIL_E2E_WORK"]
BIN = os.environ["MAIL_E2E_BIN"]
RCPT = os.environ["MAIL_E2E_RCPT"]
ON_ERROR = os.environ.get("MAIL_E2E_ON_ERROR", "tempfail")
REQUIRE_ALL = os.environ.get("LEAKGUARD_REQUIRE_ALL") == "1"
SENDER = "alice@leakguard.test"

# Made-up secrets, random bodies (not the documented placeholders).
GH = "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"
PG = "postgres://app:Xk9vQ2mLp7Rt@db.example.net/orders"
AWS = "AKIAR7QW2XM5TB4KZV6N"
PROSE_PW = "Gendarme75!"
SECRETS = [GH, "Xk9vQ2mLp7Rt", AWS, PROSE_PW, "Tr0mbone-Velours-88"]

failures = []
xfails = []
sent_to_milter = 0


def check(name, cond, detail=""):
    if cond:
        print(f"  ok   {name}")
    else:
        print(f"  FAIL {name} {detail}")
        failures.append(name)


def send(msg, sender=SENDER):
    """Sends a message; returns (code, text) of the final answer: 250 when queued."""
    global sent_to_milter
    raw = msg if isinstance(msg, bytes) else msg.as_bytes()
    sent_to_milter += 1
    with smtplib.SMTP("127.0.0.1", PORT, timeout=60) as s:
        try:
            s.sendmail(sender, [RCPT], raw)
            return 250, ""
        except smtplib.SMTPRecipientsRefused as e:
            code, text = list(e.recipients.values())[0]
            return code, text.decode("utf-8", "replace")
        except smtplib.SMTPResponseException as e:  # data or sender refused
            return e.smtp_code, e.smtp_error.decode("utf-8", "replace")


def delivered(marker, timeout=20.0):
    """The delivered message (email.message) whose Subject carries marker, or None."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for sub in ("new", "cur"):
            d = os.path.join(MAILDIR, sub)
            if not os.path.isdir(d):
                continue
            for name in os.listdir(d):
                with open(os.path.join(d, name), "rb") as f:
                    data = f.read()
                if marker.encode() in data:
                    return email.message_from_bytes(data, policy=email.policy.default)
        time.sleep(0.2)
    return None


def new_marker():
    return "t-" + uuid.uuid4().hex[:12]


def plain(subject, body, sender=SENDER):
    m = EmailMessage()
    m["From"] = sender
    m["To"] = RCPT
    m["Subject"] = subject
    m["Message-ID"] = f"<{uuid.uuid4().hex}@leakguard.test>"
    m.set_content(body)
    return m


def expect_refused(name, msg, must_name):
    code, text = send(msg)
    check(f"{name}: refused 550 5.7.1", code == 550 and "5.7.1" in text, f"got {code} {text!r}")
    check(f"{name}: reason names {must_name!r}", must_name.lower() in text.lower(), f"got {text!r}")
    check(f"{name}: reason does not carry the secret", not any(s in text for s in SECRETS), text)
    return code, text


def offline_decision(msg):
    """What leakguard-milter --check says about a message (1 = would not be accepted)."""
    path = os.path.join(WORK, "offline.eml")
    with open(path, "wb") as f:
        f.write(msg.as_bytes())
    return subprocess.run([BIN, "--check", path], capture_output=True).returncode


def malformed_messages():
    """MIME that cannot be decoded whole: the fail-safe choice applies (and the milter must survive)."""
    mk = lambda: new_marker()
    out = []
    # 1. Messages nested deeper than the parser follows (message/rfc822 in message/rfc822 ...).
    m = mk()
    inner = b"From: x@leakguard.test\r\nSubject: innermost\r\n\r\nhello\r\n"
    for i in range(7):
        inner = (
            b"From: x@leakguard.test\r\nSubject: level %d\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n" % i
            + base64.encodebytes(inner).replace(b"\n", b"\r\n")
        )
    raw = (
        f"From: {SENDER}\r\nTo: {RCPT}\r\nSubject: malformed nesting {m}\r\nMessage-ID: <{m}@leakguard.test>\r\n"
    ).encode() + inner.split(b"\r\n", 2)[2]
    out.append(("deep nesting", m, raw))
    # 2. A base64 part that is not base64, in a multipart whose closing boundary never comes.
    m = mk()
    raw = (
        f"From: {SENDER}\r\nTo: {RCPT}\r\nSubject: malformed base64 {m}\r\nMessage-ID: <{m}@leakguard.test>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
        "--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        "@@@@ this is ### not base64 at all !!! ~~~~\r\n\x00\x01\x02 binary junk\r\n"
        "--b1\r\nContent-Type: multipart/alternative; boundary=\"never-closed\"\r\n\r\n"
        "--never-closed\r\nContent-Type: text/html\r\n\r\n<p>unterminated\r\n"
    ).encode()
    out.append(("bad base64, unclosed multipart", m, raw))
    return out


def main():
    print(f"-- sending through Postfix 127.0.0.1:{PORT}, fail-safe {ON_ERROR}")

    # A harmless mail is delivered to the local Maildir, tagged clean.
    mk = new_marker()
    code, text = send(plain(f"Lunch {mk}", "See you at noon at the usual place.\nBring the quarterly report.\n"))
    check("harmless mail accepted", code == 250, f"{code} {text}")
    got = delivered(mk)
    check("harmless mail delivered to the Maildir on disk", got is not None)
    if got is not None:
        check("delivered mail has X-Leakguard: clean", str(got.get("X-Leakguard", "")).startswith("clean"), str(got.get("X-Leakguard")))

    # Passwords the current rules catch.
    expect_refused("GitHub token", plain(f"deploy {new_marker()}", f"Use this token for the deploy: {GH}\n"), "GitHub")
    expect_refused(
        "connection string",
        plain(f"database {new_marker()}", f"The app connects with {PG} from tomorrow.\n"),
        "connection",
    )

    # The French prose password: needs the prose detector (lands during the session).
    prose = plain(f"serveur {new_marker()}", "Bonjour,\n\nvoici le mot de passe du serveur : Gendarme75!\n\nCordialement\n")
    if offline_decision(prose) == 1 or REQUIRE_ALL:
        expect_refused("prose password (fr)", prose, "password")
    else:
        code, text = send(prose)
        xfails.append("prose password (fr): the prose detector does not catch it yet")
        print(f"  XFAIL prose password (fr): not detected yet (answer {code})")

    # An AWS key in a base64-encoded HTML part of a multipart/alternative message.
    mk = new_marker()
    alt = MIMEMultipart("alternative")
    alt["From"], alt["To"], alt["Subject"] = SENDER, RCPT, f"keys {mk}"
    alt.attach(MIMEText("See the HTML version.\n", "plain", "utf-8"))
    html = MIMEText(f"<html><body><p>Access key: <b>{AWS}</b></p></body></html>", "html", "utf-8")
    alt.attach(html)
    raw = alt.as_bytes()
    check("the HTML part is base64 on the wire", b"Content-Transfer-Encoding: base64" in raw and AWS.encode() not in raw)
    expect_refused("AWS key in base64 HTML", raw, "AWS")

    # A text attachment (.env) with a password; a PDF next to it is skipped.
    mk = new_marker()
    mixed = MIMEMultipart()
    mixed["From"], mixed["To"], mixed["Subject"] = SENDER, RCPT, f"config {mk}"
    mixed.attach(MIMEText("Config attached.\n", "plain", "utf-8"))
    env = MIMEApplication(f"DB_HOST=db.internal\nDATABASE_URL={PG}\n".encode(), "octet-stream")
    env.add_header("Content-Disposition", "attachment", filename="prod.env")
    mixed.attach(env)
    pdf = MIMEApplication(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "pdf")
    pdf.add_header("Content-Disposition", "attachment", filename="report.pdf")
    mixed.attach(pdf)
    expect_refused(".env attachment", mixed.as_bytes(), "prod.env")

    # Exempt sender: delivered, tagged exempt.
    mk = new_marker()
    code, text = send(plain(f"backup {mk}", f"token {GH}\n", sender="backup-robot@leakguard.test"), sender="backup-robot@leakguard.test")
    check("exempt sender accepted", code == 250, f"{code} {text}")
    got = delivered(mk)
    check("exempt mail delivered, tagged exempt", got is not None and str(got.get("X-Leakguard", "")).startswith("exempt"))

    # Malformed MIME and a message over the milter's size limit: the fail-safe choice.
    big_mk = new_marker()
    big = plain(f"big {big_mk}", ("All work and no play makes Jack a dull boy.\n" * 8000))  # ~350 KB > 300 KB
    cases = malformed_messages() + [("over the size limit", big_mk, big.as_bytes())]
    for name, mk, raw in cases:
        code, text = send(raw)
        if ON_ERROR == "tempfail":
            check(f"{name}: tempfail 451 4.7.1 (fail-safe)", code == 451 and "4.7.1" in text, f"got {code} {text!r}")
        else:
            check(f"{name}: accepted (fail-safe)", code == 250, f"got {code} {text!r}")
            got = delivered(mk)
            hdr = str(got.get("X-Leakguard", "")) if got is not None else ""
            check(f"{name}: delivered with X-Leakguard: unscanned", hdr.startswith("unscanned"), hdr)

    # The milter survived all of it.
    mk = new_marker()
    code, text = send(plain(f"after {mk}", "Still there?\n"))
    check("milter still answers after the malformed mail", code == 250 and delivered(mk) is not None, f"{code} {text}")

    # The log: one line per message, never a secret.
    time.sleep(0.3)
    with open(os.path.join(WORK, "milter.log"), encoding="utf-8", errors="replace") as f:
        log = f.read()
    lines = [l for l in log.splitlines() if "queue_id=" in l]
    check("one log line per message", len(lines) == sent_to_milter, f"{len(lines)} lines for {sent_to_milter} messages")
    check("no secret in the milter log", not any(s in log for s in SECRETS))
    with open(os.path.join(WORK, "maillog"), encoding="utf-8", errors="replace") as f:
        maillog = f.read()
    check("no secret in the Postfix log", not any(s in maillog for s in SECRETS))
    check("no panic", "panic" not in log)

    # The milter goes down: Postfix applies milter_default_action (set to match on_error). No mail is lost:
    # tempfail leaves it with the sender's server for a retry; accept delivers it (unscanned, no header).
    pid = int(os.environ.get("MAIL_E2E_MILTER_PID", "0"))
    if pid:
        os.kill(pid, 15)
        time.sleep(0.5)
        mk = new_marker()
        code, text = send(plain(f"milter down {mk}", "Is anyone filtering?\n"))
        if ON_ERROR == "tempfail":
            check("milter down: Postfix answers 451 (milter_default_action = tempfail)", code == 451, f"{code} {text}")
        else:
            got = delivered(mk)
            check("milter down: delivered (milter_default_action = accept)", code == 250 and got is not None, f"{code} {text}")

    for x in xfails:
        print(f"  (expected failure: {x})")
    if failures:
        print(f"mail-e2e: {len(failures)} failure(s): {failures}")
        print("---- milter log tail"); print("\n".join(log.splitlines()[-20:]))
        sys.exit(1)
    print(f"-- {sent_to_milter} messages, all checks passed ({len(xfails)} expected failure(s))")


def quarantine_phase():
    """on_block = "quarantine": the message is accepted into Postfix's hold queue, not delivered."""
    print(f"-- sending through Postfix 127.0.0.1:{PORT}, on_block quarantine")
    mk = new_marker()
    code, text = send(plain(f"held {mk}", f"token {GH}\n"))
    check("quarantine: accepted by SMTP", code == 250, f"{code} {text}")
    hold = os.path.join(WORK, "queue", "hold")
    deadline = time.time() + 10
    held = []
    while time.time() < deadline and not held:
        held = os.listdir(hold) if os.path.isdir(hold) else []
        time.sleep(0.2)
    check("quarantine: in the hold queue", len(held) == 1, str(held))
    check("quarantine: not delivered", delivered(mk, timeout=2) is None)
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    if os.environ.get("MAIL_E2E_ONLY") == "quarantine":
        quarantine_phase()
    else:
        main()
