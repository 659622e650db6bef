//! Which order a roster's units follow within a tier, as `roster_order` names it.

use serde::Deserialize;

/// How units are ordered within a star tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RosterOrder {
    /// By the pinyin of the unit name (ICU `zh` collation), the default.
    #[default]
    Pinyin,
    /// By strokes, the mainland rule: stroke count, then stroke sequence (横竖撇点折),
    /// character by character (`collation::stroke`).
    Stroke,
    /// Alphabetically (ICU's root collation: Latin letters case-insensitively, accents
    /// after the plain letter), for programmes whose names are not Chinese.
    Alphabetical,
    /// In the order the YAML lists them.
    Manual,
}

impl RosterOrder {
    /// Its name in `data/site.yaml` (`roster_order`) and a roster's `order`.
    pub fn key(self) -> &'static str {
        match self {
            RosterOrder::Pinyin => "pinyin",
            RosterOrder::Stroke => "stroke",
            RosterOrder::Alphabetical => "alphabetical",
            RosterOrder::Manual => "manual",
        }
    }

    /// The interface text of the sentence the roster page shows about its order.
    pub fn note_key(self) -> &'static str {
        match self {
            RosterOrder::Pinyin => "roster.order_pinyin",
            RosterOrder::Stroke => "roster.order_stroke",
            RosterOrder::Alphabetical => "roster.order_alphabetical",
            RosterOrder::Manual => "roster.order_manual",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RosterOrder;

    #[test]
    fn each_order_reads_back_from_its_key() {
        for order in [
            RosterOrder::Pinyin,
            RosterOrder::Stroke,
            RosterOrder::Alphabetical,
            RosterOrder::Manual,
        ] {
            let read: RosterOrder =
                serde_json::from_value(serde_json::Value::from(order.key())).unwrap();
            assert_eq!(read, order);
            assert_eq!(order.note_key(), format!("roster.order_{}", order.key()));
        }
    }
}
