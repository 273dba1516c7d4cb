//! The order of the staff's tables at a desk: which column, which way, and how two rows compare by
//! each column. Pure logic, tested natively.

use std::cmp::Ordering;

use mingchu_types::{InboxMessage, MessageStatus, ModeratedReview, QueueItem, ReportCategory, ReportStatus, Smiley};

/// A table's order: by one column, one way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort<C> {
    pub by: C,
    pub descending: bool,
}

impl<C: Copy + PartialEq> Sort<C> {
    pub const fn ascending(by: C) -> Self {
        Sort { by, descending: false }
    }

    pub const fn descending(by: C) -> Self {
        Sort { by, descending: true }
    }

    /// The order after a click on `column`'s header: the same column turns round, another one starts
    /// ascending.
    pub fn clicked(self, column: C) -> Self {
        Sort { by: column, descending: self.by == column && !self.descending }
    }

    /// The `aria-sort` of `column`'s header: only the sorted column has one.
    pub fn aria(self, column: C) -> Option<&'static str> {
        (self.by == column).then_some(if self.descending { "descending" } else { "ascending" })
    }
}

/// A row of a table, comparable by each of the table's sortable columns.
pub trait Row {
    type Column: Copy + PartialEq;
    fn compare(&self, other: &Self, by: Self::Column) -> Ordering;
}

/// Puts `rows` (each holding a [`Row`], reached by `row`) in `sort`'s order. Rows that are equal by
/// the column keep the order they came in (the server's), whichever way the column is sorted.
pub fn sort<T, R: Row>(rows: &mut [T], sort: Sort<R::Column>, row: impl Fn(&T) -> &R) {
    rows.sort_by(|a, b| {
        let order = row(a).compare(row(b), sort.by);
        if sort.descending {
            order.reverse()
        } else {
            order
        }
    });
}

/// Where `x` stands in `order` (one past the end if it is missing).
fn rank<T: PartialEq>(order: &[T], x: &T) -> usize {
    order.iter().position(|o| o == x).unwrap_or(order.len())
}

/// The report queue's sortable columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueColumn {
    Unit,
    Category,
    Status,
    Filed,
    /// The acceptance decision: overdue first, then the nearest, then the reports already decided.
    Due,
}

/// Statuses in the order the queue's filter lists them and its status column sorts them.
pub const STATUSES: [ReportStatus; 5] =
    [ReportStatus::Submitted, ReportStatus::Accepted, ReportStatus::NotAccepted, ReportStatus::InProgress, ReportStatus::Closed];

impl Row for QueueItem {
    type Column = QueueColumn;

    fn compare(&self, other: &Self, by: QueueColumn) -> Ordering {
        match by {
            QueueColumn::Unit => self.unit_name.cmp(&other.unit_name),
            QueueColumn::Category => rank(&ReportCategory::ALL, &self.category).cmp(&rank(&ReportCategory::ALL, &other.category)),
            QueueColumn::Status => rank(&STATUSES, &self.status).cmp(&rank(&STATUSES, &other.status)),
            QueueColumn::Filed => self.filed_on.cmp(&other.filed_on),
            QueueColumn::Due => {
                let due = |i: &QueueItem| (i.days_left.is_none(), i.days_left, i.decision_due);
                due(self).cmp(&due(other))
            }
        }
    }
}

/// The moderation table's sortable columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewColumn {
    Unit,
    /// The diner's smiley: satisfied first, reviews without one last.
    Rating,
    Date,
}

impl Row for ModeratedReview {
    type Column = ReviewColumn;

    fn compare(&self, other: &Self, by: ReviewColumn) -> Ordering {
        match by {
            ReviewColumn::Unit => self.unit_name.cmp(&other.unit_name),
            ReviewColumn::Rating => {
                let rating = |r: &ModeratedReview| r.review.smiley.map_or(Smiley::ALL.len(), |s| rank(&Smiley::ALL, &s));
                rating(self).cmp(&rating(other))
            }
            ReviewColumn::Date => self.review.on.cmp(&other.review.on),
        }
    }
}

/// The owner's inbox's sortable columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageColumn {
    /// Unread first, then read, then answered: as the message came (a message being answered does
    /// not jump away under the owner's hand).
    Status,
    Sent,
}

impl Row for InboxMessage {
    type Column = MessageColumn;

    fn compare(&self, other: &Self, by: MessageColumn) -> Ordering {
        match by {
            MessageColumn::Status => rank(&MessageStatus::ALL, &self.status).cmp(&rank(&MessageStatus::ALL, &other.status)),
            // Both are the server's UTC timestamps in one format: their text sorts as their time.
            MessageColumn::Sent => self.sent_at.cmp(&other.sent_at),
        }
    }
}

#[cfg(test)]
mod tests {
    use mingchu_types::{Day, Review, ReviewState};

    use super::*;

    fn day(s: &str) -> Day {
        s.parse().expect("day")
    }

    fn report(ticket: &str, unit: &str, category: ReportCategory, status: ReportStatus, filed: &str, days_left: Option<i32>) -> QueueItem {
        QueueItem {
            ticket: ticket.into(),
            unit_code: "lc-x".into(),
            unit_name: unit.into(),
            category,
            status,
            filed_on: day(filed),
            decision_due: day(filed).add_days(14),
            days_left,
            photo_count: 0,
            anonymous: false,
        }
    }

    fn tickets(items: &[QueueItem]) -> Vec<&str> {
        items.iter().map(|i| i.ticket.as_str()).collect()
    }

    fn queue() -> Vec<QueueItem> {
        vec![
            report("A", "乙食堂", ReportCategory::Pests, ReportStatus::Accepted, "2026-11-02", None),
            report("B", "甲食堂", ReportCategory::NoMask, ReportStatus::Submitted, "2026-11-20", Some(3)),
            report("C", "丙餐厅", ReportCategory::Smoking, ReportStatus::Submitted, "2026-11-10", Some(-2)),
            report("D", "甲食堂", ReportCategory::NoHat, ReportStatus::Closed, "2026-11-01", None),
            report("E", "丁餐厅", ReportCategory::NoMask, ReportStatus::Submitted, "2026-11-25", Some(0)),
        ]
    }

    #[test]
    fn the_queue_puts_overdue_first_then_the_nearest_then_the_decided() {
        let mut items = queue();
        sort(&mut items, Sort::ascending(QueueColumn::Due), |i| i);
        // C is 2 days overdue, E due today, B in 3 days; A and D decided, by their due day.
        assert_eq!(tickets(&items), ["C", "E", "B", "D", "A"]);
        sort(&mut items, Sort::descending(QueueColumn::Due), |i| i);
        assert_eq!(tickets(&items), ["A", "D", "B", "E", "C"]);
    }

    #[test]
    fn each_column_sorts_and_ties_keep_the_servers_order() {
        let sorted = |by| {
            let mut items = queue();
            sort(&mut items, by, |i| i);
            tickets(&items).join("")
        };
        // By the unit's name; the two reports of 甲食堂 stay in the order they came, either way.
        assert_eq!(sorted(Sort::ascending(QueueColumn::Unit)), "ECABD");
        assert_eq!(sorted(Sort::descending(QueueColumn::Unit)), "BDACE");
        // By the category's place in the catalogue (口罩, 帽子, 吸烟, 虫害): two 口罩 reports in order.
        assert_eq!(sorted(Sort::ascending(QueueColumn::Category)), "BEDCA");
        assert_eq!(sorted(Sort::ascending(QueueColumn::Status)), "BCEAD");
        assert_eq!(sorted(Sort::ascending(QueueColumn::Filed)), "DACBE");
        assert_eq!(sorted(Sort::descending(QueueColumn::Filed)), "EBCAD");
    }

    #[test]
    fn a_click_turns_the_same_column_round_and_starts_another_ascending() {
        let s = Sort::ascending(QueueColumn::Due);
        assert_eq!(s.clicked(QueueColumn::Due), Sort::descending(QueueColumn::Due));
        assert_eq!(s.clicked(QueueColumn::Due).clicked(QueueColumn::Due), s);
        assert_eq!(Sort::descending(QueueColumn::Due).clicked(QueueColumn::Unit), Sort::ascending(QueueColumn::Unit));
        assert_eq!(s.aria(QueueColumn::Due), Some("ascending"));
        assert_eq!(s.clicked(QueueColumn::Due).aria(QueueColumn::Due), Some("descending"));
        assert_eq!(s.aria(QueueColumn::Unit), None);
    }

    fn moderated(id: i64, unit: &str, smiley: Option<Smiley>, on: &str) -> ModeratedReview {
        ModeratedReview {
            review: Review { id, text: "好".into(), smiley, photos: vec![], on: day(on), reply: None, own: None },
            unit_code: "lc-x".into(),
            unit_name: unit.into(),
            state: ReviewState::Held,
            hold_reason: None,
            hidden_reason: None,
        }
    }

    #[test]
    fn reviews_sort_by_unit_rating_and_day() {
        let reviews = vec![
            moderated(1, "乙", Some(Smiley::Unsatisfied), "2026-11-03"),
            moderated(2, "甲", None, "2026-11-05"),
            moderated(3, "丙", Some(Smiley::Satisfied), "2026-11-01"),
            moderated(4, "甲", Some(Smiley::Neutral), "2026-11-04"),
        ];
        let sorted = |by| {
            let mut items = reviews.clone();
            sort(&mut items, by, |r| r);
            items.iter().map(|r| r.review.id).collect::<Vec<_>>()
        };
        assert_eq!(sorted(Sort::ascending(ReviewColumn::Rating)), [3, 4, 1, 2], "no smiley last");
        assert_eq!(sorted(Sort::descending(ReviewColumn::Date)), [2, 4, 1, 3]);
        assert_eq!(sorted(Sort::ascending(ReviewColumn::Unit)), [3, 1, 2, 4]);
    }

    fn message(ticket: &str, status: MessageStatus, sent_at: &str) -> InboxMessage {
        InboxMessage {
            ticket: ticket.into(),
            text: "你好".into(),
            photos: vec![],
            callback_phone: None,
            status,
            sent_at: sent_at.into(),
            reply: None,
        }
    }

    #[test]
    fn messages_sort_unread_first_or_by_time() {
        let messages = vec![
            message("M1", MessageStatus::Replied, "2026-11-29T03:00:00Z"),
            message("M2", MessageStatus::Sent, "2026-11-28T09:30:00Z"),
            message("M3", MessageStatus::Read, "2026-11-29T01:15:00Z"),
            message("M4", MessageStatus::Sent, "2026-11-27T23:59:00Z"),
        ];
        let sorted = |by| {
            let mut items = messages.clone();
            sort(&mut items, by, |m| m);
            items.iter().map(|m| m.ticket.clone()).collect::<Vec<_>>().join(" ")
        };
        assert_eq!(sorted(Sort::ascending(MessageColumn::Status)), "M2 M4 M3 M1");
        assert_eq!(sorted(Sort::descending(MessageColumn::Sent)), "M1 M3 M2 M4");
    }
}
