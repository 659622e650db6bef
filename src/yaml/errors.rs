//! Turning serde_yaml's errors into located diagnostics with hints an editor can act on.

use super::YamlSource;
use crate::diagnostics::{Diagnostic, Location, did_you_mean};
use saphyr_parser::{Event, Parser};

pub(super) fn to_diagnostic(error: &serde_yaml::Error, source: YamlSource<'_>) -> Diagnostic {
    let full_message = error.to_string();
    let message = strip_position(&full_message);
    let mut diagnostic = Diagnostic::error(source.file, message.clone());
    // Values rejected by a type's own check (`TryFrom`) are reported by serde at the start of
    // the enclosing mapping; their messages start with the value in backticks, so find it.
    let after = error.location().map_or(1, |l| l.line());
    // Nested errors are prefixed with their path (`tiers[2]: `0` is not…`).
    let unprefixed = match message.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') && rest.starts_with('`') => rest,
        _ => message.as_str(),
    };
    let rejected = unprefixed
        .strip_prefix('`')
        .and_then(|m| m.split('`').next());
    // Scanner errors name where the offending construct began ("while scanning a quoted
    // scalar at line 9 column 28"): that is where the editor has to look.
    let scanning = scanner_start(&full_message);
    if let Some((line, col)) = scanning {
        let line = source.first_line + line - 1;
        diagnostic = diagnostic.at(Location::new(source.full, line, col, 1));
    } else if let Some((line, col, len)) =
        rejected.and_then(|value| find_scalar(source.yaml, value, after))
    {
        diagnostic = diagnostic.at(Location::new(
            source.full,
            source.first_line + line - 1,
            col + 1,
            len,
        ));
    } else if let Some(loc) = error.location() {
        let line = source.first_line + loc.line() - 1;
        let len = token_len(source.full, line, loc.column());
        diagnostic = diagnostic.at(Location::new(source.full, line, loc.column(), len));
    } else {
        diagnostic = diagnostic.at(Location::new(source.full, source.first_line, 1, 1));
    }
    match hint_for(&message, source.keys) {
        Some(hint) => {
            // The hint carries the list of allowed keys or values; keep the message short.
            if (message.contains("unknown field `") || message.contains("unknown variant `"))
                && let Some(i) = message.find(", expected")
            {
                diagnostic.message = message[..i].to_string();
            }
            diagnostic.hint(hint)
        }
        None => diagnostic,
    }
}

/// serde_yaml and libyaml append " at line L column C" (sometimes twice); the location is
/// shown separately, so every such position is removed from the message.
pub(super) fn strip_position(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + " at line ".len()..];
        let skip = tail.find(" column ").map(|c| {
            c + " column ".len()
                + tail[c + " column ".len()..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .count()
        });
        match skip {
            Some(n)
                if tail[..tail.find(" column ").unwrap_or(0)]
                    .chars()
                    .all(|c| c.is_ascii_digit()) =>
            {
                rest = &tail[n..]
            }
            _ => {
                out.push_str(" at line ");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `(line, column)` from "while scanning … at line L column C" in a scanner error.
pub(super) fn scanner_start(message: &str) -> Option<(usize, usize)> {
    let tail = &message[message.find("while scanning")?..];
    let after = &tail[tail.find(" at line ")? + " at line ".len()..];
    let (line, rest) = after.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

/// Length of the token starting at a position, for the caret.
fn token_len(full: &str, line: usize, column: usize) -> usize {
    let Some(text) = full.lines().nth(line.saturating_sub(1)) else {
        return 1;
    };
    let rest: String = text.chars().skip(column.saturating_sub(1)).collect();
    let token = rest
        .split([':', ',', ']', '}', '#'])
        .next()
        .unwrap_or("")
        .trim_end();
    token.chars().count().max(1)
}

/// Turns serde's standard messages into a hint an editor can act on.
fn hint_for(message: &str, keys: &[(&str, &str)]) -> Option<String> {
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let unknown = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .map(|list| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let meaning = |key: &str| {
            keys.iter()
                .find(|(k, _)| *k == key)
                .map_or(String::new(), |(_, what)| format!(" ({what})"))
        };
        return Some(match did_you_mean(unknown, expected.iter().copied()) {
            Some(best) => format!("did you mean `{best}`{}?", meaning(best)),
            None if expected.is_empty() => "remove this key".to_string(),
            None => format!("the keys allowed here are: {}", expected.join(", ")),
        });
    }
    if let Some(rest) = message.split("unknown variant `").nth(1) {
        let unknown = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        return Some(match did_you_mean(unknown, expected.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("use one of: {}", expected.join(", ")),
        });
    }
    if let Some(rest) = message.split("missing field `").nth(1) {
        let field = rest.split('`').next().unwrap_or("");
        return Some(format!("add `{field}:` to this entry"));
    }
    if message.contains("invalid type") {
        return Some("check the value's type: quote text, write numbers and dates without quotes only where a number is expected".to_string());
    }
    if message.contains("did not find expected")
        || message.contains("mapping values are not allowed")
    {
        return Some(
            "check the indentation and that every `key: value` has a space after the colon"
                .to_string(),
        );
    }
    None
}

/// The first scalar equal to `value` on or after 1-based `after_line`: (line, col, len).
fn find_scalar(yaml: &str, value: &str, after_line: usize) -> Option<(usize, usize, usize)> {
    let mut parser = Parser::new_from_str(yaml);
    while let Some(Ok((event, span))) = parser.next_event() {
        if let Event::Scalar(text, ..) = event
            && text == value
            && span.start.line() >= after_line
        {
            let len = span.end.index().saturating_sub(span.start.index()).max(1);
            return Some((span.start.line(), span.start.col(), len));
        }
    }
    None
}
