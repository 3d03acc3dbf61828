//! leakguard-milter: a mail filter (the Sendmail/Postfix milter protocol) that refuses mail carrying
//! passwords and secrets before the MTA queues it.
//!
//! The MTA hands each message over the milter socket; at the end of the message the milter decodes it
//! with mail-parser ([`extract`]), scans the subject and every text part with leakguard-core
//! ([`decide::analyze`]), and answers per the configuration ([`settings`]): reject with `550 5.7.1` and
//! a reason naming what was found (never the secret), tempfail, quarantine, or accept with an
//! `X-Leakguard` header. A message that cannot be scanned (too large, undecodable MIME, internal error,
//! timeout) gets the configured fail-safe answer: tempfail, or accept with a header. Each message gives
//! one log line on stderr.

pub mod decide;
pub mod extract;
pub mod server;
pub mod settings;

pub use decide::{analyze, decide, Decision, Outcome, Report};
pub use server::{bind, serve};
pub use settings::{Act, MilterSettings, OnError, Settings};
