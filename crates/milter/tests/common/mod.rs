//! A small MTA side of the milter protocol (what Postfix does), on indymilter's message codec, to
//! drive the milter over its socket without a mail server.

#![allow(dead_code)]

use std::ffi::CString;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use indymilter::message::command::{
    Command, ConnInfoPayload, EnvAddrPayload, HeaderPayload, HeloPayload, OptNegPayload,
};
use indymilter::message::reply::Reply;
use indymilter::message::{read, write, Message};
use indymilter::{Actions, ProtoOpts, SocketInfo};
use leakguard_milter::{bind, serve, Settings};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio::sync::oneshot;

/// A milter running in this process on a free port.
pub struct TestMilter {
    pub addr: String,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl TestMilter {
    pub async fn start(config: &str) -> TestMilter {
        let settings = Settings::from_toml(config, "test.toml").expect("test config");
        let (listener, bound) = bind("inet:127.0.0.1:0").await.expect("bind");
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(serve(listener, Arc::new(settings), async move {
            let _ = rx.await;
        }));
        TestMilter {
            addr: bound.trim_start_matches("inet:").to_string(),
            stop: Some(tx),
            task: Some(task),
        }
    }

    pub async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.task.take() {
            t.await.expect("milter task").expect("milter run");
        }
    }

    pub async fn connect(&self) -> Client<TcpStream> {
        Client::open(TcpStream::connect(&self.addr).await.expect("connect")).await
    }
}

/// What the milter answered to one message.
#[derive(Debug, Default)]
pub struct Answer {
    /// `accept`, `continue`, `reject`, `tempfail`, `discard` or the custom reply text (`550 5.7.1 ...`).
    pub verdict: String,
    /// Headers added.
    pub headers: Vec<(String, String)>,
    /// Quarantine reason, if quarantined.
    pub quarantine: Option<String>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn accepted(&self) -> bool {
        self.verdict == "accept" || self.verdict == "continue"
    }
}

pub struct Client<S> {
    stream: S,
    /// The protocol options the milter chose: stages it skips, replies it does not send.
    opts: ProtoOpts,
}

fn cs(s: &str) -> CString {
    CString::new(s).expect("no NUL")
}

impl<S: AsyncRead + AsyncWrite + Unpin> Client<S> {
    pub async fn open(mut stream: S) -> Client<S> {
        // Offer what Postfix offers: every action and every protocol option; the milter picks.
        let opt = Command::OptNeg(OptNegPayload {
            version: 6,
            actions: Actions::all(),
            opts: ProtoOpts::all(),
        });
        write(&mut stream, opt.into_message())
            .await
            .expect("write optneg");
        let reply = Reply::parse_reply(read(&mut stream).await.expect("read optneg"))
            .expect("optneg reply");
        let Reply::OptNeg { opts, .. } = reply else {
            panic!("not an optneg reply: {reply:?}")
        };
        let mut c = Client { stream, opts };
        let addr: SocketAddr = "127.0.0.1:40000".parse().expect("addr");
        let conn = Command::ConnInfo(ConnInfoPayload {
            hostname: cs("localhost"),
            socket_info: SocketInfo::Inet(addr),
        });
        c.expect_continue(conn).await;
        c.expect_continue(Command::Helo(HeloPayload {
            hostname: cs("client.example.org"),
        }))
        .await;
        c
    }

    async fn send(&mut self, cmd: Command) -> Reply {
        write(&mut self.stream, cmd.into_message())
            .await
            .expect("write");
        Reply::parse_reply(read(&mut self.stream).await.expect("read")).expect("reply")
    }

    async fn expect_continue(&mut self, cmd: Command) {
        let (skip, noreply) = match &cmd {
            Command::ConnInfo(_) => (ProtoOpts::NO_CONNECT, ProtoOpts::NOREPLY_CONNECT),
            Command::Helo(_) => (ProtoOpts::NO_HELO, ProtoOpts::NOREPLY_HELO),
            Command::Mail(_) => (ProtoOpts::NO_MAIL, ProtoOpts::NOREPLY_MAIL),
            Command::Rcpt(_) => (ProtoOpts::NO_RCPT, ProtoOpts::NOREPLY_RCPT),
            Command::Data => (ProtoOpts::NO_DATA, ProtoOpts::NOREPLY_DATA),
            Command::Header(_) => (ProtoOpts::NO_HEADER, ProtoOpts::NOREPLY_HEADER),
            Command::Eoh => (ProtoOpts::NO_EOH, ProtoOpts::NOREPLY_EOH),
            Command::BodyChunk(_) => (ProtoOpts::NO_BODY, ProtoOpts::NOREPLY_BODY),
            _ => (ProtoOpts::empty(), ProtoOpts::empty()),
        };
        if self.opts.contains(skip) && !skip.is_empty() {
            return;
        }
        if self.opts.contains(noreply) && !noreply.is_empty() {
            write(&mut self.stream, cmd.into_message())
                .await
                .expect("write");
            return;
        }
        let r = self.send(cmd).await;
        assert_eq!(r, Reply::Continue);
    }

    /// Sends one message (envelope, then the raw RFC 5322 text) and returns the milter's answer.
    pub async fn message(&mut self, sender: &str, recipients: &[&str], raw: &[u8]) -> Answer {
        self.expect_continue(Command::Mail(EnvAddrPayload {
            args: vec![cs(&format!("<{sender}>"))],
        }))
        .await;
        for r in recipients {
            self.expect_continue(Command::Rcpt(EnvAddrPayload {
                args: vec![cs(&format!("<{r}>"))],
            }))
            .await;
        }
        self.expect_continue(Command::Data).await;
        let split = find(raw, b"\r\n\r\n")
            .map(|i| (i + 2, i + 4))
            .or_else(|| find(raw, b"\n\n").map(|i| (i + 1, i + 2)));
        let (head, body) = match split {
            Some((h, b)) => (&raw[..h], &raw[b..]),
            None => (raw, &b""[..]),
        };
        for (name, value) in headers(head) {
            self.expect_continue(Command::Header(HeaderPayload {
                name: cs(&name),
                value: cs(&value),
            }))
            .await;
        }
        self.expect_continue(Command::Eoh).await;
        for chunk in body.chunks(65535) {
            self.expect_continue(Command::BodyChunk(Bytes::copy_from_slice(chunk)))
                .await;
        }
        write(
            &mut self.stream,
            Command::BodyEnd(Bytes::new()).into_message(),
        )
        .await
        .expect("write eom");
        let mut answer = Answer::default();
        loop {
            let msg: Message = read(&mut self.stream).await.expect("read eom reply");
            answer.verdict = match Reply::parse_reply(msg).expect("eom reply") {
                Reply::AddHeader { name, value } | Reply::InsertHeader { name, value, .. } => {
                    answer.headers.push((
                        name.to_string_lossy().into_owned(),
                        value.to_string_lossy().into_owned(),
                    ));
                    continue;
                }
                Reply::Quarantine { reason } => {
                    answer.quarantine = Some(reason.to_string_lossy().into_owned());
                    continue;
                }
                Reply::Progress => continue,
                Reply::Accept => "accept".into(),
                Reply::Continue => "continue".into(),
                Reply::Reject => "reject".into(),
                Reply::Tempfail => "tempfail".into(),
                Reply::Discard => "discard".into(),
                Reply::ReplyCode { reply } => reply.to_string_lossy().into_owned(),
                other => panic!("unexpected reply at end of message: {other:?}"),
            };
            return answer;
        }
    }

    pub async fn quit(mut self) {
        write(&mut self.stream, Command::Quit.into_message())
            .await
            .expect("quit");
    }
}

fn find(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}

/// Header lines unfolded the way Postfix sends them: name, and value without the leading space.
fn headers(head: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(head);
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.split('\n') {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some(last) = out.last_mut() {
                last.1.push_str("\r\n");
                last.1.push_str(line);
            }
            continue;
        }
        if let Some((n, v)) = line.split_once(':') {
            out.push((n.to_string(), v.strip_prefix(' ').unwrap_or(v).to_string()));
        }
    }
    out
}
