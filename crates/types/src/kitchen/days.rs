//! What a day holds: each kind's line (its state, with due times from the unit's schedule, and figures)
//! and the day's completeness for the calendar.

use serde::{Deserialize, Serialize};

use super::{findings, CheckCtx, Finding, KitchenRecord, KitchenRules, LineSummary, Outcome, RecordBody, RecordKind, Schedule, TodayLine};
use crate::wire::wire_names;
use crate::{Day, Tone, CHINA_UTC_OFFSET_SECS};

/// A kind of record on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KindState {
    /// Recorded, and nothing found that is not good.
    Fine,
    /// Recorded, with a finding that is not good (or only part of what was due).
    Attention,
    /// Not due yet today.
    NotYet,
    /// Due and not recorded: said honestly.
    Missing,
    /// Not asked of this unit that day (samples of a kind that need not keep them, purchases on a day with none).
    NotRequired,
    /// 休息日: a weekday its kind does not cook (a school at the weekend), and nothing of this kind recorded.
    Closed,
}

wire_names!(KindState: Fine, Attention, NotYet, Missing, NotRequired, Closed);

/// A day's square in the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Completeness {
    /// Everything due was recorded.
    Full,
    /// At least `rules.partial_percent` of it.
    Partial,
    /// Less.
    Poor,
    /// Nothing at all that day.
    NoRecords,
    /// A day the unit's kind does not cook, with nothing due recorded: never a gap.
    Closed,
    /// A day to come, or today before anything is due and with nothing recorded.
    Future,
}

/// A moment of a day: `minute` minutes after its midnight, China time.
fn at_minute(day: Day, minute: u16) -> i64 {
    day.start_ms(CHINA_UTC_OFFSET_SECS) + i64::from(minute) * 60_000
}

/// When each kind is due on `day` (`None`: whenever it happens, or never required by time). The
/// samples are due per meal, so theirs is a list.
struct Due {
    morning: i64,
    meals: Vec<(super::Meal, i64)>,
    disinfection: i64,
    closing: i64,
}

fn due(day: Day, schedule: Option<&Schedule>, rules: &KitchenRules) -> Due {
    // Without a schedule nothing is late before the day is over.
    let end = day.add_days(1).start_ms(CHINA_UTC_OFFSET_SECS) - 1;
    let Some(s) = schedule else { return Due { morning: end, meals: vec![], disinfection: end, closing: end } };
    let after = |minute: u16, wait: u16| at_minute(day, minute.saturating_add(wait)).min(end);
    let meals = s.meals.iter().map(|m| (m.meal, after(m.served_minute, rules.samples_due_after_meal_minutes))).collect();
    let last_meal = s.meals.iter().map(|m| m.served_minute).max().unwrap_or(s.closes_minute);
    Due {
        morning: after(s.opens_minute, 0),
        meals,
        disinfection: after(last_meal, rules.disinfection_due_after_meal_minutes),
        closing: after(s.closes_minute, 0),
    }
}

/// The line of each kind on `day`, from that day's records (newest versions only) as of `now_ms`.
pub fn day_lines(records: &[KitchenRecord], day: Day, now_ms: i64, ctx: &CheckCtx) -> Vec<TodayLine> {
    let schedule = ctx.rules.schedule(ctx.unit_kind);
    let closed = schedule.is_some_and(|s| s.closed_on(day));
    let due = due(day, schedule, ctx.rules);
    RecordKind::ALL
        .into_iter()
        .map(|kind| {
            let of_kind: Vec<&KitchenRecord> = records.iter().filter(|r| r.kind() == kind).collect();
            let mut summary =
                LineSummary { records: of_kind.len() as u32, latest_ms: of_kind.iter().map(|r| r.at_ms).max(), ..LineSummary::default() };
            let mut troubled = false;
            for record in &of_kind {
                let found = findings(record, ctx);
                let bad = found.iter().any(|f| f.tone() != Tone::Good);
                troubled |= bad;
                let (count, problems) = match &record.body {
                    RecordBody::MorningCheck(check) => {
                        let day = super::day_of(record.at_ms);
                        (check.entries.len(), check.entries.iter().filter(|e| ctx.outcome(e, day) != Outcome::Fit).count())
                    }
                    // Dishes, both figures: those of the meal (sampled, or on its menu and not), and those
                    // with a finding (not sampled, short, or all of them when kept too short).
                    RecordBody::Samples(samples) => {
                        let of = |p: fn(&Finding) -> bool| found.iter().filter(|f| p(f)).count();
                        let unsampled = of(|f| matches!(f, Finding::DishNotSampled { .. }));
                        let short = if of(|f| matches!(f, Finding::KeptTooShort { .. })) > 0 {
                            samples.dishes.len()
                        } else {
                            of(|f| matches!(f, Finding::SampleShort { .. }))
                        };
                        (samples.dishes.len() + unsampled, unsampled + short)
                    }
                    _ => (1, usize::from(bad)),
                };
                summary.count += count as u32;
                summary.problems += problems as u32;
            }
            let (required, due_ms) = match kind {
                RecordKind::MorningCheck => (true, Some(due.morning)),
                RecordKind::Disinfection => (true, Some(due.disinfection)),
                RecordKind::SelfInspection => (true, Some(due.closing)),
                RecordKind::Samples => {
                    // Each meal of the schedule wants its samples; the line is due at the first meal without.
                    let unsampled: Vec<i64> = due
                        .meals
                        .iter()
                        .filter(|(meal, _)| !of_kind.iter().any(|r| matches!(&r.body, RecordBody::Samples(s) if s.meal == *meal)))
                        .map(|&(_, at)| at)
                        .collect();
                    let must = ctx.rules.must_sample(ctx.unit_kind);
                    // A unit that keeps samples of its own accord misses no meal.
                    summary.missing = if must { unsampled.iter().filter(|&&at| at <= now_ms).count() as u32 } else { 0 };
                    (must, unsampled.first().copied().or(due.meals.last().map(|m| m.1)).filter(|_| must))
                }
                // Done when there is something to test or buy: not required by the clock.
                RecordKind::PesticideTest | RecordKind::Purchase => (false, None),
            };
            summary.due_ms = due_ms;
            // On a closed day a kind nobody recorded is not due; what was recorded (a make-up day) is judged as any day.
            if closed && of_kind.is_empty() {
                summary.due_ms = None;
                summary.missing = 0;
                return TodayLine { kind, state: KindState::Closed, summary };
            }
            let past_due = due_ms.is_some_and(|at| at <= now_ms);
            let state = match (of_kind.is_empty(), required) {
                (true, false) => KindState::NotRequired,
                (true, true) if past_due => KindState::Missing,
                (true, true) => KindState::NotYet,
                (false, _) if troubled || summary.missing > 0 => KindState::Attention,
                (false, _) => KindState::Fine,
            };
            TodayLine { kind, state, summary }
        })
        .collect()
}

/// How completely `day` was kept, from its lines: today counts only what is already due.
pub fn completeness(lines: &[TodayLine], day: Day, today: Day, rules: &KitchenRules) -> Completeness {
    if day > today {
        return Completeness::Future;
    }
    let any = lines.iter().any(|l| l.summary.records > 0);
    // Only what the clock asks for counts: a purchase or a rapid test neither fills a day nor leaves a gap.
    let due: Vec<&TodayLine> = lines.iter().filter(|l| l.summary.due_ms.is_some() && l.state != KindState::NotYet).collect();
    let kept = due.iter().filter(|l| l.state != KindState::Missing && l.summary.missing == 0).count();
    if due.is_empty() && closed(lines) {
        return Completeness::Closed;
    }
    match (any, due.len()) {
        (false, 0) if day == today => Completeness::Future,
        (false, _) => Completeness::NoRecords,
        (true, n) if kept == n => Completeness::Full,
        (true, n) if kept * 100 >= usize::from(rules.partial_percent) * n => Completeness::Partial,
        (true, _) => Completeness::Poor,
    }
}

/// Whether the lines are of a day the unit does not cook (some kind is [`KindState::Closed`]).
pub fn closed(lines: &[TodayLine]) -> bool {
    lines.iter().any(|l| l.state == KindState::Closed)
}

/// How many days a self-inspection of `level` may go without one before it is overdue.
pub fn inspection_every_days(level: super::Level, rules: &KitchenRules) -> u16 {
    match level {
        super::Level::Daily => 1,
        super::Level::Weekly => rules.weekly_review_days,
        super::Level::Monthly => rules.monthly_meeting_days,
    }
}

/// Whether a self-inspection of `level` is overdue on `today`, given the last one (or, when there has
/// been none, the day the unit's records begin). The daily one counts only the days the unit's kind cooks
/// (`schedule`): a school's Friday inspection is not overdue on Monday.
pub fn inspection_overdue(
    level: super::Level,
    last: Option<Day>,
    records_begin: Day,
    today: Day,
    schedule: Option<&Schedule>,
    rules: &KitchenRules,
) -> bool {
    let from = last.unwrap_or(records_begin);
    match level {
        super::Level::Daily => (1..from.days_until(today)).any(|n| !schedule.is_some_and(|s| s.closed_on(from.add_days(n)))),
        _ => from.days_until(today) > i32::from(inspection_every_days(level, rules)),
    }
}
