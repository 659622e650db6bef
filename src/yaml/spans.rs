//! The position index: every node's line and column by path (`units.3.id`), from the
//! event stream of `saphyr-parser`.

use std::collections::HashMap;

use super::{Spans, YamlSource};
use saphyr_parser::{Event, Parser};

#[derive(Debug)]
enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, next: usize },
}

/// Builds the path index from the event stream. Positions are for `full`.
pub(super) fn index(source: YamlSource<'_>) -> Spans {
    let mut nodes = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let offset = source.first_line - 1;
    let mut parser = Parser::new_from_str(source.yaml);
    while let Some(Ok((event, span))) = parser.next_event() {
        let start = span.start;
        let len = span.end.index().saturating_sub(start.index()).max(1);
        let mut record = |path: String| {
            nodes.insert(path, (start.line() + offset, start.col(), len));
        };
        match event {
            Event::Scalar(text, ..) => {
                if let Some(Frame::Map { key, .. }) = stack.last_mut()
                    && key.is_none()
                {
                    *key = Some(text.into_owned());
                    continue;
                }
                if let Some(path) = child_path(&mut stack) {
                    record(path);
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let path = child_path(&mut stack).unwrap_or_default();
                record(path.clone());
                stack.push(if matches!(event, Event::MappingStart(..)) {
                    Frame::Map { path, key: None }
                } else {
                    Frame::Seq { path, next: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
            }
            Event::Alias(_) => {
                let _ = child_path(&mut stack);
            }
            _ => {}
        }
    }
    Spans { nodes }
}

/// The path of the next value in the innermost container, advancing that container.
fn child_path(stack: &mut [Frame]) -> Option<String> {
    let join = |parent: &str, child: &str| {
        if parent.is_empty() {
            child.to_string()
        } else {
            format!("{parent}.{child}")
        }
    };
    match stack.last_mut()? {
        Frame::Map { path, key } => key.take().map(|k| join(path, &k)),
        Frame::Seq { path, next } => {
            *next += 1;
            Some(join(path, &(*next - 1).to_string()))
        }
    }
}
