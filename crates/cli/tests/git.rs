//! End-to-end tests of the git hooks, history scans, hook install and baselines (issue 4), on real
//! repositories made in temporary folders with the real `git` binary.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

/// Checksum-valid GitHub tokens made for these tests.
const SECRET: &str = "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";
const SECRET2: &str = "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";
const SECRET3: &str = "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";

struct Repo {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

fn git_env(c: &mut std::process::Command, home: &Path) {
    c.env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ada Tester")
        .env("GIT_AUTHOR_EMAIL", "ada@example.org")
        .env("GIT_COMMITTER_NAME", "Ada Tester")
        .env("GIT_COMMITTER_EMAIL", "ada@example.org")
        .env_remove("LEAKGUARD_SKIP")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE");
}

impl Repo {
    fn new() -> Repo {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("work");
        std::fs::create_dir(&dir).expect("mkdir");
        let r = Repo { _tmp: tmp, dir };
        r.git(&["init", "-q", "-b", "main"]);
        r
    }

    fn home(&self) -> PathBuf {
        self._tmp.path().to_path_buf()
    }

    fn git_raw(&self, args: &[&str]) -> Output {
        let mut c = std::process::Command::new("git");
        c.args(args).current_dir(&self.dir);
        git_env(&mut c, &self.home());
        c.output().expect("git runs")
    }

    fn git(&self, args: &[&str]) -> String {
        let o = self.git_raw(args);
        assert!(o.status.success(), "git {args:?} failed: {}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).trim().to_string()
    }

    fn write(&self, path: &str, text: &str) {
        let p = self.dir.join(path);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).expect("mkdir");
        }
        std::fs::write(p, text).expect("write");
    }

    fn commit_all(&self, msg: &str) -> String {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--no-verify", "-m", msg]);
        self.git(&["rev-parse", "HEAD"])
    }

    fn leakguard(&self) -> Command {
        let mut c = Command::cargo_bin("leakguard").expect("binary built");
        c.current_dir(&self.dir)
            .env("HOME", self.home())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("LEAKGUARD_SKIP");
        c
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let o = self.leakguard().args(args).output().expect("leakguard runs");
        (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stdout).into(), String::from_utf8_lossy(&o.stderr).into())
    }
}

fn json(s: &str) -> Vec<Value> {
    serde_json::from_str::<Value>(s).unwrap_or_else(|e| panic!("bad json {e}: {s}")).as_array().cloned().unwrap_or_default()
}

#[test]
fn pre_commit_blocks_added_secret_and_passes_clean_change() {
    let r = Repo::new();
    r.write("app/config.py", "name = 1\nother = 2\n");
    r.commit_all("init");
    r.write("app/config.py", &format!("name = 1\nother = 2\ntoken = \"{SECRET}\"\n"));
    r.git(&["add", "-A"]);
    let (code, out, err) = r.run(&["git", "pre-commit"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("commit blocked"), "{err}");
    assert!(err.contains("app/config.py:3:10"), "line and column of the new file: {err}");
    assert!(err.contains("ghp_********"), "{err}");
    assert!(!err.contains(SECRET) && !out.contains(SECRET), "never in clear");

    r.write("app/config.py", "name = 1\nother = 3\n");
    r.git(&["add", "-A"]);
    let (code, _, err) = r.run(&["git", "pre-commit"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn installed_hook_blocks_git_commit_and_escape_hatches_work() {
    let r = Repo::new();
    let (code, _, err) = r.run(&["hook", "install", "--all"]);
    assert_eq!(code, 0, "{err}");
    r.write("a.txt", "hello\n");
    r.git(&["add", "a.txt"]);
    r.git(&["commit", "-q", "-m", "clean commit passes"]);

    r.write("a.txt", &format!("hello\nkey {SECRET}\n"));
    r.git(&["add", "a.txt"]);
    let o = r.git_raw(&["commit", "-q", "-m", "leak"]);
    assert!(!o.status.success(), "the hook blocks the commit");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("a.txt:2:5") && err.contains("leakguard.github.pat"), "{err}");

    // `git commit -a` and `git commit PATH` stage into a temporary index (GIT_INDEX_FILE): still scanned.
    r.git(&["reset", "-q"]);
    let o = r.git_raw(&["commit", "-q", "-a", "-m", "leak with -a"]);
    assert!(!o.status.success(), "commit -a is blocked too");
    let o = r.git_raw(&["commit", "-q", "-m", "leak by path", "a.txt"]);
    assert!(!o.status.success(), "commit PATH is blocked too");
    r.git(&["add", "a.txt"]);

    let mut c = std::process::Command::new("git");
    c.args(["commit", "-q", "-m", "skip"]).current_dir(&r.dir);
    git_env(&mut c, &r.home());
    c.env("LEAKGUARD_SKIP", "1");
    let o = c.output().expect("git");
    assert!(o.status.success(), "LEAKGUARD_SKIP=1 lets it through: {}", String::from_utf8_lossy(&o.stderr));

    // commit-msg hook: a secret in the message is blocked; in a comment line it is not.
    r.write("b.txt", "b\n");
    r.git(&["add", "b.txt"]);
    let o = r.git_raw(&["commit", "-q", "-m", &format!("use token {SECRET2} for deploys")]);
    assert!(!o.status.success(), "commit-msg blocks");
    assert!(String::from_utf8_lossy(&o.stderr).contains("commit message"));
    // `git commit -m` keeps `#` lines in the message, so they are scanned...
    let o = r.git_raw(&["commit", "-q", "-m", "fine", "-m", &format!("# {SECRET2}")]);
    assert!(!o.status.success(), "a # line kept by -m is scanned");
    // ...but comment lines git removes after an editor session are not.
    let editor = r.home().join("editor.sh");
    std::fs::write(&editor, format!("#!/bin/sh\nprintf 'Add b\\n# {SECRET2}\\n' > \"$1\"\n")).expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let mut c = std::process::Command::new("git");
    c.args(["commit", "-q"]).current_dir(&r.dir);
    git_env(&mut c, &r.home());
    c.env("GIT_EDITOR", &editor);
    let o = c.output().expect("git");
    assert!(o.status.success(), "comment stripped by git: {}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(r.git(&["log", "-1", "--format=%B"]), "Add b");
}

#[test]
fn inline_allow_lets_it_through() {
    let r = Repo::new();
    r.write("t.txt", &format!("fixture = \"{SECRET}\"  # leakguard:allow\n"));
    r.git(&["add", "-A"]);
    let (code, _, err) = r.run(&["git", "pre-commit"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn partial_staging_renames_deletions_and_binaries() {
    let r = Repo::new();
    r.write("old.txt", &format!("legacy {SECRET}\n"));
    r.write("keep.txt", "a\nb\n");
    r.commit_all("history has a secret");

    // Only the staged version counts: a secret in the work tree but not in the index passes...
    r.write("keep.txt", "a\nb\nc\n");
    r.git(&["add", "keep.txt"]);
    r.write("keep.txt", &format!("a\nb\nc\nwip {SECRET2}\n"));
    let (code, _, err) = r.run(&["git", "pre-commit"]);
    assert_eq!(code, 0, "unstaged secret: {err}");
    // ...and a staged secret removed from the work tree afterwards is still blocked.
    r.git(&["add", "keep.txt"]);
    r.write("keep.txt", "a\nb\nc\n");
    let (code, _, err) = r.run(&["git", "pre-commit"]);
    assert_eq!(code, 1, "staged secret: {err}");
    assert!(err.contains("keep.txt:4:"), "{err}");
    r.git(&["reset", "-q", "keep.txt"]);
    r.write("keep.txt", "a\nb\n");

    // A pure rename and a deletion add no lines: nothing to report.
    r.git(&["mv", "old.txt", "renamed.txt"]);
    let (code, _, err) = r.run(&["git", "pre-commit"]);
    assert_eq!(code, 0, "rename: {err}");
    r.git(&["reset", "-q", "--hard"]);
    r.git(&["rm", "-q", "old.txt"]);
    let (code, _, err) = r.run(&["git", "pre-commit"]);
    assert_eq!(code, 0, "deletion: {err}");
    r.git(&["reset", "-q", "--hard"]);

    // Binary files are skipped, as `leakguard scan` does.
    std::fs::write(r.dir.join("blob.bin"), [b"\0\0bin ".as_slice(), SECRET.as_bytes(), b"\n"].concat()).expect("write");
    r.git(&["add", "blob.bin"]);
    let (code, _, err) = r.run(&["git", "pre-commit"]);
    assert_eq!(code, 0, "binary: {err}");
}

#[test]
fn first_commit_and_fail_safe() {
    let r = Repo::new();
    r.write("x.txt", &format!("{SECRET}\n"));
    r.git(&["add", "-A"]);
    let (code, _, err) = r.run(&["git", "pre-commit"]);
    assert_eq!(code, 1, "no HEAD yet: {err}");

    r.write(".leakguard.toml", "[detection\nbroken");
    let (code, _, err) = r.run(&["git", "pre-commit"]);
    assert_eq!(code, 2);
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(err.contains("commit blocked, cannot scan") && err.contains("LEAKGUARD_SKIP=1"), "{err}");
    let o = r.leakguard().args(["git", "pre-commit"]).env("LEAKGUARD_SKIP", "1").output().expect("runs");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn hook_install_respects_hooks_path_and_existing_hooks() {
    let r = Repo::new();
    r.git(&["config", "core.hooksPath", "myhooks"]);
    std::fs::create_dir_all(r.dir.join("myhooks")).expect("mkdir");
    std::fs::write(r.dir.join("myhooks/pre-commit"), "#!/bin/sh\necho mine\n").expect("write");
    let (code, _, err) = r.run(&["hook", "install"]);
    assert_eq!(code, 2, "an existing hook is not replaced: {err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(r.dir.join("myhooks/pre-commit")).expect("read"), "#!/bin/sh\necho mine\n");
    let (code, _, err) = r.run(&["hook", "install", "pre-push"]);
    assert_eq!(code, 0, "{err}");
    assert!(r.dir.join("myhooks/pre-push").is_file());
    assert!(!r.dir.join(".git/hooks/pre-push").exists());
    let (code, _, _) = r.run(&["hook", "install", "--force"]);
    assert_eq!(code, 0);
    assert!(std::fs::read_to_string(r.dir.join("myhooks/pre-commit")).expect("read").contains("git pre-commit"));
    let (code, _, _) = r.run(&["hook", "uninstall"]);
    assert_eq!(code, 0);
    assert!(!r.dir.join("myhooks/pre-commit").exists() && !r.dir.join("myhooks/pre-push").exists());
}

/// A bare repository over file:// with the pre-receive hook, and a clone of it.
fn server(r: &Repo) -> PathBuf {
    let bare = r.home().join("server.git");
    r.git(&["init", "-q", "--bare", "-b", "main", bare.to_str().expect("utf8")]);
    let exe = assert_cmd::cargo::cargo_bin("leakguard");
    let hook = bare.join("hooks/pre-receive");
    std::fs::write(&hook, format!("#!/bin/sh\nexec '{}' git pre-receive\n", exe.display())).expect("write hook");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    r.git(&["remote", "add", "origin", &format!("file://{}", bare.display())]);
    bare
}

#[test]
fn pre_receive_refuses_a_secret_push_with_the_masked_finding() {
    let r = Repo::new();
    let bare = server(&r);
    r.write("README", "hello\n");
    r.commit_all("clean");
    let o = r.git_raw(&["push", "-q", "origin", "main"]);
    assert!(o.status.success(), "clean push accepted: {}", String::from_utf8_lossy(&o.stderr));

    r.write("deploy/env.sh", &format!("#!/bin/sh\nexport GH_TOKEN={SECRET}\n"));
    let bad = r.commit_all("add deploy script");
    r.write("README", "hello again\n");
    r.commit_all("later clean commit");
    let o = r.git_raw(&["push", "origin", "main"]);
    assert!(!o.status.success(), "secret push refused");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("pre-receive hook declined"), "{err}");
    assert!(err.contains("push rejected"), "{err}");
    assert!(err.contains(&format!("{} deploy/env.sh:2:", &bad[..10])), "commit, path, line: {err}");
    assert!(err.contains("leakguard.github.pat") && err.contains("ghp_********"), "rule, masked: {err}");
    assert!(!err.contains(SECRET), "masked: {err}");
    let remote_head = String::from_utf8_lossy(
        &std::process::Command::new("git").args(["--git-dir", bare.to_str().expect("utf8"), "rev-parse", "main"]).output().expect("git").stdout,
    )
    .trim()
    .to_string();
    assert_ne!(remote_head, r.git(&["rev-parse", "HEAD"]));

    // Rewritten without the secret: accepted; an old secret already on the server does not block a new branch.
    r.git(&["reset", "-q", "--hard", "HEAD~2"]);
    r.write("deploy/env.sh", "#!/bin/sh\nexport GH_TOKEN=\"$(cat /run/secrets/gh)\"\n");
    r.commit_all("add deploy script, token from a file");
    let o = r.git_raw(&["push", "-q", "origin", "main"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = r.git_raw(&["push", "-q", "origin", "main:feature"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = r.git_raw(&["push", "-q", "origin", "--delete", "feature"]);
    assert!(o.status.success(), "deletion accepted: {}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn pre_push_scans_only_commits_the_remote_lacks() {
    let r = Repo::new();
    let bare = r.home().join("plain.git");
    r.git(&["init", "-q", "--bare", "-b", "main", bare.to_str().expect("utf8")]);
    r.git(&["remote", "add", "origin", &format!("file://{}", bare.display())]);
    r.run(&["hook", "install", "pre-push"]);
    r.write("old.txt", &format!("{SECRET}\n"));
    r.commit_all("old secret");
    let o = r.git_raw(&["push", "-q", "--no-verify", "origin", "main"]);
    assert!(o.status.success());

    // A new branch from main with a clean commit: the old secret is already on the remote.
    r.git(&["checkout", "-q", "-b", "topic"]);
    r.write("b.txt", "clean\n");
    r.commit_all("clean");
    let o = r.git_raw(&["push", "-q", "origin", "topic"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    r.write("c.txt", &format!("x = {SECRET2}\n"));
    let bad = r.commit_all("leak");
    let o = r.git_raw(&["push", "-q", "origin", "topic"]);
    assert!(!o.status.success(), "pre-push blocks");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&bad[..10]) && err.contains("c.txt:1:5"), "{err}");

    // A force push that drops the leak passes; deleting a branch passes.
    r.git(&["reset", "-q", "--hard", "HEAD~1"]);
    r.write("c.txt", "x = from_env()\n");
    r.commit_all("no leak");
    let o = r.git_raw(&["push", "-q", "--force", "origin", "topic"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = r.git_raw(&["push", "-q", "origin", "--delete", "topic"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // Direct hook input: a force push whose remote sha is unknown here still scans only new commits.
    let head = r.git(&["rev-parse", "HEAD"]);
    let input = format!("refs/heads/topic {head} refs/heads/topic {}\n", "1".repeat(40));
    let o = r.leakguard().args(["git", "pre-push", "origin"]).write_stdin(input).output().expect("runs");
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn history_finds_a_secret_deleted_three_commits_ago_and_names_the_commit() {
    let r = Repo::new();
    r.write("src/main.py", "print('hi')\n");
    r.commit_all("one");
    r.write("src/settings.py", &format!("DEBUG = True\nGITHUB_TOKEN = '{SECRET}'\n"));
    let leak = r.commit_all("add settings");
    r.write("src/settings.py", &format!("DEBUG = False\nGITHUB_TOKEN = '{SECRET}'\n"));
    r.commit_all("same secret, new blob");
    r.write("src/settings.py", "DEBUG = False\nGITHUB_TOKEN = os.environ['GH']\n");
    r.commit_all("remove the token");
    r.write("src/main.py", "print('hello')\n");
    r.commit_all("two");
    r.write("src/main.py", "print('hello!')\n");
    r.commit_all("three");
    let (code, out, err) = r.run(&["git", "history", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let f = json(&out);
    assert_eq!(f.len(), 1, "reported once, at its first commit: {out}");
    assert_eq!(f[0]["commit"], leak.as_str());
    assert_eq!(f[0]["path"], "src/settings.py");
    assert_eq!(f[0]["line"], 2);
    assert_eq!(f[0]["author"], "Ada Tester <ada@example.org>");
    assert!(f[0]["date"].as_str().is_some_and(|d| d.len() >= 20));
    assert!(!out.contains(SECRET));
    // A secret added in the middle of a later version of a long file: found at its line, in its commit.
    let body: String = (1..=60).map(|i| format!("value_{i} = compute({i})\n")).collect();
    r.write("src/long.py", &body);
    r.commit_all("long file");
    let with: String = (1..=60).map(|i| if i == 40 { format!("TOKEN = '{SECRET2}'\nvalue_{i} = compute({i})\n") } else { format!("value_{i} = compute({i})\n") }).collect();
    r.write("src/long.py", &with);
    let second = r.commit_all("token in the middle");
    let (_, out, _) = r.run(&["git", "history", "--format", "json"]);
    let f = json(&out);
    let hit = f.iter().find(|x| x["path"] == "src/long.py").unwrap_or_else(|| panic!("{out}"));
    assert_eq!(hit["line"], 40);
    assert_eq!(hit["commit"], second.as_str());
    r.git(&["reset", "-q", "--hard", "HEAD~2"]);
    // A range that excludes the leak finds nothing.
    let (code, _, err) = r.run(&["git", "history", "HEAD~2..HEAD"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn baseline_suppresses_old_findings_but_not_new_ones() {
    let r = Repo::new();
    r.write("legacy.env", &format!("TOKEN={SECRET}\n"));
    r.write("notes.txt", "nothing here\n");
    r.commit_all("legacy");
    let (code, _, err) = r.run(&["baseline"]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(r.dir.join(".leakguard-baseline.json")).expect("written");
    assert!(!text.contains(SECRET) && !text.contains("\"line\""), "fingerprints only: {text}");

    let (code, out, err) = r.run(&["scan", "-f", "json", "."]);
    assert_eq!(code, 0, "baselined: {out} {err}");
    let (code, _, err) = r.run(&["git", "history"]);
    assert_eq!(code, 0, "baselined in history too: {err}");
    // The old line moves: still baselined (no line numbers in the baseline).
    r.write("legacy.env", &format!("# moved\n\nTOKEN={SECRET}\n"));
    r.write("notes.txt", &format!("new = {SECRET3}\n"));
    let (code, out, _) = r.run(&["scan", "-f", "json", "."]);
    assert_eq!(code, 1);
    let f = json(&out);
    assert_eq!(f.len(), 1, "{out}");
    assert_eq!(f[0]["path"], "notes.txt");
    r.git(&["add", "-A"]);
    let (code, _, err) = r.run(&["git", "pre-commit"]);
    assert_eq!(code, 1);
    assert!(err.contains("notes.txt:1:") && !err.contains("legacy.env"), "{err}");
    let (code, _, _) = r.run(&["git", "pre-commit", "--no-baseline"]);
    assert_eq!(code, 1);
}

#[test]
fn baseline_with_history_covers_deleted_secrets() {
    let r = Repo::new();
    r.write("old.py", &format!("T = '{SECRET}'\n"));
    r.commit_all("leak");
    r.write("old.py", "T = None\n");
    r.commit_all("fix");
    let (code, _, _) = r.run(&["git", "history", "-q"]);
    assert_eq!(code, 1, "the deleted secret is in history");
    let (code, _, err) = r.run(&["baseline"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, _) = r.run(&["git", "history", "-q"]);
    assert_eq!(code, 1, "a work-tree baseline does not know it");
    let (code, _, err) = r.run(&["baseline", "--history"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = r.run(&["git", "history", "-q"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn pre_push_under_the_pre_commit_framework_reads_its_environment() {
    let r = Repo::new();
    r.write("a.txt", "clean\n");
    r.commit_all("clean");
    r.write("b.txt", &format!("{SECRET}\n"));
    let head = r.commit_all("leak");
    let o = r
        .leakguard()
        .args(["git", "pre-push", "origin", "file:///nowhere"])
        .env("PRE_COMMIT_TO_REF", &head)
        .env("PRE_COMMIT_FROM_REF", r.git(&["rev-parse", "HEAD~1"]))
        .write_stdin("")
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("b.txt:1:1"));
}

#[test]
fn commit_msg_catches_a_password_in_a_sentence_and_file_scans_skip_prose() {
    let r = Repo::new();
    r.write("msg.txt", "Fix login\n\nle mdp du serveur c'est Gendarme75!\n");
    let (code, _, err) = r.run(&["git", "commit-msg", "msg.txt"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("leakguard.prose.password") && !err.contains("Gendarme75"), "{err}");
    // The same sentence in a staged file: the prose detector is for messages unless the config asks.
    r.write("notes.txt", "le mdp du serveur c'est Gendarme75!\n");
    r.git(&["add", "notes.txt"]);
    let (code, _, err) = r.run(&["git", "pre-commit"]);
    assert_eq!(code, 0, "{err}");
    r.write(".leakguard.toml", "[detection]\nprose = true\n");
    let (code, _, err) = r.run(&["git", "pre-commit"]);
    assert_eq!(code, 1, "{err}");
}

#[test]
fn a_secret_added_while_resolving_a_merge_conflict_is_found() {
    let r = Repo::new();
    r.write("f.txt", "base\n");
    r.commit_all("base");
    r.git(&["checkout", "-q", "-b", "other"]);
    r.write("f.txt", "other side\n");
    r.commit_all("other");
    r.git(&["checkout", "-q", "main"]);
    r.write("f.txt", "main side\n");
    let before = r.commit_all("main");
    let o = r.git_raw(&["merge", "-q", "other"]);
    assert!(!o.status.success(), "a conflict is expected");
    r.write("f.txt", &format!("main side\nresolved with {SECRET}\n"));
    let merge = r.commit_all("merge other");
    // pre-push of main: the new commits are `other` (clean) and the merge, whose resolution adds the secret
    let input = format!("refs/heads/main {merge} refs/heads/main {before}\n");
    let o = r.leakguard().args(["git", "pre-push", "origin"]).write_stdin(input).output().expect("runs");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("{} f.txt:2:15", &merge[..10])), "{err}");
    // history: the blob the merge made is attributed to the merge
    let (code, out, _) = r.run(&["git", "history", "--format", "json"]);
    assert_eq!(code, 1);
    let f = json(&out);
    assert_eq!(f.len(), 1, "{out}");
    assert_eq!(f[0]["commit"], merge.as_str());
}
