use std::path::PathBuf;

use clap::Args;

use super::OutputArgs;
use crate::analysis::counts::merge;
use crate::error::Result;

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Counts files from `zhcorpus count` (Parquet or CSV), in corpus order.
    #[arg(required = true, value_name = "COUNTS")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub out: OutputArgs,
}

pub fn run(args: &MergeArgs) -> Result<()> {
    args.out.check()?;
    let paths: Vec<&std::path::Path> = args.inputs.iter().map(PathBuf::as_path).collect();
    let mut df = merge(&paths)?;
    args.out.write(&mut df)
}
