//! Shell integration: every command's `--help` ends with an example that runs, completions,
//! man pages.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use clap::CommandFactory;
use zhcorpus::cli::Cli;

use crate::util::*;

/// The subcommands, from the clap definition: a new command is in this list by itself.
fn subcommands() -> Vec<String> {
    let names: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for known in ["report", "freq", "keyness", "completions", "man"] {
        assert!(names.iter().any(|n| n == known), "{known} in {names:?}");
    }
    names
}

/// The example that `zhcorpus COMMAND --help` ends with: its last paragraph is a line
/// `Example:` or `Example (what it shows):` and the command lines, each indented by two spaces,
/// the last a `zhcorpus` command. Panics, naming the command, when the help has none.
fn example(command: &str) -> Vec<String> {
    let help = run_ok(&[command, "--help"]);
    let last = help
        .trim_end()
        .rsplit("\n\n")
        .next()
        .unwrap_or_default()
        .to_string();
    let mut lines = last.lines();
    let head = lines.next().unwrap_or_default();
    assert!(
        head.starts_with("Example") && head.ends_with(':'),
        "`zhcorpus {command} --help` does not end with `Example:` and a command \
         (clap `after_help` on its arguments); its last paragraph is:\n{last}"
    );
    let commands: Vec<String> = lines.map(str::to_string).collect();
    assert!(
        commands
            .iter()
            .all(|l| l.starts_with("  ") && !l[2..].starts_with(' ')),
        "{command}: the example's lines are indented by two spaces:\n{last}"
    );
    assert!(
        commands
            .last()
            .is_some_and(|l| l.starts_with(&format!("  zhcorpus {command} "))),
        "{command}: the example ends with a `zhcorpus {command} ...` line:\n{last}"
    );
    commands.iter().map(|l| l.trim().to_string()).collect()
}

/// Files under `dir` (recursively) with their sizes.
fn files(dir: &Path) -> Vec<(PathBuf, u64)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let meta = entry.metadata().unwrap();
        if meta.is_dir() {
            out.extend(files(&entry.path()));
        } else {
            out.push((entry.path(), meta.len()));
        }
    }
    out
}

/// Each example is run as the user would type it at the repository's root: by `sh` (its
/// quoting and redirections included), in a fresh directory holding a copy of `seeds/`, so that
/// the files it writes (`-o freq.csv`) land there, with `HOME` in that directory too (the
/// `completions` and `man` examples install under `~`), and `zhcorpus` a shell function
/// calling the binary under test. It must succeed without a warning and write something:
/// standard output or a file.
#[test]
fn every_command_help_ends_with_an_example_that_runs_on_the_seeds() {
    let bin = crate::util::bin();
    for command in subcommands() {
        let lines = example(&command);
        let dir = tempfile::tempdir().unwrap();
        let work = dir.path();
        std::fs::create_dir(work.join("seeds")).unwrap();
        for (path, _) in files(&seeds()) {
            std::fs::copy(&path, work.join("seeds").join(path.file_name().unwrap())).unwrap();
        }
        std::fs::create_dir(work.join("home")).unwrap();
        let before = files(work);
        let script = format!(
            "set -e\nzhcorpus() {{ \"$ZHCORPUS_BIN\" \"$@\"; }}\n{}\n",
            lines.join("\n")
        );
        let out = Process::new("sh")
            .arg("-c")
            .arg(&script)
            .current_dir(work)
            .env("ZHCORPUS_BIN", &bin)
            .env("HOME", work.join("home"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "{command}: the example failed ({}):\n{script}\n{stderr}",
            out.status
        );
        assert!(
            !stderr.contains("warning") && !stderr.contains("error"),
            "{command}: the example warns:\n{script}\n{stderr}"
        );
        let written: Vec<(PathBuf, u64)> = files(work)
            .into_iter()
            .filter(|f| !before.contains(f))
            .collect();
        assert!(
            written.iter().all(|(_, len)| *len > 0),
            "{command}: empty files {written:?}"
        );
        assert!(
            !out.stdout.is_empty() || !written.is_empty(),
            "{command}: the example writes nothing:\n{script}"
        );
    }
}

#[test]
fn completions_know_every_command_in_every_shell() {
    let commands = subcommands();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = run_ok(&["completions", shell]);
        for c in &commands {
            assert!(script.contains(c.as_str()), "{shell}: no {c}");
        }
        assert!(script.contains("stopwords"), "{shell}: no --stopwords");
        assert_eq!(
            run_ok(&["completions", shell]),
            script,
            "{shell}: not the same"
        );
    }
    let err = fails(&["completions", "tcsh"], 2);
    assert!(err.contains("tcsh") && err.contains("bash"), "{err}");
}

/// The bash script loaded into bash and asked what it completes, as bash does on Tab.
#[test]
fn bash_completes_commands_flags_and_shells() {
    let script = run_ok(&["completions", "bash"]);
    let complete = |words: &[&str]| -> String {
        let test = format!(
            "{script}\nCOMP_WORDS=({words}); COMP_CWORD={cword}; \
             _zhcorpus zhcorpus \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; \
             echo \"${{COMPREPLY[*]}}\"",
            words = words
                .iter()
                .map(|w| format!("'{w}'"))
                .collect::<Vec<_>>()
                .join(" "),
            cword = words.len() - 1,
        );
        let out = Process::new("bash").arg("-c").arg(&test).output().unwrap();
        assert!(out.status.success(), "{words:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    assert_eq!(complete(&["zhcorpus", "fr"]), "freq");
    assert_eq!(complete(&["zhcorpus", "ke"]), "keyness keywords");
    assert_eq!(complete(&["zhcorpus", "freq", "--by"]), "--by");
    assert_eq!(
        complete(&["zhcorpus", "completions", ""]),
        "-q -h --quiet --threads --help bash elvish fish powershell zsh"
    );
}

#[test]
fn man_writes_a_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let man = dir.path().join("share/man/man1");
    let arg = man.to_str().unwrap();
    run_ok(&["man", "-o", arg]);
    let mut names: Vec<String> = files(&man)
        .iter()
        .map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut want: Vec<String> = subcommands()
        .iter()
        .map(|c| format!("zhcorpus-{c}.1"))
        .collect();
    want.push("zhcorpus.1".into());
    want.sort();
    assert_eq!(names, want);

    let page = |name: &str| std::fs::read_to_string(man.join(name)).unwrap();
    let main = page("zhcorpus.1");
    assert!(main.contains(".TH zhcorpus 1"), "{main}");
    assert!(main.contains("zhcorpus\\-keyness(1)"), "{main}");
    // `zhcorpus man` alone prints the main page, the same bytes.
    assert_eq!(run_ok(&["man"]), main);
    let freq = page("zhcorpus-freq.1");
    assert!(freq.contains(".TH zhcorpus-freq 1"), "{freq}");
    assert!(freq.contains("\\-\\-stopwords"), "{freq}");
    // The example of `--help` is on the page (roff escapes the dashes).
    let example = example("freq").join("\n").replace('-', "\\-");
    assert!(freq.contains(&example), "{example} not in\n{freq}");

    // Written again: the same bytes, and no temporary file left beside them.
    run_ok(&["man", "-o", arg]);
    assert_eq!(page("zhcorpus-freq.1"), freq);
    assert_eq!(files(&man).len(), want.len());
}

#[test]
fn man_into_a_path_that_is_a_file_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "not a directory").unwrap();
    let err = fails(&["man", "-o", file.to_str().unwrap()], 2);
    assert_eq!(
        err,
        format!(
            "error: {}: not a directory: -o names the directory the pages go into\n",
            file.display()
        )
    );
    let below = file.join("man1");
    let err = fails(&["man", "-o", below.to_str().unwrap()], 1);
    assert!(
        err.starts_with(&format!("error: {}: ", below.display())),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a directory");
    assert_eq!(files(dir.path()).len(), 1);
}

/// HTML text back to the characters it shows (minijinja escapes `& < > " ' /`).
fn unescape(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find(';').map(|j| i + j).unwrap();
        let entity = &rest[i + 1..end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            e if e.starts_with("#x") => {
                char::from_u32(u32::from_str_radix(&e[2..], 16).unwrap()).unwrap()
            }
            e if e.starts_with('#') => char::from_u32(e[1..].parse().unwrap()).unwrap(),
            e => panic!("unknown entity &{e};"),
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The commands the report page prints ("Reproduce with `zhcorpus …`") give a POSIX shell
/// exactly the report's arguments and run nothing else, for a corpus directory named
/// `c $(touch PWNED)` and metadata values made to break out of quotes. Each printed command
/// runs in `sh` with `zhcorpus` a function that prints its arguments.
#[test]
fn printed_commands_pass_their_arguments_to_the_shell_exactly_and_run_nothing_else() {
    let work = tempfile::tempdir().unwrap();
    let root = work.path().join("c $(touch PWNED)");
    std::fs::create_dir(&root).unwrap();
    let hostile = ["x'; touch PWNED; echo '", "it's `touch PWNED` \"$HOME\""];
    let mut meta = String::from("file,newspaper\n");
    for (i, entry) in std::fs::read_dir(seeds()).unwrap().enumerate() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if !name.ends_with(".txt") {
            continue;
        }
        std::fs::copy(&path, root.join(&name)).unwrap();
        // The value in a CSV field, its quotes doubled.
        let value = hostile[i % 2].replace('"', "\"\"");
        meta.push_str(&format!("{name},\"{value}\"\n"));
    }
    std::fs::write(root.join("metadata.csv"), meta).unwrap();
    let out = work.path().join("out");
    let root_arg = root.to_str().unwrap();
    run_ok(&["report", root_arg, "-o", out.to_str().unwrap()]);
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    let commands: Vec<String> = page
        .split("<code>")
        .skip(1)
        .map(|s| unescape(&s[..s.find("</code>").unwrap()]))
        .filter(|c| c.starts_with("zhcorpus ") && c.split(' ').count() > 2)
        .collect();
    assert!(commands.len() >= 6, "{commands:?}");
    let mut targets = Vec::new();
    for command in &commands {
        let script = format!("zhcorpus() {{ printf '%s\\n' \"$@\"; }}\n{command}");
        let run = Process::new("sh")
            .arg("-c")
            .arg(&script)
            .current_dir(work.path())
            .output()
            .unwrap();
        assert!(run.status.success(), "{command}");
        let args: Vec<&str> = std::str::from_utf8(&run.stdout).unwrap().lines().collect();
        // The subcommand, then the corpus as the report was given it.
        assert_eq!(args.get(1), Some(&root_arg), "{command}");
        for (i, a) in args.iter().enumerate() {
            if *a == "--target" || *a == "--reference" {
                targets.push(args[i + 1].to_string());
            }
        }
    }
    assert!(!work.path().join("PWNED").exists() && !root.join("PWNED").exists());
    for value in hostile {
        assert!(
            targets.iter().any(|t| t == &format!("newspaper={value}")),
            "{value:?} in {targets:?}"
        );
    }
}
