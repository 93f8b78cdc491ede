use std::process::ExitCode;

fn main() -> ExitCode {
    match zhcorpus::cli::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err)
            if matches!(
                err.downcast_ref::<zhcorpus::Error>(),
                Some(zhcorpus::Error::Closed)
            ) =>
        {
            ExitCode::SUCCESS
        }
        Err(err) => {
            // Control characters of file names and values escaped (cli::for_terminal).
            eprintln!(
                "error: {}",
                zhcorpus::cli::for_terminal(&format!("{err:#}"))
            );
            // 2 for a usage error (clap exits 2 by itself for malformed arguments), 1 otherwise.
            let usage = err
                .downcast_ref::<zhcorpus::Error>()
                .is_some_and(zhcorpus::Error::is_usage);
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}
