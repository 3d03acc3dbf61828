//! Scanning the extracted texts and turning the result into what the milter tells the MTA.

use leakguard_core::{Action, Scanner};

use crate::extract::{clean_label, extract, Extracted};
use crate::settings::{Act, MilterSettings, OnError};

/// The scan of one message. Holds rule ids and names and where they were found, never a secret.
#[derive(Debug, Default)]
pub struct Report {
    /// The `Message-ID` header.
    pub message_id: Option<String>,
    /// Block, warn or allow, over every part.
    pub action: Option<Action>,
    /// Rule ids hit, first-seen order, unique.
    pub rule_ids: Vec<String>,
    /// Their human names, same order.
    pub rule_names: Vec<String>,
    /// Labels of the parts with findings at or above the warn threshold.
    pub locations: Vec<String>,
    /// Texts scanned (subject and parts).
    pub parts_scanned: usize,
    /// Non-text attachments skipped.
    pub skipped_attachments: usize,
    /// Undecodable parts.
    pub problems: Vec<String>,
}

/// Extracts and scans a raw message.
pub fn analyze(scanner: &Scanner, raw: &[u8], text_extensions: &[String]) -> Report {
    let ex: Extracted = extract(raw, text_extensions);
    let policy = scanner.policy();
    let mut r = Report {
        message_id: ex.message_id.clone(),
        parts_scanned: ex.parts.len(),
        skipped_attachments: ex.skipped_attachments,
        problems: ex.problems.clone(),
        ..Report::default()
    };
    let mut action = Action::Allow;
    for part in &ex.parts {
        // The subject is the context of the body: "Subject: the wifi password" / body "Sunflower2024!".
        let previous = if part.label.ends_with("subject") {
            None
        } else {
            ex.subject.as_deref()
        };
        let findings = scanner.scan_message(&part.text, previous);
        let mut part_hit = false;
        for f in &findings {
            let a = if f.confidence >= policy.block_at {
                Action::Block
            } else if f.confidence >= policy.warn_at {
                Action::Warn
            } else {
                continue;
            };
            action = action.max(a);
            part_hit = true;
            if !r.rule_ids.contains(&f.rule_id) {
                r.rule_ids.push(f.rule_id.clone());
                r.rule_names.push(clean_label(&f.rule_name));
            }
        }
        if part_hit && !r.locations.contains(&part.label) {
            r.locations.push(part.label.clone());
        }
    }
    r.action = Some(action);
    r
}

/// Why a message was or was not scanned.
#[derive(Debug)]
pub enum Outcome {
    /// Scanned.
    Scanned(Report),
    /// Exempt by sender, recipients or domain.
    Exempt(&'static str),
    /// Not scanned: over the size limit, internal error, timeout. The text is safe to log.
    Unscanned(String),
}

/// What to tell the MTA.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The action taken (for the log).
    pub act: Act,
    /// The verdict or cause (for the log): clean, warn, block, exempt, unscanned.
    pub verdict: &'static str,
    /// A header value to add (`X-Leakguard: ...`), for accepted and quarantined messages.
    pub header: Option<String>,
    /// For reject and tempfail: the SMTP code, enhanced code and text.
    pub reply: Option<(&'static str, &'static str, String)>,
    /// The text given to the quarantine (Postfix hold queue).
    pub quarantine: Option<String>,
    /// The reason, safe to show and log.
    pub reason: String,
}

/// Decides on an outcome with the settings.
pub fn decide(m: &MilterSettings, outcome: &Outcome) -> Decision {
    match outcome {
        Outcome::Exempt(why) => Decision {
            act: Act::Accept,
            verdict: "exempt",
            header: m
                .tag_clean
                .then(|| format!("exempt; by={}", why.replace(' ', "-"))),
            reply: None,
            quarantine: None,
            reason: format!("exempt ({why})"),
        },
        Outcome::Unscanned(why) => fail_safe(m, why),
        Outcome::Scanned(r) => {
            let action = r.action.unwrap_or(Action::Allow);
            if action != Action::Block && !r.problems.is_empty() {
                return fail_safe(m, &format!("malformed MIME: {}", r.problems.join(", ")));
            }
            let summary = format!(
                "parts={} skipped-attachments={}",
                r.parts_scanned, r.skipped_attachments
            );
            match action {
                Action::Allow => Decision {
                    act: Act::Accept,
                    verdict: "clean",
                    header: m.tag_clean.then(|| format!("clean; {summary}")),
                    reply: None,
                    quarantine: None,
                    reason: "no secret found".into(),
                },
                Action::Warn | Action::Block => {
                    let (act, verdict) = if action == Action::Block {
                        (m.on_block, "block")
                    } else {
                        (m.on_warn, "warn")
                    };
                    let what = r.rule_names.join(", ");
                    let place = r.locations.join(", ");
                    let reason = if action == Action::Block {
                        format!(
                            "leakguard: message refused, it contains a secret: {what} (in {place}). Remove it and share credentials through a password manager"
                        )
                    } else {
                        format!("leakguard: this message may contain a secret: {what} (in {place})")
                    };
                    let header = format!("{verdict}; rules={}; {summary}", r.rule_ids.join(","));
                    act_decision(act, verdict, header, reason)
                }
            }
        }
    }
}

fn act_decision(act: Act, verdict: &'static str, header: String, reason: String) -> Decision {
    let d = Decision {
        act,
        verdict,
        header: None,
        reply: None,
        quarantine: None,
        reason: reason.clone(),
    };
    match act {
        Act::Accept => d,
        Act::Header => Decision {
            header: Some(header),
            ..d
        },
        Act::Quarantine => Decision {
            header: Some(header),
            quarantine: Some(reason),
            ..d
        },
        Act::Tempfail => Decision {
            reply: Some(("451", "4.7.1", reason)),
            ..d
        },
        Act::Reject => Decision {
            reply: Some(("550", "5.7.1", reason)),
            ..d
        },
    }
}

/// The fail-safe choice for a message that could not be vouched for.
pub fn fail_safe(m: &MilterSettings, why: &str) -> Decision {
    let why = clean_label_long(why);
    match m.on_error {
        OnError::Tempfail => Decision {
            act: Act::Tempfail,
            verdict: "unscanned",
            header: None,
            reply: Some((
                "451",
                "4.7.1",
                format!("leakguard: message not scanned ({why}), try again later"),
            )),
            quarantine: None,
            reason: why,
        },
        OnError::Accept => Decision {
            act: Act::Header,
            verdict: "unscanned",
            header: Some(format!("unscanned; reason={why}")),
            reply: None,
            quarantine: None,
            reason: why,
        },
    }
}

/// Like [`clean_label`], up to 400 characters (reasons list several parts).
fn clean_label_long(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .filter(|&c| c != '%' && c != '"')
        .take(400)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::MilterSettings;

    const GH: &str = "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"; // leakguard:allow (made-up test token)

    fn exts() -> Vec<String> {
        MilterSettings::default().text_extensions
    }

    #[test]
    fn token_in_body_is_rejected_without_the_secret() {
        let raw =
            format!("From: a@example.org\r\nSubject: deploy\r\n\r\nuse {GH} for the deploy\r\n");
        let r = analyze(&Scanner::new(), raw.as_bytes(), &exts());
        assert_eq!(r.action, Some(Action::Block));
        let d = decide(&MilterSettings::default(), &Outcome::Scanned(r));
        assert_eq!(d.act, Act::Reject);
        let (code, x, text) = d.reply.expect("reply");
        assert_eq!((code, x), ("550", "5.7.1"));
        assert!(text.contains("(in body)"), "{text}");
        assert!(!text.contains("oe3nfl"), "{text}");
    }

    #[test]
    fn actions_by_config() {
        let raw = format!("Subject: x\r\n\r\n{GH}\r\n");
        let mut m = MilterSettings::default();
        for (act, reply, header) in [
            (Act::Tempfail, Some("451"), false),
            (Act::Quarantine, None, true),
            (Act::Header, None, true),
            (Act::Accept, None, false),
        ] {
            m.on_block = act;
            let r = analyze(&Scanner::new(), raw.as_bytes(), &exts());
            let d = decide(&m, &Outcome::Scanned(r));
            assert_eq!(d.reply.as_ref().map(|r| r.0), reply, "{act:?}");
            assert_eq!(d.header.is_some(), header, "{act:?}");
            assert_eq!(d.quarantine.is_some(), act == Act::Quarantine);
            if let Some(h) = d.header {
                assert!(h.starts_with("block; rules=leakguard."), "{h}");
                assert!(!h.contains("oe3nfl"));
            }
        }
    }

    #[test]
    fn fail_safe_choices() {
        let mut m = MilterSettings::default();
        let d = decide(&m, &Outcome::Unscanned("over the size limit".into()));
        assert_eq!(d.act, Act::Tempfail);
        assert_eq!(d.reply.as_ref().map(|r| r.1), Some("4.7.1"));
        m.on_error = OnError::Accept;
        let d = decide(&m, &Outcome::Unscanned("over the size limit".into()));
        assert_eq!(d.act, Act::Header);
        assert_eq!(
            d.header.as_deref(),
            Some("unscanned; reason=over the size limit")
        );
    }

    #[test]
    fn clean_mail_is_tagged() {
        let r = analyze(
            &Scanner::new(),
            b"Subject: lunch\r\n\r\nSee you at noon.\r\n",
            &exts(),
        );
        let d = decide(&MilterSettings::default(), &Outcome::Scanned(r));
        assert_eq!(d.act, Act::Accept);
        assert_eq!(
            d.header.as_deref(),
            Some("clean; parts=2 skipped-attachments=0")
        );
    }
}
