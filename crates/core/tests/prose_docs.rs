//! The prose detector on documentation: READMEs, changelogs, manuals and diagrams use password words
//! ("key", "pin", "pass", "credentials", "user", "handle") in sentences that give no password, and a
//! password given as an example in documentation is still found (it is what a user would paste in a
//! message). Each snippet is scanned alone (a message) and inside a larger file (read by windows
//! around its keywords), through the whole scanner.
//!
//! The snippets are written for this test (classes of false positives seen on documentation).

mod snippets;

use snippets::{finds, quiet};

/// A sentence wrapped over two lines: the last word alone on the second line, with the full stop,
/// is not a value given on the next line.
#[test]
fn wrapped_sentences() {
    quiet("/usr/bin/prompt-tty\n    Minimal PIN entry program for dumb terminals (package\n    prompt-tty).\n"); // leakguard:allow
    quiet("To sign in with your credentials at the console, set up and enable\n  libauth-sso3.\n"); // leakguard:allow
    quiet("Each entry is signed with the key of its author (listed under\n`entry.author.keyid`).\n"); // leakguard:allow
}

/// A diagram of the parts of a URL: "pass" is the password part before `@` and the host.
#[test]
fn url_diagrams() {
    quiet("   \"  scheme:  //   name  :  pass  @ host.example.net : 4433  /a/b  \"\n"); // leakguard:allow
}

/// A described format with `<name>` fields, and Markdown reference links.
#[test]
fn formats_and_links() {
    quiet("The server prints one line per key:\n\nfpr:<hex fingerprint>:<created>:<expires>\n"); // leakguard:allow
    quiet("The password is kept by [Kim Lee][kimlee7].\n"); // leakguard:allow
}

/// "pin" and "handle" as verbs in changelog entries.
#[test]
fn verbs_in_changelogs() {
    quiet("### Commits\n\n* [`e3e5bf11ba`] - **build**: pin the Linux builder to ubuntu-2204 (Ann Lee) [#42349](https://example.org/p/42349)\n"); // leakguard:allow
    quiet("* **net**: handle exceptions in tls/socket.close (Jürgen Bär) [#124](https://example.org/124)\n"); // leakguard:allow
}

/// A file name starting with a password word, a shell command after a `$ ` prompt, a path after
/// "user if".
#[test]
fn names_and_commands() {
    quiet("# passwd.rotate.sh: a sample script for a nightly job\n"); // leakguard:allow
    quiet("Then give the helper to its group:\n\n    $ sudo chown root:root bin/helper2\n"); // leakguard:allow
    quiet("Most tests can also be run as a regular user if *tools/mounter2* is made\nsetuid root first:\n"); // leakguard:allow
}

/// What these classes must not take away: a password given as an example in documentation, a value
/// on the next line, a PIN changed "to" a number, a user and password pair, a URL's password.
#[test]
fn documentation_examples_still_found() {
    finds("Below is a sample .netrc for the host `example.org`, with a user named `mara`, using the password `tulip88`:\n", "tulip88"); // leakguard:allow
    finds("password below, remove this message later\nTq4&Mz7!rWx\n", "Tq4&Mz7!rWx"); // leakguard:allow
    finds("the key for the shared drive is on the next line\nVb7#Kp2!mQz\n", "Vb7#Kp2!mQz"); // leakguard:allow
    finds("please change the pin to 4821 tonight\n", "4821"); // leakguard:allow
    finds("the nas login is mara / Tulpen#Feld42\n", "Tulpen#Feld42"); // leakguard:allow
    finds("the pin is 7302, the door code too\n", "7302"); // leakguard:allow
}

/// The classes above are narrow: other code words keep values with letters, `@` as "at" is no URL,
/// a shell comment is prose, a strong value on the next line may end with a full stop.
#[test]
fn narrow_classes_keep_messages() {
    finds("access code for the supplier gate tomorrow Gate-Blue-418\n", "Gate-Blue-418"); // leakguard:allow
    finds("the admin pass @ nas.local is Tulpen#Feld42\n", "Tulpen#Feld42"); // leakguard:allow
    finds("$ ssh admin@nas  # password is Tulpen#Feld42\n", "Tulpen#Feld42"); // leakguard:allow
    finds("the vpn password is below\nTulpen#Feld42.\n", "Tulpen#Feld42"); // leakguard:allow
}
