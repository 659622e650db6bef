//! `bulletin export`: a notice in another form than its web page. Today: `export wechat`,
//! the WeChat Official Account (公众号) article.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE, SiteArgs, Verbosity, plural, report};
use crate::diagnostics::Diagnostics;
use crate::wechat::{self, Lookup};

/// The forms a notice can be exported in.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Write a notice as a WeChat (公众号) article: one HTML file to open in a browser, copy
    /// and paste into the WeChat editor. Prints the images to upload and the sizes against
    /// WeChat's limits.
    Wechat(WechatArgs),
}

/// Arguments of `bulletin export wechat`.
#[derive(Debug, Args)]
pub struct WechatArgs {
    /// The notice: its slug (`2025-cappvd-call`) or its Markdown file
    /// (`content/notices/2025-cappvd-call.md`).
    pub notice: String,
    /// Where to write the article (default: <slug>.wechat.html in the working directory).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub site: SiteArgs,
}

pub(super) fn run(root: &Path, command: &ExportCommand, verbosity: Verbosity) -> u8 {
    match command {
        ExportCommand::Wechat(args) => wechat(root, args, verbosity),
    }
}

fn wechat(root: &Path, args: &WechatArgs, verbosity: Verbosity) -> u8 {
    let modelled = match crate::pipeline::modelled(&args.site.options(root.to_path_buf())) {
        Ok(m) => m,
        Err(errors) => return failed(&errors),
    };
    let site = &modelled.site;
    let entry = match wechat::find(site, &args.notice) {
        Ok(entry) => entry,
        Err(Lookup::Unknown(best)) => {
            eprintln!("error: no published notice or page `{}`", args.notice);
            match best {
                Some(best) => eprintln!("  = hint: did you mean `{best}`?"),
                None => eprintln!(
                    "  = hint: give a notice's slug (its file name without .md) or its Markdown file"
                ),
            }
            eprintln!(
                "  = hint: drafts need --drafts, scheduled notices a --now after their publish_at"
            );
            return EXIT_USAGE;
        }
        Err(Lookup::Unpublished) => {
            eprintln!(
                "error: `{}` is not published (a draft, scheduled, or not a notice or page)",
                args.notice
            );
            eprintln!(
                "  = hint: drafts need --drafts, scheduled notices a --now after their publish_at"
            );
            return EXIT_USAGE;
        }
    };
    let slug = entry
        .route
        .url_path()
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("notice")
        .to_string();
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{slug}.wechat.html")));
    let content = site.root.join("content");
    let out_dir = absolute(output.parent().unwrap_or(Path::new("")));
    let image_src = |file: &str| relative_src(&out_dir, &absolute(&content.join(file)));
    let article = match wechat::export(modelled.view(), entry, &image_src) {
        Ok(article) => article,
        Err(errors) => return failed(&errors),
    };
    if let Err(e) = std::fs::write(&output, article.document()) {
        eprintln!("error: cannot write {}: {e}", output.display());
        return EXIT_ERRORS;
    }
    if verbosity == Verbosity::Quiet {
        return EXIT_OK;
    }
    let mut warnings: Diagnostics = modelled
        .warnings
        .iter()
        .filter(|w| w.file == entry.doc.display)
        .cloned()
        .collect();
    warnings.extend(article.warnings.iter().cloned());
    report(&warnings);
    println!(
        "Wrote {}: the WeChat article of {}",
        output.display(),
        Path::new("content").join(&entry.doc.path).display()
    );
    print!("{}", summary(&article));
    EXIT_OK
}

/// What to do in the editor and how the article measures against WeChat's limits.
fn summary(article: &wechat::Article) -> String {
    let mut out = String::new();
    let field = |name: &str, value: &Option<String>| match value {
        Some(v) => format!("  {name}: {v}\n"),
        None => format!("  {name}: (none)\n"),
    };
    out.push_str("Fields for the editor:\n");
    out.push_str(&field("title", &Some(article.title.clone())));
    out.push_str(&field("author", &article.author));
    out.push_str(&field("digest", &article.digest));
    if article.digest.is_none() {
        out.push_str(
            "  (without a `description`, the editor takes the first 54 characters of the body)\n",
        );
    }
    if article.images.is_empty() {
        out.push_str("Images to upload in the editor: none\n");
    } else {
        out.push_str(&format!(
            "{} to upload in the editor (it refuses image links):\n",
            plural(article.images.len(), "image")
        ));
        for image in &article.images {
            out.push_str(&format!("  content/{image}\n"));
        }
    }
    out.push_str(&format!(
        "{} as numbered links under {}\n",
        plural(article.references.len(), "reference"),
        article.references_heading
    ));
    out.push_str("Sizes against WeChat's limits:\n");
    for m in &article.measures {
        let l = &m.limit;
        out.push_str(&format!(
            "  {:<6} {:>7} {:<10} max {:>7}  {:<4}  {}\n",
            l.field.name(),
            m.size,
            l.field.unit(),
            l.max,
            if m.over() { "OVER" } else { "ok" },
            l.source.name,
        ));
    }
    out
}

fn failed(errors: &Diagnostics) -> u8 {
    report(errors);
    eprintln!("Export failed; nothing was written.");
    EXIT_ERRORS
}

/// `path` made absolute against the working directory (without resolving links).
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The relative URL from the folder `from` to the file `to`, both absolute.
fn relative_src(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to_parts: Vec<_> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        // Another drive: only an absolute file URL reaches it.
        return url::Url::from_file_path(to)
            .map_or_else(|()| to.display().to_string(), String::from);
    }
    let mut parts: Vec<String> = vec!["..".into(); from.len() - common];
    parts.extend(
        to_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    let joined = parts.join("/");
    // Characters that would end or change a URL path.
    joined
        .replace('%', "%25")
        .replace(' ', "%20")
        .replace('#', "%23")
        .replace('?', "%3F")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_sources() {
        assert_eq!(
            relative_src(Path::new("/a/b"), Path::new("/a/site/content/x y.png")),
            "../site/content/x%20y.png"
        );
        assert_eq!(
            relative_src(Path::new("/a"), Path::new("/a/c.png")),
            "c.png"
        );
    }
}
