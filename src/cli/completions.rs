//! `zhcorpus completions SHELL`: the shell's completion script, generated from the clap
//! definition (so it always knows every subcommand and flag of this build), on standard output.

use clap::Args;
use clap_complete::Shell;

use crate::error::Result;

#[derive(Debug, Args)]
#[command(after_help = "\
Install (once; the shell loads the script when it starts):
  bash        zhcorpus completions bash > ~/.local/share/bash-completion/completions/zhcorpus
  zsh         zhcorpus completions zsh > ~/.zfunc/_zhcorpus
              (and in ~/.zshrc, before compinit: fpath=(~/.zfunc $fpath))
  fish        zhcorpus completions fish > ~/.config/fish/completions/zhcorpus.fish
  PowerShell  add to $PROFILE: zhcorpus completions powershell | Out-String | Invoke-Expression

Example (bash, for your user; open a new shell, then type zhcorpus fr<Tab>):
  mkdir -p ~/.local/share/bash-completion/completions
  zhcorpus completions bash > ~/.local/share/bash-completion/completions/zhcorpus")]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: &CompletionsArgs) -> Result<()> {
    // Rendered whole, then written: the generators panic on a write error, and a closed pipe
    // (`zhcorpus completions bash | head`) is not an error.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut super::command(), "zhcorpus", &mut script);
    crate::output::write_stdout(&script)
}
