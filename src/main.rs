//! The `postcheck` binary: a thin shell over the library. Parse flags, run, map the outcome to
//! an exit code (0 clean, 1 findings at or above the threshold, 2 errors). A closed stdout
//! (`postcheck check big.txt | head -1`) is a clean exit, not a panic.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::args::parse();
    match cli::run(args) {
        Ok(code) => ExitCode::from(code),
        Err(err) if cli::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("postcheck: error: {err:#}");
            }
            ExitCode::from(2)
        }
    }
}
