//! The built-in rules of which some match may hold none of their keywords. Shared by build.rs (the
//! scanner searches only the line of a keyword for the other rules whose matches stay on one line)
//! and by the keyword lint (tests/keywords.rs, which proves coverage for every rule not listed).

/// Rules whose keyword coverage the analysis cannot show, each with why no real secret is missed.
/// A new rule must not join the list without such a reason: a spelling the pattern accepts that
/// holds no keyword is never searched (fix the keywords, or the pattern).
pub const UNPROVEN: &[&str] = &[
    // Issued tokens start `<id>:AA` (the keyword `:aa`); the pattern's `:A` then another character
    // is no token seen in practice, and is still found beside `telegram`.
    "leakguard.telegram.bot-token",
    // The first part is the bot's numeric id in base64: its first four characters encode three
    // digits, and the keywords are those of 100 to 999 (`ndex`, `ntax`, `ntex` with the next
    // character, which begins the next three digits: `index`, `syntax`, `context` are everywhere).
    // The pattern says `[MNO]` and any 22-25 characters, so the analysis cannot see it.
    "leakguard.discord.bot-token",
    // The keywords are after the match: the empty trailing fields (`:::`) or the default maximum
    // age (`:99999:`) of the same line; `$id$` hashes are also found by their own rules (`$6$`,
    // `$y$`...). Missed: a DES (13-character) line alone in a text whose aging fields are all set
    // and whose maximum age is not 99999.
    "leakguard.hash.shadow-line",
    // The token (`<app id>|<app secret>`) has no fixed text: the keywords are the context the rule
    // needs nearby (facebook, graph, fb_, access_token), on purpose.
    "leakguard.facebook.app-access-token",
];
