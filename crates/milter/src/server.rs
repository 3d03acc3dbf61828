//! The milter protocol side (indymilter): collects each message, scans it off the async threads,
//! applies the decision, logs one line per message.

use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use indymilter::{
    Actions, Callbacks, Context, ContextActions, EitherListener, EomContext, Listener,
    SetErrorReply, Status,
};
use tokio::net::{TcpListener, UnixListener};

use crate::decide::{analyze, decide, fail_safe, Decision, Outcome};
use crate::extract::{clean_label, message_id_of_headers};
use crate::settings::{Act, OnError, Settings};

/// One SMTP connection's state; the message part is reset at each MAIL FROM.
#[derive(Debug, Default)]
pub struct Session {
    sender: String,
    recipients: Vec<String>,
    headers: Vec<u8>,
    body: Vec<u8>,
    size: u64,
    too_big: bool,
}

impl Session {
    fn reset_message(&mut self) {
        self.sender.clear();
        self.recipients.clear();
        self.headers = Vec::new();
        self.body = Vec::new();
        self.size = 0;
        self.too_big = false;
    }

    fn add(&mut self, max: u64, into_body: bool, data: &[u8]) {
        self.size += data.len() as u64;
        if self.size > max {
            self.too_big = true;
            self.body = Vec::new();
            return;
        }
        if into_body {
            self.body.extend_from_slice(data);
        } else {
            self.headers.extend_from_slice(data);
        }
    }
}

/// Where the milter listens.
pub type MilterListener = EitherListener<NoDelayTcpListener, UnixListener>;

/// A TCP listener tuned for the milter protocol, a ping-pong of small packets (one per header, macro
/// packets written back to back with the next command). Nagle's algorithm is off on our side, and quick
/// ACKs are kept on (Linux) so that Postfix, which has Nagle on, is not left waiting for a delayed ACK
/// before sending its next packet: each such stall cost about 40 ms per message (BENCHMARKS.md).
#[derive(Debug)]
pub struct NoDelayTcpListener(pub TcpListener);

impl Listener for NoDelayTcpListener {
    type Io = QuickAckStream;

    fn poll_accept(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<io::Result<Self::Io>> {
        self.0.poll_accept(cx).map_ok(|(stream, _)| {
            let _ = stream.set_nodelay(true);
            let s = QuickAckStream(stream);
            s.quickack();
            s
        })
    }
}

/// A TCP stream that re-arms TCP_QUICKACK after each read (the kernel turns it off again by itself).
#[derive(Debug)]
pub struct QuickAckStream(tokio::net::TcpStream);

impl QuickAckStream {
    fn quickack(&self) {
        #[cfg(target_os = "linux")]
        {
            let _ = socket2::SockRef::from(&self.0).set_tcp_quickack(true);
        }
    }
}

impl tokio::io::AsyncRead for QuickAckStream {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<io::Result<()>> {
        let r = std::pin::Pin::new(&mut self.0).poll_read(cx, buf);
        if r.is_ready() {
            self.quickack();
        }
        r
    }
}

impl tokio::io::AsyncWrite for QuickAckStream {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<io::Result<usize>> {
        std::pin::Pin::new(&mut self.0).poll_write(cx, buf)
    }
    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<io::Result<()>> {
        std::pin::Pin::new(&mut self.0).poll_flush(cx)
    }
    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<io::Result<()>> {
        std::pin::Pin::new(&mut self.0).poll_shutdown(cx)
    }
}

/// Binds `inet:HOST:PORT`, `inet:PORT@HOST`, `inet6:...`, `unix:PATH`, `local:PATH` or `/PATH`.
/// Returns the listener and the address actually bound (the port filled in when 0 was asked).
pub async fn bind(spec: &str) -> anyhow::Result<(MilterListener, String)> {
    use anyhow::Context as _;
    let spec = spec.trim();
    let unix = spec
        .strip_prefix("unix:")
        .or_else(|| spec.strip_prefix("local:"))
        .or(spec.starts_with('/').then_some(spec));
    if let Some(path) = unix {
        if let Ok(meta) = std::fs::symlink_metadata(path) {
            use std::os::unix::fs::FileTypeExt;
            if meta.file_type().is_socket() {
                std::fs::remove_file(path)
                    .with_context(|| format!("removing the stale socket {path}"))?;
            }
        }
        let l =
            UnixListener::bind(path).with_context(|| format!("cannot listen on unix:{path}"))?;
        // The MTA runs as another user (postfix): let it connect; protect the socket with its directory.
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o666))
            .with_context(|| format!("chmod {path}"))?;
        return Ok((EitherListener::Unix(l), format!("unix:{path}")));
    }
    let addr = spec
        .strip_prefix("inet:")
        .or_else(|| spec.strip_prefix("inet6:"))
        .with_context(|| {
            format!("listen address {spec:?}: expected inet:HOST:PORT or unix:PATH")
        })?;
    // Sendmail style `PORT@HOST`.
    let addr = match addr.split_once('@') {
        Some((port, host)) if host.contains(':') => format!("[{host}]:{port}"),
        Some((port, host)) => format!("{host}:{port}"),
        None => addr.to_string(),
    };
    let l = TcpListener::bind(&addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = l.local_addr()?;
    Ok((
        EitherListener::Tcp(NoDelayTcpListener(l)),
        format!("inet:{local}"),
    ))
}

/// Runs the milter until `shutdown` completes.
pub async fn serve(
    listener: impl Listener,
    settings: Arc<Settings>,
    shutdown: impl Future,
) -> io::Result<()> {
    let s_hdr = settings.clone();
    let s_eoh = settings.clone();
    let s_body = settings.clone();
    let s_eom = settings.clone();
    let callbacks = Callbacks::<Session>::new()
        .on_connect(|cx, _, _| {
            cx.data = Some(Session::default());
            Box::pin(async { Status::Continue })
        })
        .on_mail(|cx, args| {
            let s = cx.data.get_or_insert_with(Session::default);
            s.reset_message();
            s.sender = args
                .first()
                .map(|a| a.to_string_lossy().into_owned())
                .unwrap_or_default();
            Box::pin(async { Status::Continue })
        })
        .on_rcpt(|cx, args| {
            let s = cx.data.get_or_insert_with(Session::default);
            if let Some(a) = args.first() {
                s.recipients.push(a.to_string_lossy().into_owned());
            }
            Box::pin(async { Status::Continue })
        })
        .on_header(move |cx, name, value| {
            let max = s_hdr.milter.max_message_size;
            let s = cx.data.get_or_insert_with(Session::default);
            let mut line = Vec::with_capacity(name.as_bytes().len() + value.as_bytes().len() + 4);
            line.extend_from_slice(name.as_bytes());
            line.extend_from_slice(b": ");
            line.extend_from_slice(value.as_bytes());
            line.extend_from_slice(b"\r\n");
            s.add(max, false, &line);
            Box::pin(async { Status::Continue })
        })
        .on_eoh(move |cx| {
            let max = s_eoh.milter.max_message_size;
            cx.data
                .get_or_insert_with(Session::default)
                .add(max, false, b"\r\n");
            Box::pin(async { Status::Continue })
        })
        .on_body(move |cx, chunk: Bytes| {
            let max = s_body.milter.max_message_size;
            cx.data
                .get_or_insert_with(Session::default)
                .add(max, true, &chunk);
            Box::pin(async { Status::Continue })
        })
        .on_eom(move |cx| Box::pin(handle_eom(cx, s_eom.clone())))
        .on_abort(|cx: &mut Context<Session>| {
            if let Some(s) = cx.data.as_mut() {
                s.reset_message();
            }
            Box::pin(async { Status::Continue })
        });
    let config = indymilter::Config {
        max_connections: settings.milter.max_connections,
        actions: Actions::ADD_HEADER | Actions::QUARANTINE,
        ..Default::default()
    };
    indymilter::run(listener, callbacks, config, shutdown).await
}

async fn handle_eom(cx: &mut EomContext<Session>, settings: Arc<Settings>) -> Status {
    let started = Instant::now();
    let m = &settings.milter;
    let queue_id = cx
        .macros
        .get(c"i")
        .map(|v| clean_label(&v.to_string_lossy()))
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "-".into());
    let mut session = cx.data.take().unwrap_or_default();
    let size = session.size;
    let mut message_id = None;
    let outcome = if session.too_big {
        message_id = message_id_of_headers(&session.headers);
        Outcome::Unscanned(format!(
            "over the size limit of {} bytes",
            m.max_message_size
        ))
    } else if let Some(why) = settings.is_exempt(&session.sender, &session.recipients) {
        message_id = message_id_of_headers(&session.headers);
        Outcome::Exempt(why)
    } else {
        let mut raw = std::mem::take(&mut session.headers);
        raw.append(&mut session.body);
        let s = settings.clone();
        // CPU work off the async threads; a panic there becomes a JoinError, never a lost message.
        let task = tokio::task::spawn_blocking(move || {
            analyze(&s.scanner, &raw, &s.milter.text_extensions)
        });
        match tokio::time::timeout(Duration::from_millis(m.scan_timeout_ms), task).await {
            Err(_) => Outcome::Unscanned(format!("scan timeout after {} ms", m.scan_timeout_ms)),
            Ok(Err(e)) if e.is_panic() => {
                Outcome::Unscanned("internal error: the scan panicked".into())
            }
            Ok(Err(_)) => Outcome::Unscanned("internal error: the scan was cancelled".into()),
            Ok(Ok(report)) => {
                message_id = report.message_id.clone();
                Outcome::Scanned(report)
            }
        }
    };
    let rules = match &outcome {
        Outcome::Scanned(r) if !r.rule_ids.is_empty() => r.rule_ids.join(","),
        _ => "-".into(),
    };
    let (parts, skipped) = match &outcome {
        Outcome::Scanned(r) => (r.parts_scanned, r.skipped_attachments),
        _ => (0, 0),
    };
    let decision = decide(m, &outcome);
    // Keep the session for the next message on this connection.
    session.reset_message();
    cx.data = Some(session);
    let (status, decision) = match apply(cx, &settings, &decision).await {
        Ok(st) => (st, decision),
        Err(e) => {
            // Could not add the header or quarantine: fail safe.
            let d = fail_safe(m, &format!("internal error: {e}"));
            let st = match m.on_error {
                OnError::Tempfail => {
                    let _ = apply(cx, &settings, &d).await;
                    Status::Tempfail
                }
                OnError::Accept => Status::Accept,
            };
            (st, d)
        }
    };
    log_line(
        &queue_id,
        message_id.as_deref(),
        &decision,
        &rules,
        parts,
        skipped,
        size,
        started,
    );
    status
}

async fn apply(
    cx: &mut EomContext<Session>,
    settings: &Settings,
    d: &Decision,
) -> Result<Status, String> {
    if let Some(h) = &d.header {
        cx.actions
            .add_header(settings.milter.header.as_str(), h.as_str())
            .await
            .map_err(|e| format!("add header: {e}"))?;
    }
    if let Some(q) = &d.quarantine {
        cx.actions
            .quarantine(q.as_str())
            .await
            .map_err(|e| format!("quarantine: {e}"))?;
    }
    if let Some((code, xcode, text)) = &d.reply {
        cx.reply
            .set_error_reply(code, Some(xcode), [text.as_str()])
            .map_err(|e| format!("reply: {e}"))?;
    }
    Ok(match d.act {
        Act::Accept | Act::Header | Act::Quarantine => Status::Accept,
        Act::Tempfail => Status::Tempfail,
        Act::Reject => Status::Reject,
    })
}

#[allow(clippy::too_many_arguments)]
fn log_line(
    queue_id: &str,
    message_id: Option<&str>,
    d: &Decision,
    rules: &str,
    parts: usize,
    skipped: usize,
    size: u64,
    started: Instant,
) {
    // One line per message. Rule ids, counts and safe labels only: never a secret.
    eprintln!(
        "leakguard-milter: queue_id={queue_id} message_id=<{}> action={} verdict={} rules={rules} parts={parts} skipped_attachments={skipped} size={size} ms={} reason=\"{}\"",
        message_id.unwrap_or("-"),
        d.act.as_str(),
        d.verdict,
        started.elapsed().as_millis(),
        d.reason,
    );
}
