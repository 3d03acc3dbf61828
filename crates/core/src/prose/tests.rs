//! Unit tests of the prose detector, written for it (the corpus in tests/prose is measured separately).

use super::*;

fn found(text: &str) -> Vec<String> {
    let d = ProseDetector::new();
    let mut out = Vec::new();
    d.detect(text, None, &mut out);
    out.iter().map(|h| text[h.start..h.end].to_string()).collect()
}

fn found_ctx(text: &str, ctx: &str) -> Vec<String> {
    let d = ProseDetector::new();
    let mut out = Vec::new();
    d.detect(text, Some(ctx), &mut out);
    out.iter().map(|h| text[h.start..h.end].to_string()).collect()
}

#[track_caller]
fn yes(text: &str, secret: &str) {
    let f = found(text);
    assert!(f.iter().any(|x| x == secret), "{text:?}: expected {secret:?}, found {f:?}");
}

/// Every one of `secrets` is found in `text`.
#[track_caller]
fn found_all(text: &str, secrets: &[&str]) {
    let f = found(text);
    assert!(secrets.iter().all(|s| f.iter().any(|x| x == s)), "{text:?}: expected {secrets:?}, found {f:?}");
}

#[track_caller]
fn no(text: &str) {
    let f = found(text);
    assert!(f.is_empty(), "{text:?}: expected nothing, found {f:?}");
}

#[test]
fn issue_examples_positive() {
    yes("le mdp du compte admin c'est Azerty123!", "Azerty123!");
    yes("pw: Qx7#mPz2!vL", "Qx7#mPz2!vL");
    yes("creds for the vpn -> jsmith / Sunflower2024!", "Sunflower2024!");
    yes("Das Passwort lautet Sommer2024!", "Sommer2024!");
    yes("密码是 Beijing@2024", "Beijing@2024");
    yes("パスワードは Sakura2024! です", "Sakura2024!");
    yes("아이디 kimjs 비번 Kimchi#123", "Kimchi#123");
}

#[test]
fn issue_examples_negative() {
    no("I forgot my password");
    no("le mot de passe est dans le coffre KeePass");
    no("password: see 1Password entry 'prod-db'");
    no("mdp : ********");
    no("Votre mot de passe doit contenir une majuscule");
    no("密码错误，请重试");
}

/// Rows of a table of tuples in source code are not sentences (leakguard's own validators.rs).
#[test]
fn tuple_rows_in_code() {
    no("    (\"basic\", \"decodes to printable `user:password` (HTTP Basic, registry config, npm `_auth`)\"),");
    no("    [\"login\", \"the password `(shown once, copy it now)`\"],");
}

/// A correction of a value just sent ("sorry, typo, it's X"), a question ending on a descriptor
/// and answered with a copula, a Latin value set apart by the Arabic text after it.
#[test]
fn corrections_questions_scripts() {
    yes("oups faute de frappe, c'est Lavande_Nord44", "Lavande_Nord44");
    yes("desculpa, digitei errado, é Caju!Praia31", "Caju!Praia31");
    yes("literówka, to jest Wisla_Krakow77", "Wisla_Krakow77");
    yes("λάθος μου, είναι Kalamata_Elia5", "Kalamata_Elia5");
    no("j'ai mal tapé, c'est pas grave");
    no("faute de frappe, c'est corrigé");
    no("me enganei, é amanhã");
    yes("tu veux le mdp du routeur? c'est Moulin#Rouge58", "Moulin#Rouge58");
    yes("quer a senha do roteador? é Ipe_Amarelo12", "Ipe_Amarelo12");
    no("le mdp du routeur? aucune idée");
    yes("كلمة السر حق الراوتر zaid1987 لا تنساها", "zaid1987");
    no("الباسورد تبعه admin ادخل عادي");
}

#[test]
fn languages() {
    yes("la contraseña es Girasol#77", "Girasol#77");
    yes("a senha é Praia2024!", "Praia2024!");
    yes("la password è Pizza4ever", "Pizza4ever");
    yes("het wachtwoord is Tulp2023!", "Tulp2023!");
    yes("hasło to Kotek!2022", "Kotek!2022");
    yes("пароль: Медведь2024", "Медведь2024");
    yes("пароль — Qwerty!987", "Qwerty!987");
    yes("şifre: Istanbul34!'dür", "Istanbul34!");
    yes("كلمة السر هي Cairo2024#", "Cairo2024#");
    yes("הסיסמה היא Tapuz2023!", "Tapuz2023!");
    yes("mera password Dilli@2024 hai", "Dilli@2024");
    yes("पासवर्ड है Mumbai#2023", "Mumbai#2023");
    yes("lösenordet är Sommar2022!", "Sommar2022!");
    yes("heslo je Praha2024!", "Praha2024!");
    yes("parola este Bucuresti1!", "Bucuresti1!");
    yes("ο κωδικός πρόσβασης είναι Athina2024!", "Athina2024!");
    yes("kata sandi: Jakarta#45", "Jakarta#45");
    yes("mật khẩu là Hanoi@2024", "Hanoi@2024");
    yes("密碼：Taipei#101x", "Taipei#101x");
    yes("비밀번호는 Seoul2024!입니다", "Seoul2024!");
}

#[test]
fn shapes_in_context() {
    yes("the wifi password is monkey123", "monkey123");
    yes("le mot de passe c'est soleil2023", "soleil2023");
    no("le mot de passe est correct");
    no("the password is wrong");
    no("das Passwort ist falsch");
    no("password: <redacted>");
    no("password: ${DB_PASSWORD}");
    no("mdp : {{ vault_pw }}");
    no("password: n/a");
    no("the password was sent by SMS");
    no("same password as before");
}

#[test]
fn quotes_pairs_lines_commands() {
    yes("the passphrase is \"correct horse battery staple\"", "correct horse battery staple");
    yes("le mot de passe est « Lune#Bleue42 »", "Lune#Bleue42");
    yes("パスワード：「Fuji@3776」", "Fuji@3776");
    yes("login: jdupont\nmdp: Tournesol!88", "Tournesol!88");
    yes("Password:\nXk9#mP2q!", "Xk9#mP2q!");
    yes("identifiants : jdupont / Marmotte#12", "Marmotte#12");
    yes("curl -u admin:Hx9!kQ2z https://api.internal/", "Hx9!kQ2z"); // leakguard:allow (made-up)
    yes("mysql -u root -pR00t!pass -h db", "R00t!pass"); // leakguard:allow (made-up)
    yes("sshpass -p 'Zq8#wLm3' ssh deploy@host", "Zq8#wLm3"); // leakguard:allow (made-up)
}

/// The searched words make a compact DFA, and the command lines read at the occurrences of their
/// command words (a file scan) give what the search of the whole text gives.
#[test]
fn command_lines_at_their_words() {
    let dfa = BulkDfa::new(trigger_words()).expect("a compact DFA");
    let lines = [
        "curl -u admin:Hx9!kQ2z https://api.internal/", // leakguard:allow (made-up)
        "  then MYSQL -u root -pR00t!pass -h db", // leakguard:allow (made-up)
        "sshpass -p 'Zq8#wLm3' ssh deploy@host", // leakguard:allow (made-up)
        "wget --user=ops --password=Wq7!pLx3 https://files/", // leakguard:allow (made-up)
        "redis-cli -h cache -a Rp4$tYu8Zq ping", // leakguard:allow (made-up)
        "ldapsearch -x -D cn=admin -w Lp9#vNq2 -b dc=corp", // leakguard:allow (made-up)
        "smbclient //srv/share -U bob%Sb5!kWq2", // leakguard:allow (made-up)
        "putty -pw Pt6#yHq3 admin@router", // leakguard:allow (made-up)
        "x = a - b  # pass -p here, no tool",
        "  -p Qw8!eRt5 alone",
        "WIFI:S:Guest;T:WPA;P:Mb7#xQe2Lp;;", // leakguard:allow (made-up)
    ];
    let text: String = lines.iter().map(|l| format!("{l}\nint x = y - 1; /* a - b */\n")).collect();
    let mut found = Vec::new();
    dfa.for_each(text.as_bytes(), |p, s, e| found.push((p, s, e)));
    let (mut whole, mut at_words) = (Vec::new(), Vec::new());
    commands(&text, None, &mut whole);
    commands(&text, Some(&found), &mut at_words);
    let spans = |v: &[ProseHit]| v.iter().map(|h| (h.start, h.end)).collect::<Vec<_>>();
    assert_eq!(spans(&at_words), spans(&whole));
    assert!(whole.len() >= 9, "{:?}", whole.iter().map(|h| &text[h.start..h.end]).collect::<Vec<_>>());
}

#[test]
fn two_messages() {
    let f = found_ctx("Hunter2!x", "what's the wifi password?");
    assert_eq!(f, vec!["Hunter2!x".to_string()]);
    let f = found_ctx("c'est Tournesol!88", "c'est quoi le mdp ?");
    assert_eq!(f, vec!["Tournesol!88".to_string()]);
    assert!(found_ctx("ask Paul", "what's the wifi password?").is_empty());
    assert!(found_ctx("Hunter2!x", "see you tomorrow").is_empty());
}

#[test]
fn offsets_are_original() {
    let t = "Le MOT DE PASSE ｅｓｔ : Ünïcode2024! ok";
    let d = ProseDetector::new();
    let mut out = Vec::new();
    d.detect(t, None, &mut out);
    assert_eq!(out.len(), 1, "{out:?}");
    assert_eq!(&t[out[0].start..out[0].end], "Ünïcode2024!");
    let t = "\u{200F}كلمة المرور: \u{200E}Riyadh#2030";
    yes(t, "Riyadh#2030");
}

#[test]
#[ignore]
fn debug_terms() {
    let d = ProseDetector::new();
    let t = std::env::var("PROSE_DEBUG").unwrap_or_default();
    let f = Folded::new(&t);
    println!("folded: {:?}", f.text);
    for x in d.terms(&f.text) {
        println!("{:?} {:?} {:?}", &f.text[x.start..x.end], x.keyword(), x.term.masks);
    }
    println!("langs: {:b}", d.message_langs(&f.text));
    println!("found: {:?}", found(&t));
}

#[test]
#[ignore]
fn time_engine_build() {
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let e = Engine::build();
        println!("engine build: {:?}, {} typo targets", t.elapsed(), e.typo_targets.len());
    }
    let d = ProseDetector::new();
    let msgs = ["le mot de passe du compte admin de la prod c'est Azerty123! et le login est jdupont, merci de ne pas le partager", "Hi team, the meeting is moved to 3pm tomorrow, please bring the quarterly numbers and the updated roadmap slides."];
    for m in msgs {
        let t = std::time::Instant::now();
        let mut out = Vec::new();
        for _ in 0..1000 {
            out.clear();
            d.detect(m, None, &mut out);
        }
        println!("{:?} per detect ({} bytes)", t.elapsed() / 1000, m.len());
        let t = std::time::Instant::now();
        for _ in 0..1000 {
            std::hint::black_box(Folded::new(m));
        }
        println!("  fold {:?}", t.elapsed() / 1000);
        let f = Folded::new(m);
        let t = std::time::Instant::now();
        for _ in 0..1000 {
            std::hint::black_box(d.terms(&f.text));
        }
        println!("  terms {:?}", t.elapsed() / 1000);
        let t = std::time::Instant::now();
        for _ in 0..1000 {
            std::hint::black_box(d.message_langs(&f.text));
        }
        println!("  langs {:?}", t.elapsed() / 1000);
    }
}

#[test]
#[ignore]
fn time_parts() {
    let d = ProseDetector::new();
    let m = "le mot de passe du compte admin de la prod c'est Azerty123! et le login est jdupont, merci de ne pas le partager";
    let f = Folded::new(m);
    let found = d.terms(&f.text);
    let ctx = Ctx { src: m, f: &f, found: &found, langs: d.engine.all, kw_start: Some(found[0].start) };
    let n = 1000;
    let t = std::time::Instant::now();
    for _ in 0..n { std::hint::black_box(code_context(m, &f, &found[0], Kind::Password)); }
    println!("code_context {:?}", t.elapsed() / n);
    let t = std::time::Instant::now();
    for _ in 0..n { std::hint::black_box(d.after_keyword(&ctx, 0, Kind::Password)); }
    println!("after_keyword {:?}", t.elapsed() / n);
    let t = std::time::Instant::now();
    for _ in 0..n { std::hint::black_box(value::shape("Azerty123!")); }
    println!("shape {:?}", t.elapsed() / n);
    let t = std::time::Instant::now();
    for _ in 0..n { std::hint::black_box(d.link_at(&ctx, found[0].end + 1)); }
    println!("link_at {:?}", t.elapsed() / n);
    let h = d.after_keyword(&ctx, 0, Kind::Password).unwrap();
    let t = std::time::Instant::now();
    for _ in 0..n { let mut o = Vec::new(); d.continuation(&ctx, h.end, &mut o); std::hint::black_box(o); }
    println!("continuation {:?}", t.elapsed() / n);
    println!("found {}", found.len());
}

/// The automaton build.rs computed for the language terms finds exactly what the aho-corasick
/// crate finds (every occurrence, overlaps included), on every message of the development set.
#[test]
fn static_automaton_matches_aho_corasick() {
    let ac = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::Standard)
        .build(data::MAIN_TERMS.iter().map(|t| t.text))
        .unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/prose");
    let mut texts = vec!["passwordpassword mdp: x".to_string(), "ｐａｓｓｗｏｒｄ é 密码是 비번은".to_string()];
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "jsonl") {
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                texts.push(v["text"].as_str().unwrap_or_default().to_string());
            }
        }
    }
    assert!(texts.len() > 1000);
    let mut total = 0;
    for t in &texts {
        let f = Folded::new(t);
        let mut want: Vec<(usize, usize, usize)> =
            ac.find_overlapping_iter(&f.text).map(|m| (m.pattern().as_usize(), m.start(), m.end())).collect();
        let mut got = Vec::new();
        data::MAIN_AC.for_each(f.text.as_bytes(), false, |p, s, e| got.push((p, s, e)));
        want.sort_unstable();
        got.sort_unstable();
        assert_eq!(got, want, "{t}");
        total += got.len();
    }
    assert!(total > 10_000, "{total}");
}

/// Every ordinary word is found in the hash table with its mask; other strings are not.
#[test]
fn word_table_finds_every_word() {
    for i in 0..data::WORD_MASKS.len() {
        let w = &data::WORDS[data::WORD_STARTS[i] as usize..data::WORD_STARTS[i + 1] as usize];
        assert_eq!(data::word_mask(w), data::WORD_MASKS[i], "{w}");
    }
    for w in ["", "qzxv", "gendarme75!", "azerty123"] {
        assert_eq!(data::word_mask(w), 0, "{w}");
    }
}

/// The character tables answer as the standard library does, on every character.
#[test]
fn character_tables_match_std() {
    for u in 0..0x11_0000u32 {
        if let Some(c) = char::from_u32(u) {
            assert_eq!(data::is_alnum(c), c.is_alphanumeric(), "{u:#x}");
            assert_eq!(data::is_alpha(c), c.is_alphabetic(), "{u:#x}");
        }
    }
}

/// A line longer than the line reach with multi-byte characters and a word of typing (found on a
/// French application description: a panic on a slice inside '–').
#[test]
fn long_line_with_entry_word_does_not_panic() {
    let mut s = String::new();
    while s.len() < 700 {
        s.push_str("– rapide et léger ; ");
    }
    for cut in 0..4 {
        let t = format!("{}{} saisir le texte puis taper Entrée", "é".repeat(cut), s);
        let _ = found(&t);
    }
}

/// Misspelt keywords are looked for in the first 2 KB of a message: the cut must fall between
/// characters (found on a Hindi UI string of more than 2 KB).
#[test]
fn typo_window_cut_inside_a_character_does_not_panic() {
    for cut in 0..3 {
        let t = format!("{}{}", "a".repeat(cut), "इस विकल्प को गलत सेट करना ".repeat(60));
        assert!(t.len() > 2048 && t.len() <= 4096);
        let _ = found(&t);
    }
}

/// Debug aid: `LG_PROSE_DEBUG=<file of lines> cargo test -p leakguard-core --lib debug_lines -- --ignored --nocapture`
/// prints, for each line, the hits and the keywords found.
#[test]
#[ignore]
fn debug_lines() {
    let Ok(path) = std::env::var("LG_PROSE_DEBUG") else { return };
    let d = ProseDetector::new();
    for line in std::fs::read_to_string(path).unwrap_or_default().lines() {
        let mut out = Vec::new();
        d.detect(line, None, &mut out);
        let f = Folded::new(line);
        let terms: Vec<String> = d.terms(&f.text).iter().map(|x| format!("{}{:?}", x.term.text, x.keyword())).collect();
        let hits: Vec<&str> = out.iter().map(|h| &line[h.start..h.end]).collect();
        println!("{hits:?} {terms:?} <- {line}");
    }
}

/// Ordinary text that has nothing to do with passwords (classes found with
/// scripts/prose_ordinary_fp.py; sentences written for this test).
#[test]
fn ordinary_text() {
    no("Write to us: 77 Elm Street, Suite 12, Worcester, MA 01608-1234 USA");
    no("Copyright (C) Anna Nicolas 2004.");
    no("these timestamps stay safe until the year 2106");
    no("# ReaderProxy, CodeCache, DictWriter,");
    no("region codes are the two-letter ones of ISO 3166");
    no("a Pink Lady apple costs 1999 cents there");
    no("Tento soubor má 1024 řádků.");
    no("Nếu lỗi mà không có mạng thì chờ 3000 mili giây.");
    no("key %s: signature skipped");
    no("-W, --password   always prompt for the password");
    no("the key is consistency!");
    no("set the key \"auto_lock_delay\" to 0 to disable it");
    no("Les mots de passe d’utilisateurs restent chiffrés.");
    no("Press Ctrl+Alt+T and the key combo opens a terminal");
    // The guards keep real values.
    yes("mã pin là 4821", "4821");
    yes("ma pin 4821 nhe", "4821");
    yes("pinkoden är 2754", "2754");
    yes("PINu 4821 nikomu nedávej", "4821");
    yes("the wifi key is Tournesol!", "Tournesol!");
    yes("door code since Monday: 1987", "1987");
}

#[test]
fn lock_codes_and_lists() {
    yes("the bike lock opens with 6-1-0-4, it's by the gate", "6-1-0-4");
    yes("key safe next to the door: 3 8 0 2", "3 8 0 2");
    yes("the office safe: combination 41-12-86", "41-12-86");
    found_all("night notes: fridge code 5521, medicine cupboard 7093.", &["5521", "7093"]);
    no("if the gate code fails call 0161 555 0199");
    no("match ended 2-1, next game on 12-03-24");
}

#[test]
fn spelling_cues_and_spoken_passphrases() {
    yes("the wifi password is gooseberry, all lowercase", "gooseberry");
    yes("the tablet password is cloud green nine two, no spaces", "cloud green nine two");
    yes("打印机密码是熊猫红色三不带空格", "熊猫红色三");
    no("the password is long and complicated, no spaces");
    no("type your user name in lowercase, no spaces");
}

#[test]
fn typos_seed_phrases_prompts() {
    yes("the pasword for the shed laptop is Greenhouse#42", "Greenhouse#42");
    yes("노트북 비밀번흐 Bibimbap#77 이야", "Bibimbap#77");
    yes("seed phrase: \"otter canyon maple ribbon\"", "otter canyon maple ribbon");
    found_all("backup codes: 7731-0942 5518-2204", &["7731-0942", "5518-2204"]);
    yes("ssh ops@10.0.0.9 and when it prompts, type Kettle!Boil42", "Kettle!Boil42");
    yes("scan this: WIFI:S:Cafe;T:WPA;P:Latte&Foam88;;", "Latte&Foam88");
    no("never share your seed phrase with anyone");
}

#[test]
fn shouting_and_postal_codes() {
    yes("HEADS UP: THE STOCKROOM PASSWORD IS NOW MAPLE-HARVEST-19", "MAPLE-HARVEST-19");
    no("pincode 400001 hai, second floor");
    no("reset questions go to the service desk, password help on extension 5127");
}

/// Names of code written in comments and docs are not values; passwords of similar shapes still are.
#[test]
fn code_names_are_not_values() {
    use value::{shape, Shape};
    for v in [
        "|out_key|", "out_key|", "Name|Pass", "%DEMO80_ATTR_X", "&OriginalBuilder", "&&Items", "CKM_DEMO_STAGE2", "FOO6_SO_GET_MODE",
        "id##_MINOR", "15:21:30Z", "old.*", "*.conf", "srcLen+dstLen", "64-bytes", "32-bit", "don't", "win32demo.pyd", "Etc/GMT-5.)<br>",
        ":meth:`rewind", "=item", "=?utf-8?Q?Gr=C3=BC=C3=9Fe?=", "Gr=C3=BC=C3=9Fe", "Gr+APw-sse", "{}={value}", "zone{}.deny", "{node.kind!r}",
        "HEAD-{3}(?:$|x)", "1F4A9", "0A7F3", "debian-13.2", "GPL-3.0", "octo/demo#4711", "node.kind!r", "mirror.example.org", "Build.pm",
    ] {
        assert_eq!(shape(v), Shape::No, "{v}");
    }
    for v in ["ADMIN_2024", "Tr0ub4dor&3", "Rajma_Chawal", "Selasa.Kamis", "Qx7#mPz2!vL", "Sunflower2024!"] {
        assert!(shape(v) >= Shape::Mixed, "{v}");
    }
}

/// Keywords that are statements or parameters of code take no value from the next line.
#[test]
fn keywords_in_code_take_no_value() {
    no("class Node(Base):\n    pass\n\nNode_v3 = node_impl_st\n");
    no("        except KeyError: pass\n        try: raise SystemExit\n");
    no("int open_store(const char *pass,\n    int passlen, STORE2_CTX *ctx);\n");
    no("    # pass 1: collect the VAR = VALUE pairs\n");
    yes("# the admin password is Vq8#Lm2!rT\n    pass\n", "Vq8#Lm2!rT");
    yes("Password:\nVq8#Lm2!rT\n", "Vq8#Lm2!rT");
    yes("the password\nLab!Spring-Session\nsee you", "Lab!Spring-Session");
}

/// Options, roles and alternatives in docs: "pass '--flag x'", a grammar's ` / ` list.
#[test]
fn docs_of_code() {
    no("error: `beta` is unstable; pass '--cfg demo_unstable_io' to enable");
    no("# note: you also have to pass `--cfg demo_unstable` here");
    no("#   path          = abs-path / rel-path2 / empty-path");
    no("- pin deploy-tool action");
    no("# Subject: CN=Demo Global Root O=DemoTrust");
    no("=item {mk} : Makedonski");
    no("One of the key types here is `SharedCounter`, used by");
    no("        :param key:\n        :rtype: mapping\n");
    yes("wifi pass: 'Sunflower-2024!'", "Sunflower-2024!"); // leakguard:allow (made-up)
}

#[test]
fn ascii_terms_find_what_main_ac_finds() {
    // Every ASCII term, alone, glued to its neighbours and overlapping them, and some prose: the
    // dense DFA gives the occurrences of MAIN_AC in the same order.
    let terms: Vec<&str> = data::MAIN_TERMS.iter().map(|t| t.text).filter(|t| t.is_ascii()).collect();
    let texts = [
        terms.join(" "),
        terms.join(""),
        terms.iter().rev().map(|t| format!("x{t}_")).collect::<Vec<_>>().join("-"),
        "the password for the vpn is in the vault; pass the key, user: admin, pin code 4471 (passwd)\n".repeat(5),
    ];
    let dfa = AsciiTerms::build();
    for t in &texts {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        data::MAIN_AC.for_each(t.as_bytes(), false, |p, s, e| a.push((p, s, e)));
        dfa.for_each(t.as_bytes(), |p, s, e| b.push((p, s, e)));
        assert!(!a.is_empty());
        assert_eq!(a, b);
    }
}

/// Where the prose detector's time goes on a tree of files: the windows of large files and the small
/// files read whole, as `detect_file` reads them; the time of `detect_one` on each group of windows (by
/// the kinds of keyword found, and whether the window holds a digit), and of its first steps.
/// `LEAKGUARD_BENCH_TREE=DIR cargo test --profile dist -p leakguard-core --lib prose::tests::bench_windows -- --ignored --nocapture`
#[test]
#[ignore]
fn bench_windows() {
    let Some(files) = crate::bench_tree_files() else { return };
    let mut texts: Vec<(String, bool)> = Vec::new(); // (text, read whole)
    for b in files {
        let Ok(t) = String::from_utf8(b) else { continue };
        if t.len() > 1 << 20 || t.contains('\0') {
            continue;
        }
        if t.len() <= WHOLE {
            if has_window(&t, None) {
                texts.push((t, true));
            }
        } else {
            texts.extend(windows(&t, None).into_iter().map(|(s, e)| (t[s..e].to_string(), false)));
        }
    }
    let d = ProseDetector::new();
    let bytes: usize = texts.iter().map(|t| t.0.len()).sum();
    println!("{} texts ({} read whole), {bytes} bytes", texts.len(), texts.iter().filter(|t| t.1).count());
    let detect = |x: &str, whole: bool| {
        let mut out = Vec::new();
        d.detect_one(x, None, whole, &mut out);
        out.len()
    };
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let n: usize = texts.iter().map(|(x, whole)| detect(x, *whole)).sum();
        let full = t.elapsed();
        let t = std::time::Instant::now();
        let folded: Vec<Folded> = texts.iter().map(|x| Folded::new(&x.0)).collect();
        let fold = t.elapsed();
        let t = std::time::Instant::now();
        folded.iter().for_each(|f| drop(std::hint::black_box(d.terms(&f.text))));
        let terms = t.elapsed();
        let t = std::time::Instant::now();
        folded.iter().for_each(|f| {
            std::hint::black_box(d.message_langs(&f.text));
        });
        let langs = t.elapsed();
        println!("detect_one {full:?} ({n} hits); fold {fold:?}, terms {terms:?}, message_langs {langs:?}");
    }
    let mut groups: std::collections::BTreeMap<String, (usize, std::time::Duration)> = Default::default();
    for (x, whole) in &texts {
        let mut kinds: Vec<String> = d.terms(&Folded::new(x).text).iter().filter_map(|k| k.keyword()).map(|k| format!("{k:?}")).collect();
        kinds.sort();
        kinds.dedup();
        let digit = if x.bytes().any(|b| b.is_ascii_digit()) { "digit " } else { "" };
        let t = std::time::Instant::now();
        for _ in 0..5 {
            std::hint::black_box(detect(x, *whole));
        }
        let g = groups.entry(format!("{digit}{}", kinds.join("+"))).or_default();
        g.0 += 1;
        g.1 += t.elapsed() / 5;
    }
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by_key(|g| std::cmp::Reverse(g.1 .1));
    for (k, (n, dt)) in groups.iter().take(20) {
        println!("{n:6} windows {dt:>12?}  {k}");
    }
}

/// The lines a file is read around are the same whether the searched words come from a keyword
/// pass (a `BulkDfa`, overlaps included) or from the static automaton and `memmem`.
#[test]
fn hot_lines_from_either_search() {
    let dfa = BulkDfa::new(trigger_words()).expect("a compact DFA");
    let text = "int x = a / b / c;\nhost / / path\nnothing here\nadmin / Kq7#wXz2\n// a/b and x /y\nle mdp est ici\n\
                self.key = other.key\npassword: none\nclé : rien\n x / \n/ y\nkeyboard mdps passwords\n";
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    dfa.for_each(bytes, |p, s, e| found.push((p, s, e)));
    let lines = |hot: Vec<usize>| {
        let mut v: Vec<usize> = hot.into_iter().map(|p| line_start_at(bytes, p)).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let want = lines(hot_spots(bytes, None));
    assert!(want.len() >= 8, "{want:?}");
    assert_eq!(lines(hot_spots(bytes, Some(&found))), want);
}

/// `first_non_ascii` finds the first byte above 0x7F across its blocks and chunks.
#[test]
fn first_non_ascii_across_blocks() {
    for len in [0, 1, 63, 64, 65, 1023, 1024, 1025, 3000] {
        for at in [0, 1, 63, 64, 65, 1023, 1024, 1088, 2047, 2999] {
            let mut v = vec![b'a'; len];
            if at < len {
                v[at] = 0xC3;
            }
            if at + 70 < len {
                v[at + 70] = 0xA9;
            }
            assert_eq!(first_non_ascii(&v), v.iter().position(|&b| b >= 0x80), "{len} {at}");
        }
    }
}
