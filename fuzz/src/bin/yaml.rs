//! A data file: every YAML read goes through `bulletin::yaml::parse`; here into each of the
//! data types and into front matter. Any panic is a finding.

use std::path::Path;

use bulletin::content::FrontMatter;
use bulletin::data::{Call, Contacts};
use bulletin::yaml::{self, YamlSource};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let source = YamlSource::whole(Path::new("data/x.yaml"), text);
        let _ = yaml::parse::<FrontMatter>(source);
        let _ = yaml::parse::<Contacts>(source);
        let _ = yaml::parse::<Call>(source);
        let _ = yaml::parse::<serde_yaml::Value>(source);
    });
}
