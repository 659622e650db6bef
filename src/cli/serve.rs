//! `bulletin serve`.

use std::net::IpAddr;
use std::path::Path;

use clap::Args;

use super::{EXIT_ERRORS, SiteArgs};
use crate::serve::{ServeOptions, run as serve};

/// Arguments of `bulletin serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. Only loopback by default: the preview is for the editor's machine.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: IpAddr,
    /// Port to listen on; when busy, the next free one of the following 10 is used.
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    #[command(flatten)]
    pub site: SiteArgs,
}

pub(super) fn run(root: &Path, args: &ServeArgs) -> u8 {
    let options = ServeOptions {
        site: args.site.options(root.to_path_buf()),
        bind: args.bind,
        port: args.port,
        port_attempts: 10,
    };
    match serve(options) {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_ERRORS
        }
    }
}
