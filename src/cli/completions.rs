//! `postcheck completions SHELL` and `postcheck man`: generated from the clap definition in
//! args.rs, so they always list the subcommands and options the binary really has.

use std::io::{self, BufWriter, Write};

use anyhow::{bail, Result};
use clap::CommandFactory;
use clap_complete::Shell;

use super::args::Cli;

pub fn completions(shell: Shell) -> Result<u8> {
    let mut out = BufWriter::new(io::stdout().lock());
    clap_complete::generate(shell, &mut Cli::command(), "postcheck", &mut out);
    out.flush()?;
    Ok(0)
}

/// The man page (roff) of postcheck, or of one subcommand (`postcheck man check` gives the
/// postcheck-check(1) page the main page refers to).
pub fn man(subcommand: Option<&str>) -> Result<u8> {
    let mut cmd = Cli::command();
    cmd.build();
    let page = match subcommand {
        None => cmd,
        Some(name) => {
            let Some(sub) = cmd.find_subcommand(name) else {
                let known: Vec<&str> = cmd.get_subcommands().map(|s| s.get_name()).collect();
                bail!(
                    "no subcommand `{name}`: the man pages are for {}",
                    known.join(", ")
                );
            };
            sub.clone()
                .display_name(format!("postcheck-{name}"))
                .bin_name(format!("postcheck {name}"))
                .version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut out = BufWriter::new(io::stdout().lock());
    clap_mangen::Man::new(page).render(&mut out)?;
    out.flush()?;
    Ok(0)
}
