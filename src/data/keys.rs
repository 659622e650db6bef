//! Lists of keyed things (kinds, tiers, rosters, calls): lookup by key, duplicates refused
//! where they are written, and "did you mean" for keys that name nothing.

use crate::diagnostics::{Diagnostic, Location, did_you_mean};
use crate::values::Key;

/// Something named by a key.
pub trait Keyed {
    /// Its key.
    fn key(&self) -> &Key;
}

/// Keyed things in the order data lists them; each key once.
#[derive(Debug, Clone)]
pub struct Registry<T> {
    list: Vec<T>,
}

impl<T> Default for Registry<T> {
    fn default() -> Self {
        Registry { list: Vec::new() }
    }
}

impl<T: Keyed> Registry<T> {
    /// Keeps the first of each key; a repeated key is an error at `at(i)` (the `i`-th item).
    pub fn new(
        items: Vec<T>,
        file: &str,
        what: &str,
        at: impl Fn(usize) -> Option<Location>,
        errors: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut list: Vec<T> = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            if list.iter().any(|t| t.key() == item.key()) {
                errors.push(
                    Diagnostic::error(file, format!("{what} `{}` is defined twice", item.key()))
                        .at_opt(at(i))
                        .hint(format!("each {what} has a key of its own")),
                );
                continue;
            }
            list.push(item);
        }
        Registry { list }
    }

    /// The item with key `key`, and its position.
    pub fn find(&self, key: &Key) -> Option<(usize, &T)> {
        self.list.iter().enumerate().find(|(_, t)| t.key() == key)
    }

    /// The item with key `key`.
    pub fn get(&self, key: &Key) -> Option<&T> {
        self.find(key).map(|(_, t)| t)
    }

    /// The key closest to `key`, for "did you mean" hints.
    pub fn suggest(&self, key: &str) -> Option<&str> {
        did_you_mean(key, self.list.iter().map(|t| t.key().as_str()))
    }

    /// An error for `key`, which names no item: `what` it should be, where, and a hint
    /// with the closest key or the keys there are.
    pub fn unknown(&self, key: &Key, what: &str, file: &str, at: Option<Location>) -> Diagnostic {
        let d = Diagnostic::error(file, format!("{what} `{key}` is not defined")).at_opt(at);
        match self.suggest(key.as_str()) {
            Some(best) => d.hint(format!("did you mean `{best}`?")),
            None if self.list.is_empty() => d,
            None => d.hint(format!(
                "the keys are: {}",
                self.list
                    .iter()
                    .map(|t| t.key().as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// Every item, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.list.iter()
    }

    /// How many items there are.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The item at `index`.
    pub fn at(&self, index: usize) -> Option<&T> {
        self.list.get(index)
    }
}

impl<'a, T> IntoIterator for &'a Registry<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}
