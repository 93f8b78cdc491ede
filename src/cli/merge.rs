use std::path::PathBuf;

use clap::Args;

use super::OutputArgs;
use crate::analysis::counts::merge;
use crate::error::Result;

#[derive(Debug, Args)]
#[command(after_help = "\
Example (two shards counted apart, the 2020 page and a 2022 page, then added):
  zhcorpus count seeds/003_337bf66f5a191e40.txt -o 2020.parquet
  zhcorpus count seeds/000_797ed97eab3695c8.txt -o 2022.parquet
  zhcorpus merge 2020.parquet 2022.parquet -o both.parquet")]
pub struct MergeArgs {
    /// Counts files from `zhcorpus count` (Parquet or CSV), in corpus order.
    #[arg(required = true, value_name = "COUNTS")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub out: OutputArgs,
}

pub fn run(args: &MergeArgs) -> Result<()> {
    let paths: Vec<&std::path::Path> = args.inputs.iter().map(PathBuf::as_path).collect();
    let inputs: Vec<(&str, &std::path::Path)> =
        paths.iter().map(|p| ("a counts input", *p)).collect();
    args.out.check(&inputs)?;
    let mut df = merge(&paths)?;
    args.out.write(&mut df)
}
