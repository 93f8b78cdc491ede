//! Arguments of the commands the report prints ("Reproduce with `zhcorpus …`"), quoted for a
//! POSIX shell, so that a command pasted into `sh`, `bash` or `zsh` gives the program exactly
//! the arguments the report used and runs nothing else, whatever the corpus path, the metadata
//! values or the terms hold (docs/errors.md).

use std::borrow::Cow;

/// `arg` as one word of a POSIX shell command line: as it is when every character is one no
/// shell treats specially (ASCII letters, digits, `_ - . / : , + = @ %`, and any non-ASCII
/// character that is not a control or space character: Chinese text stays readable), else
/// inside single quotes, each `'` written `'\''` (within single quotes, no character but `'`
/// itself is special). The empty argument is `''`.
pub fn quote(arg: &str) -> Cow<'_, str> {
    let plain = |c: char| {
        c.is_ascii_alphanumeric()
            || matches!(c, '_' | '-' | '.' | '/' | ':' | ',' | '+' | '=' | '@' | '%')
            || (!c.is_ascii() && !c.is_control() && !c.is_whitespace())
    };
    // A leading `=` is special to zsh (`=cmd` expands to the command's path); `~` and `#` are
    // not plain at all, so `~user` and `#comment` are quoted.
    if !arg.is_empty() && arg.chars().all(plain) && !arg.starts_with('=') {
        return Cow::Borrowed(arg);
    }
    let mut q = String::with_capacity(arg.len() + 2);
    q.push('\'');
    for c in arg.chars() {
        if c == '\'' {
            q.push_str("'\\''");
        } else {
            q.push(c);
        }
    }
    q.push('\'');
    Cow::Owned(q)
}

/// The arguments quoted and joined by single spaces.
pub fn join<'a>(args: impl IntoIterator<Item = &'a str>) -> String {
    args.into_iter().map(quote).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_stay_as_they_are_and_the_rest_is_single_quoted() {
        assert_eq!(quote("seeds"), "seeds");
        assert_eq!(quote("核酸检测"), "核酸检测");
        assert_eq!(quote("date=2020-02-01"), "date=2020-02-01");
        assert_eq!(quote("../corpora/山西日报"), "../corpora/山西日报");
        assert_eq!(quote(""), "''");
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("=A"), "'=A'");
        assert_eq!(quote("~/x"), "'~/x'");
        assert_eq!(quote("c $(touch PWNED)"), "'c $(touch PWNED)'");
        assert_eq!(
            quote("x'; touch PWNED; echo '"),
            r"'x'\''; touch PWNED; echo '\'''"
        );
        assert_eq!(quote("a\u{3000}b"), "'a\u{3000}b'");
        assert_eq!(quote("a\nb"), "'a\nb'");
        assert_eq!(
            join(["keyness", "c d", "--target", "x=1"]),
            "keyness 'c d' --target x=1"
        );
    }

    /// What `sh` makes of a quoted argument is the argument, for hostile ones too: `printf`
    /// prints each word between brackets, and nothing else runs.
    #[test]
    fn sh_reads_each_quoted_argument_back_exactly() {
        let args = [
            "x'; touch PWNED; echo '",
            "c $(touch PWNED)",
            "`touch PWNED`",
            "a\"b\\c$HOME",
            "it's",
            "''",
            "tab\there",
            "new\nline",
            "*.txt",
            "=A",
            "核酸 检测",
            "",
            "-n",
        ];
        let dir = tempfile::tempdir().unwrap();
        let script = format!("printf '[%s]' {}", join(args.iter().copied()));
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(&script)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{script}");
        let want: String = args.iter().map(|a| format!("[{a}]")).collect();
        assert_eq!(String::from_utf8(out.stdout).unwrap(), want);
        assert!(!dir.path().join("PWNED").exists());
    }
}
