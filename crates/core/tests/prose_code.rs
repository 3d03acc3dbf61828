//! The prose detector on source code: statements, identifiers, parameter lists and doc comments that
//! contain a password word ("pass", "key", "id", "pin") are not passwords written in a sentence, and a
//! password written in a comment still is. Each snippet is scanned alone (a message) and inside a
//! larger file (read by windows around its keywords), through the whole scanner.
//!
//! The snippets are written for this test (classes of false positives seen on source trees).

mod snippets;

use snippets::{finds, quiet};

/// Python's `pass` statement, then more code: the next line is not its value.
#[test]
fn python_pass_statement() {
    quiet("class Handle(Base):\n    pass\n\nHandle_v2 = Handle_impl_st\n");
    quiet("def close_all():\n    pass\n\n_MAGIC_tag = 0xC0DE1234  # format 3\n");
    quiet("    async def worker():\n        pass\n\n    saved_hook = sys._unraisable_hook_orig\n");
    quiet("        except OSError: pass\n        try: raise SystemExit\n");
    quiet("    class Empty: pass\n    @decorate := wrapper_factory\n");
    quiet("            pass\n        # grammar: yield_expr | await_expr | star_expr\n");
    quiet("                pass\n            msg = \"type Widget has no attribute 'paint'\"\n");
    quiet("            pass\n        merged = [c.Reader, c.Writer, c.Seekable]\n");
}

/// C and C++ declarations: a parameter named like a password word, then the next parameters.
#[test]
fn c_parameters() {
    quiet("int derive_key(const unsigned char *pass,\n    size_t passlen, KDF2_PARAMS *params,\n    int rounds);\n");
    quiet("int stream_copy(\n  void *pin,\n  int (*xRead)(void *pState, void *pBuf, int nBuf),\n  void *pOut\n);\n");
    quiet("  Builder(Context &Ctx, uint32_t id,\n          Builder &OriginalBuilder,\n          bool Fast);\n");
    quiet("#define MASK_FOR(pass,bit) ( \\\n   ((0x2301CDEF>>(((3-(bit))-(pass))<<1)) & 0x3) | \\\n");
}

/// Names of code inside comments and docs: `|name|` parameters, constants, quoted identifiers.
#[test]
fn names_in_comments() {
    quiet(" * copy the salt into |out_salt|, pass NULL to |out_key| to skip it.\n");
    quiet("** Return a copy of the private key \"ownerKey\"\n");
    quiet(" * Input key type:  CKM_DEMO_STAGE2\n");
    quiet(" *\n * FOO6_SO_SET_MODE / FOO6_SO_GET_MODE\t\t72\n");
    quiet(" * The password for WPA3 should be given with %DEMO80_ATTR_PASSWORD in\n");
    quiet("   to pass `issubclass` checks.\n");
    quiet("#   Id: build.py 712 2011-03-02 11:47:09Z alice\n");
    quiet(" * so that you can handle upto 3072-bit RSA keys with these settings\n");
    quiet("        # the value on the 16-bit key should be the same on 32-bit\n");
    quiet(" * Policy decided the nonce is fresh enough to derive a key: don't\n");
}

/// Source lines: assignments, dictionary literals, string arguments, comparisons.
#[test]
fn code_lines() {
    quiet("    pin = widget.attach_filter\n");
    quiet("    TOKEN_NAME = 'demoUser'\n    PASSWD = 'samplePass'\n");
    quiet("        rows = [{'field':'id', 'kind':None, 'value':'4821'},\n");
    quiet("            cursor.execute(\"SELECT v FROM t\"\n                           \" WHERE key >= 4096\"\n");
    quiet("        if root is _Window._root:\n            return\n");
    quiet("        check(splitcreds('User:Pass@host.example:8080'),\n              ('User:Pass', 'host.example:8080'))\n");
    quiet("                    'root:kernel-4.11.3~2/RELEASE_X86'), 'x86'))\n");
}

/// Settings files and next lines: a keyword that was given its value on its line does not take the
/// next line as well, and a section header is no value.
#[test]
fn config_next_lines() {
    quiet("[index-a]\nusername:alice\npassword:secret\n\n[index2]\nrealm:zone\n");
    quiet("            prompt.assert_called_with('Password: ',\n                                      stream.return_value)\n");
}

/// Passwords written in comments and docs are still found.
#[test]
fn passwords_in_comments() {
    finds("# root password: Tr0ub4dor&3\nconnect()\n", "Tr0ub4dor&3");
    finds("def connect():\n    # the admin password is Vq8#Lm2!rT\n    pass\n", "Vq8#Lm2!rT");
    finds("    pass\n\n# staging db password: Hx4$Nc9!pW\nDB_HOST = 'db.internal'\n", "Hx4$Nc9!pW");
    finds("-- the service account password is Qz7!Bn3#Lk until Friday\nSELECT 1;\n", "Qz7!Bn3#Lk");
}

/// Type, encoding and format names with their size, and issue numbers, after "pass", "pin" or
/// "key" in comments and docstrings, are not values; a word and a year still are.
#[test]
fn sized_names_and_issue_numbers() {
    quiet("    # we pass 'float32' here so that the sum stays wide enough\n");
    quiet("        # Cannot pin int64 on a 32-bit build (the index would overflow)\n");
    quiet("    # GH#40123 pins the old behaviour so that it cannot come back unnoticed\n");
    quiet("        archives over 4 GiB: pass allow_big to write the ZIP64 records instead\n");
    quiet("    Accepts any format; pass \"ISO8601\" to parse timestamps strictly.\n");
    quiet("    Writes the key: PKCS#8 by default, or PKCS#1 when asked.\n");
    finds("the wifi pass is Base2024\n", "Base2024");
    finds("pw: Win2024\n", "Win2024");
}

/// Parameters of a numpydoc docstring (`name : type`, indented, a space before the colon) are not
/// values; the same words in a sentence or a settings line still are.
#[test]
fn numpydoc_parameters() {
    quiet("    Parameters\n    ----------\n    key : Mapping\n        Where the rows are looked up.\n");
    quiet("        key : callable, optional\n            Applied to each value before sorting.\n");
    finds("key : Qx7#mPz2!vL\n", "Qx7#mPz2!vL");
    finds("the key is Qx7#mPz2!vL\n", "Qx7#mPz2!vL");
}

/// Doctest lines (`>>> ` and `... ` before code, or a `# doctest:` directive), compound assignments
/// (`^=`, `+=`...) and TypeScript declarations are code; a mail quoted three times is not.
#[test]
fn doctests_compound_assignments_and_declarations() {
    quiet("    Examples\n    --------\n    >>> for part in reader:\n    ...     pass  # doctest: +SKIP\n    \"\"\"");
    quiet("    >>> style.format(na_rep='PASS', precision=2)  # doctest: +SKIP");
    quiet("def scramble(word):\n    key = 0\n    for ch in word:\n        key ^= (ord(ch) << 1)\n    key ^= 0xBEEF\n    return key");
    quiet("interface Options {\n  readonly root: SchemaNode\n  readonly key: string\n}");
    quiet("export type KeyMap = {[Key in string]?: SchemaNode}");
    finds(">>> the password for the staging box is Tr0ub4dor&3, keep it private", "Tr0ub4dor&3");
    finds("... and the password is Kest-Rel!2031 until Friday", "Kest-Rel!2031");
}

/// "pass" as an English verb (after a modal, a negation, "to", a subject or "and") takes an
/// argument, not a password; as a label or after a user name it still gives one.
#[test]
fn pass_as_a_verb() {
    quiet("    _arity = {\"ohlc\": 4}  # OHLC\n\n    # Note: we make this a staticmethod and pass mode+axis so that caching\n    #  works at the module level and not the object level\n    @staticmethod\n");
    quiet("        assert not frame.equals(list(frame))\n\n        # Cannot pass in non-uint8 dtype to RangeIndex\n        if not isinstance(frame, pd.RangeIndex) and not is_sparse:\n");
    quiet("            if isinstance(raw, io.StringIO):\n                if self.codec is None:\n                    raise TypeError(\n                        \"Can not pass codec None when input is StringIO.\"\n                    )\n");
    quiet("    For example, to read the French locale you would pass\n        \"fr_FR.ISO-8859-1\".\n");
    quiet("                \"Refusing to both set regex=False and pass 'opts' holding \"\n                \"re.VERBOSE\"\n");
    finds("the wifi pass: Lantern#2093\n", "Lantern#2093");
    finds("user jdoe and pass Qv7!Tm2x\n", "Qv7!Tm2x");
}

/// Parameters and arguments on the line after an opening `(` or `[`, TypeScript index signatures,
/// mapped types and generics: names of types, not values.
#[test]
fn signatures_and_types() {
    quiet("    def fetch_all(\n        self, key: str, fallback: _Marker | _T = _Marker.unset\n    ) -> list[str]:\n");
    quiet("    def _reindex_checked(\n        self, key: Labels, level_name: str_t\n    ) -> None:\n");
    quiet("    elif isinstance(\n        key, (curve.X448PrivateKey, curve.X448PublicKey)\n    ):\n");
    quiet("    reader = codecs.StreamReaderWriter(\n        handle, latin1.encode, latin1.decode, codec.writer\n    )\n");
    quiet("type PlainCollection =\n\t| readonly PlainValue[]\n\t| {readonly [key: string]: SerializableThing; readonly [key: number]: SerializableThing}\n");
    quiet("type JsonifyHelper<Type, Value> = Simplify<{\n\t[Key in keyof Type]: _Jsonify<\n\t\tType[Key],\n\t\tValue>\n}>;\n");
    quiet("\t\t\t? Source\n\t\t\t: Key extends PropertyKey\n\t\t\t\t? Pick<Source, Key>\n\t\t\t\t: SourceT\n\t\t: SourceT;\n");
}

/// Markup and paths: a password word inside a tag or a namespaced path (`<ns:key>`, `a:p/w:b`),
/// and a tag given where a value would be, are names.
#[test]
fn markup_and_paths() {
    quiet("        The first one is `w:body/w:sectPr`, the others are `w:p/w:rPr/w:sectPr`.\n");
    quiet("        Every rsid attribute is removed from the root ``<w:docGrid>`` element.\n");
    quiet("\t\t\t<axsl:key>\n\t\t\t\t<xsl:value-of select=\"@name\"/>\n");
}

/// Regular expressions and tables of code: a password word as one alternative of a pattern, as a
/// string literal alone in a tuple, and a character class given as the value.
#[test]
fn patterns_and_literals() {
    quiet("        r\"#\\{.+\\}\",  # Ruby: String Interpolation\n        r\"\\{\\{.+\\}\\}\",  #\n        r\".*@@@hl@@@(비밀번호|비번|PWD|PASS)@@@endhl@@@\",  #\n");
    quiet("             r'Fault_MissingTable|Fault_BadPassword|'\n             r'Fault_Timeout|'\n");
    quiet("\t((OFFICENS,u'password'), None): cnv_text,\n");
    quiet("  required_words:\n    - key-\n  pattern_regex: \"[0-9A-Za-z_-]{20}\"\n");
}

/// Numbers after "code": a year after a preposition is a date, a number after a quantity word is a
/// quantity; a code given with a copula is still found.
#[test]
fn years_and_quantities() {
    quiet("        to the log like the legacy code from 2003,\n");
    quiet("class TestWidth_2048_Narrow(Base):\n    \"\"\"Check the width in unicode (size 2048, narrow values)\"\"\"\n");
    finds("the door code is 2003\n", "2003");
}

/// Lines after "root" and other ambiguous words: a label ending with a colon, a word of a diff, a
/// bracketed notation, a name after alternatives in brackets, and a value after "not".
#[test]
fn next_lines_and_notations() {
    quiet("        is_html:\n            Set to True to write HTML instead of XML.\n        is_root:\n            Boolean telling whether this is a root element.\n        ns_to_prefix:\n            Current state of the map of namespaces to prefixes.\n");
    quiet("+Each branch has a root and some\n+children.\n");
    quiet("        # Map from each install root to [Staged]BuildFolder\n");
    quiet("** an integer key called the [SLOTID | \"slotid\"]. ^The slot is always present\n");
    quiet("    # This archive keeps the password as bytes, not a plain Latin-1/ASCII string.\n");
}

/// A value right after a word naming a form ("structure", "format") describes the form.
#[test]
fn forms_of_values() {
    quiet("    def check_layout(value: str) -> bool:\n        \"\"\"True if value matches the app password structure 'body:crc32'\"\"\"\n");
    finds("the password format XX-9999 is enforced, the real one is Lm4!Qe8#Zt\n", "Lm4!Qe8#Zt");
}

/// What these classes must not take away: a value after `|` outside brackets, a value followed by
/// "not ...", a copula after a bracketed aside.
#[test]
fn sentences_still_found() {
    finds("wifi password | Harbor#7731\n", "Harbor#7731");
    finds("the password is Qz7!Bn3#Lk, not the old one\n", "Qz7!Bn3#Lk");
    finds("the pin for the (new) safe is 4417\n", "4417");
    finds("the vpn password (for the laptop) is Nx5$Wq2!Lp\n", "Nx5$Wq2!Lp");
}

/// Values of other kinds after a password word: hex bytes joined by colons (a key identifier), a
/// source location (`file.c:27`), a signature file (`.asc`).
#[test]
fn identifiers_locations_and_signatures() {
    quiet("        X509v3 extensions:\n            X509v3 Subject Key Identifier:\n                9A:1C:E4:07:B2:55:6D:F0:13:8E:C2:47:A9:3B:70:DE:61:F4:28:0C\n");
    quiet("Blocks lost in the pool:\n   at 0x........: malloc (vg_replace_malloc.c:...)\n   by 0x........: mk (pool-walk.c:27)\n   by 0x........: main (pool-walk.c:40)\n");
    quiet("GPG will ask for your password. The signed output will be called\nCHECKSUMS.txt.asc.\n");
    finds("the password is Tx:9k:Lm:Qe:42\n", "Tx:9k:Lm:Qe:42");
}
