//! From a raw message to the texts to scan: the subject and every text part, decoded by mail-parser
//! (MIME multipart, quoted-printable, base64, RFC 2047 headers, charsets), HTML reduced to text, text
//! attachments included, nested messages followed. Other attachments are counted, not scanned.

use mail_parser::decoders::html::html_to_text;
use mail_parser::{Message, MessageParser, MimeHeaders, PartType};

/// One text to scan, with where it came from (shown in reasons and logs, never the content).
#[derive(Debug, Clone)]
pub struct TextPart {
    /// `subject`, `body`, `body (html)`, `attachment notes.txt`, `attached message body`...
    pub label: String,
    /// The decoded text.
    pub text: String,
}

/// What a message holds, ready to scan.
#[derive(Debug, Default)]
pub struct Extracted {
    /// The `Message-ID` header, if any.
    pub message_id: Option<String>,
    /// The decoded subject (also the first of `parts`).
    pub subject: Option<String>,
    /// Every text to scan, the subject first.
    pub parts: Vec<TextPart>,
    /// Attachments that are not text (images, archives, office files...): not scanned.
    pub skipped_attachments: usize,
    /// Parts that could not be decoded (bad base64, unterminated multipart, nesting too deep): the
    /// message cannot be vouched for, so the fail-safe choice applies unless a secret was found anyway.
    pub problems: Vec<String>,
}

/// Nested messages deeper than this are not followed (mail-parser itself stops at 3).
const MAX_DEPTH: usize = 4;

/// Splits a raw message (headers, blank line, body) into the texts to scan.
pub fn extract(raw: &[u8], text_extensions: &[String]) -> Extracted {
    let mut out = Extracted::default();
    let Some(msg) = MessageParser::default().parse(raw) else {
        // No header at all: scan the bytes as they are, and say so.
        out.problems.push("no message headers".into());
        out.parts.push(TextPart {
            label: "raw message".into(),
            text: String::from_utf8_lossy(raw).into_owned(),
        });
        return out;
    };
    out.message_id = msg.message_id().map(clean_label);
    out.subject = msg.subject().map(str::to_string);
    walk(&msg, "", 0, text_extensions, &mut out);
    out
}

/// The `Message-ID` of a header block, for messages too large to parse whole.
pub fn message_id_of_headers(headers: &[u8]) -> Option<String> {
    MessageParser::default()
        .parse_headers(headers)
        .and_then(|m| m.message_id().map(clean_label))
}

fn walk(msg: &Message<'_>, prefix: &str, depth: usize, exts: &[String], out: &mut Extracted) {
    if let Some(s) = msg.subject() {
        if !s.trim().is_empty() {
            out.parts.push(TextPart {
                label: format!("{prefix}subject"),
                text: s.to_string(),
            });
        }
    }
    for (i, part) in msg.parts.iter().enumerate() {
        let is_attachment = msg.attachments.contains(&(i as u32));
        let name = part.attachment_name().map(clean_label);
        let label = match (&name, is_attachment) {
            (Some(n), _) => format!("{prefix}attachment {n}"),
            (None, true) => format!("{prefix}attachment #{i}"),
            (None, false) => format!("{prefix}body"),
        };
        if part.is_encoding_problem {
            out.problems.push(format!("undecodable part ({label})"));
        }
        match &part.body {
            PartType::Multipart(_) => {}
            PartType::Text(t) => out.parts.push(TextPart {
                label,
                text: t.to_string(),
            }),
            PartType::Html(h) => {
                out.parts.push(TextPart {
                    label: format!("{label} (html)"),
                    text: html_to_text(h),
                });
            }
            PartType::Binary(b) | PartType::InlineBinary(b) => {
                let texty = name.as_deref().is_some_and(|n| has_text_extension(n, exts))
                    || part.content_type().is_some_and(|ct| {
                        let sub = ct.subtype().unwrap_or("").to_ascii_lowercase();
                        ct.ctype().eq_ignore_ascii_case("text")
                            || matches!(
                                sub.as_str(),
                                "json" | "xml" | "x-sh" | "x-yaml" | "yaml" | "toml" | "sql"
                            )
                    });
                if texty && looks_like_text(b) {
                    out.parts.push(TextPart {
                        label,
                        text: String::from_utf8_lossy(b).into_owned(),
                    });
                } else {
                    out.skipped_attachments += 1;
                }
            }
            PartType::Message(m) => {
                if depth + 1 >= MAX_DEPTH {
                    out.problems
                        .push(format!("message nesting deeper than {MAX_DEPTH} ({label})"));
                } else {
                    let p = format!("{prefix}attached message ");
                    walk(m, &p, depth + 1, exts, out);
                }
            }
        }
    }
}

fn has_text_extension(name: &str, exts: &[String]) -> bool {
    let lower = name.to_ascii_lowercase();
    let base = lower.rsplit(['/', '\\']).next().unwrap_or(&lower);
    // `.env`, `.npmrc`, `Dockerfile`: the whole name counts as the extension too.
    let whole = base.trim_start_matches('.');
    let ext = base.rsplit_once('.').map(|(_, e)| e).unwrap_or(whole);
    exts.iter().any(|e| e == ext || e == whole)
}

/// No NUL byte in the first 8 KiB and mostly valid UTF-8: a text file, whatever its content type says.
fn looks_like_text(b: &[u8]) -> bool {
    let head = &b[..b.len().min(8192)];
    if head.contains(&0) {
        return false;
    }
    let lossy = String::from_utf8_lossy(head);
    let bad = lossy.chars().filter(|&c| c == '\u{FFFD}').count();
    bad * 20 <= lossy.chars().count().max(1)
}

/// Printable ASCII only, at most 80 characters: safe in an SMTP reply, a header and a log line.
pub fn clean_label(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .filter(|&c| c != '%' && c != ';' && c != '"')
        .take(80)
        .collect();
    if s.chars().count() > 80 {
        out.push_str("...");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exts() -> Vec<String> {
        crate::settings::DEFAULT_TEXT_EXTENSIONS
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn multipart_base64_html_qp_and_attachments() {
        let raw = b"From: a@example.org\r\nTo: b@example.org\r\nSubject: =?utf-8?q?caf=C3=A9?=\r\n\
Message-ID: <m1@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n\
--XX\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
d=E9j=E0 vu\r\n--XX\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n\
PHA+aGVsbG8gPGI+d29ybGQ8L2I+PC9wPg==\r\n--XX\r\nContent-Type: application/octet-stream; name=\"prod.env\"\r\n\
Content-Disposition: attachment; filename=\"prod.env\"\r\nContent-Transfer-Encoding: base64\r\n\r\nREJfVVNFUj1hcHAK\r\n\
--XX\r\nContent-Type: image/png; name=\"a.png\"\r\nContent-Disposition: attachment; filename=\"a.png\"\r\n\
Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgoAAAANSUhEUgAA\r\n--XX--\r\n";
        let e = extract(raw, &exts());
        assert_eq!(e.message_id.as_deref(), Some("m1@example.org"));
        assert_eq!(e.subject.as_deref(), Some("café"));
        let find = |l: &str| {
            e.parts
                .iter()
                .find(|p| p.label == l)
                .map(|p| p.text.trim().to_string())
        };
        assert_eq!(find("body").as_deref(), Some("déjà vu"));
        assert_eq!(find("body (html)").as_deref(), Some("hello world"));
        assert_eq!(find("attachment prod.env").as_deref(), Some("DB_USER=app"));
        assert_eq!(e.skipped_attachments, 1);
        assert!(e.problems.is_empty(), "{:?}", e.problems);
    }

    #[test]
    fn text_extensions() {
        let x = exts();
        assert!(has_text_extension(".env", &x));
        assert!(has_text_extension("config/app.YAML", &x));
        assert!(has_text_extension("Dockerfile", &x));
        assert!(!has_text_extension("photo.jpg", &x));
        assert!(!has_text_extension("report.pdf", &x));
    }

    #[test]
    fn labels_are_safe() {
        assert_eq!(clean_label("a%b;c\"d\r\né"), "abcd???");
    }
}
