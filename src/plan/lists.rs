//! The pages of the notice list: the whole list, newest first, split into pages of
//! `notices_per_page`, and, when the notices span several years, one list per year, split
//! the same way. Each page knows which notices it shows, as a range of `site.notices`
//! (sorted newest first, so a year's notices are consecutive).

use std::ops::Range;

use crate::routes::Route;
use crate::site::Site;

/// One page of a notice list: of the whole list (`year: None`) or of one year's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ListPage {
    /// The year the list is of, or `None` for the whole list.
    pub year: Option<i32>,
    /// The page, from 1.
    pub page: usize,
}

impl ListPage {
    /// The first page of the whole list (`/notices/`).
    pub const FIRST: ListPage = ListPage {
        year: None,
        page: 1,
    };

    /// The page in messages: "the notice list", "page 2 of the list of 2025's notices".
    pub fn describe(self) -> String {
        let list = match self.year {
            None => "the notice list".to_string(),
            Some(year) => format!("the list of {year}'s notices"),
        };
        match self.page {
            1 => list,
            page => format!("page {page} of {list}"),
        }
    }

    /// Where this page goes.
    pub fn route(self) -> Route {
        Route::notice_list(self.year, self.page)
    }
}

/// The notice lists of a site and their pages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoticeLists {
    per_page: usize,
    total: usize,
    /// Each year with an archive, newest first, and its notices in `site.notices`.
    years: Vec<(i32, Range<usize>)>,
}

impl NoticeLists {
    /// The lists of `site`'s notices. Years get lists of their own only when the dated
    /// notices span more than one year; undated notices are only in the whole list.
    pub fn new(site: &Site) -> NoticeLists {
        let mut years: Vec<(i32, Range<usize>)> = Vec::new();
        for (i, notice) in site.notices.iter().enumerate() {
            let Some(year) = notice.date.as_ref().map(|d| i32::from(d.year())) else {
                continue;
            };
            match years.last_mut() {
                Some((last, range)) if *last == year => range.end = i + 1,
                _ => years.push((year, i..i + 1)),
            }
        }
        if years.len() < 2 {
            years.clear();
        }
        NoticeLists {
            per_page: site.config.notices_per_page.get(),
            total: site.notices.len(),
            years,
        }
    }

    /// Every page of every list: the whole list's first (even with no notices), then
    /// each year's.
    pub fn pages(&self) -> impl Iterator<Item = ListPage> + '_ {
        let all = (1..=self.page_count(None)).map(|page| ListPage { year: None, page });
        let years = self.years.iter().flat_map(move |(year, _)| {
            (1..=self.page_count(Some(*year))).map(move |page| ListPage {
                year: Some(*year),
                page,
            })
        });
        all.chain(years)
    }

    /// The years that have a list of their own, newest first, with their notice counts.
    pub fn years(&self) -> impl Iterator<Item = (i32, usize)> + '_ {
        self.years.iter().map(|(year, range)| (*year, range.len()))
    }

    /// The notices of a list (the whole list for `None`), as a range of `site.notices`.
    pub fn notices(&self, year: Option<i32>) -> Range<usize> {
        match year {
            None => 0..self.total,
            Some(year) => self
                .years
                .iter()
                .find(|(y, _)| *y == year)
                .map_or(0..0, |(_, range)| range.clone()),
        }
    }

    /// How many pages a list has (at least 1).
    pub fn page_count(&self, year: Option<i32>) -> usize {
        self.notices(year).len().div_ceil(self.per_page).max(1)
    }

    /// The notices `page` shows, as a range of `site.notices`.
    pub fn shown(&self, page: ListPage) -> Range<usize> {
        let all = self.notices(page.year);
        let start = (all.start + (page.page - 1) * self.per_page).min(all.end);
        start..(start + self.per_page).min(all.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists(years: &[(i32, usize)], undated: usize, per_page: usize) -> NoticeLists {
        let mut at = 0;
        let years = years
            .iter()
            .map(|&(year, n)| {
                at += n;
                (year, at - n..at)
            })
            .collect();
        NoticeLists {
            per_page,
            total: at + undated,
            years,
        }
    }

    #[test]
    fn pages_split_each_list_and_keep_the_rest_on_the_last() {
        let l = lists(&[(2026, 3), (2025, 120)], 2, 50);
        assert_eq!(l.page_count(None), 3);
        assert_eq!(l.page_count(Some(2026)), 1);
        assert_eq!(l.page_count(Some(2025)), 3);
        assert_eq!(l.page_count(Some(1999)), 1);
        let page = |year, page| ListPage { year, page };
        assert_eq!(l.shown(page(None, 1)), 0..50);
        assert_eq!(l.shown(page(None, 3)), 100..125);
        assert_eq!(l.shown(page(Some(2025), 1)), 3..53);
        assert_eq!(l.shown(page(Some(2025), 3)), 103..123);
        let all: Vec<ListPage> = l.pages().collect();
        assert_eq!(all.len(), 3 + 1 + 3);
        assert_eq!(all[0], ListPage::FIRST);
        assert_eq!(all[3], page(Some(2026), 1));
        // Every notice is on exactly one page of the whole list.
        let covered: usize = (1..=3).map(|p| l.shown(page(None, p)).len()).sum();
        assert_eq!(covered, 125);
    }

    #[test]
    fn an_empty_list_still_has_its_first_page() {
        let l = lists(&[], 0, 50);
        assert_eq!(l.pages().collect::<Vec<_>>(), [ListPage::FIRST]);
        assert_eq!(l.shown(ListPage::FIRST), 0..0);
    }
}
