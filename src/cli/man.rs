//! `zhcorpus man [-o DIR]`: manual pages in roff, generated from the clap definition, so they
//! say exactly what `--help` says (each page ends with the command's example).

use std::path::{Path, PathBuf};

use clap::Args;
use clap_mangen::Man;

use crate::error::{Error, Result};
use crate::output::{write_atomic, write_stdout};

#[derive(Debug, Args)]
#[command(after_help = "\
Read the main page without installing it: zhcorpus man | man -l -
man looks for pages in ../share/man beside each directory of your PATH: ~/.cargo/share/man
beside cargo install's ~/.cargo/bin (a directory elsewhere needs adding to MANPATH).

Example (then: man zhcorpus-freq):
  zhcorpus man -o ~/.cargo/share/man/man1")]
pub struct ManArgs {
    /// Write zhcorpus.1 and a page per command (zhcorpus-freq.1, ...) into DIR, created if
    /// missing, each file written whole or not at all. Default: zhcorpus.1 on standard output.
    #[arg(short, long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub output: Option<PathBuf>,
}

pub fn run(args: &ManArgs, quiet: bool) -> Result<()> {
    let pages = pages()?;
    match args.output.as_deref() {
        Some(dir) if dir != Path::new("-") => {
            if dir.exists() && !dir.is_dir() {
                return Err(Error::usage(format!(
                    "{}: not a directory: -o names the directory the pages go into",
                    dir.display()
                )));
            }
            for (name, roff) in &pages {
                write_atomic(&dir.join(name), roff)?;
            }
            if !quiet {
                eprintln!(
                    "wrote {} pages to {} (zhcorpus.1, zhcorpus-report.1, ...)",
                    pages.len(),
                    dir.display()
                );
            }
            Ok(())
        }
        // The main page comes first.
        _ => write_stdout(&pages[0].1),
    }
}

/// Every page as (file name, roff): `zhcorpus.1`, then one per subcommand in the order of
/// `zhcorpus --help` (`zhcorpus-freq.1`, ...), each subcommand's subcommands after it.
pub fn pages() -> Result<Vec<(String, Vec<u8>)>> {
    // As `clap_mangen::generate_to`: no page for the implicit `help` subcommand, and the
    // command built, so that a subcommand's display name (the page's name) is `zhcorpus-freq`.
    let mut cmd = super::command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    add_pages(cmd, &mut pages)?;
    Ok(pages)
}

fn add_pages(cmd: clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
    let subcommands: Vec<clap::Command> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .cloned()
        .collect();
    let man = Man::new(cmd);
    let mut roff = Vec::new();
    // Rendering into memory cannot fail; the error is still reported, never unwrapped.
    man.render(&mut roff)
        .map_err(|e| Error::io(man.get_filename(), e))?;
    pages.push((man.get_filename(), roff));
    for sub in subcommands {
        add_pages(sub, pages)?;
    }
    Ok(())
}
