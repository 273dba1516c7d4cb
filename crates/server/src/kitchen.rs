//! 今日后厨 as each reader sees it, assembled from the store with the contract's rules (`mingchu_types::
//! kitchen`): the card on a unit's first screen, a day of the last thirty with its calendar, a record with
//! its trail, the owner's checklist and roster, and the regulator's list of what needs attention. Nothing
//! here judges a record: the contract's checks do; this file only gathers what they are given.

use std::sync::{Arc, OnceLock};

use mingchu_types::kitchen::{
    attentions, completeness, day_lines, day_of, findings, inspection_overdue, public_roster, AttentionItem, AttentionList, CalendarDay,
    CertificateState, CheckCtx, CheckedRecord, KitchenDay, KitchenRecord, KitchenRules, Level, OwnerToday, PublicRecord, PublicVersion, RecordBrief,
    RecordKind, RecordPage, RosterEntry, StaffMember, TodayCard,
};
use mingchu_types::{Day, Scope, UnitKind};

use crate::kitchen_cache::{KitchenCache, KitchenToday};
use crate::store::{Roster, Store, StoreResult, UnitRecord};

/// The rules every unit's records are judged by (the national ones; a local variant would be data here).
pub fn rules() -> &'static KitchenRules {
    static RULES: OnceLock<KitchenRules> = OnceLock::new();
    RULES.get_or_init(KitchenRules::national)
}

fn ctx<'a>(kind: UnitKind, roster: &'a [StaffMember]) -> CheckCtx<'a> {
    CheckCtx { rules: rules(), unit_kind: kind, roster }
}

/// The first day of the public window ending `today` (the calendar's first square).
pub fn first_day(today: Day) -> Day {
    today.add_days(1 - i32::from(rules().calendar_days))
}

/// The card on the unit's first screen: each kind's state today; `None` for a unit that never kept a
/// record here (then the card says nothing is kept). No query while the unit's kitchen is unchanged
/// today (see [`KitchenCache`]); else two, three when today has no record yet.
pub async fn today_card(store: &dyn Store, cache: &KitchenCache, unit: &UnitRecord, today: Day, now_ms: i64) -> StoreResult<Option<TodayCard>> {
    let code = &unit.unit.code;
    let kitchen = match cache.get(code, unit.kitchen_stamp, today) {
        Some(kitchen) => kitchen,
        None => {
            let records = store.kitchen_records(code, today, today).await?;
            let keeps_records = !records.is_empty() || store.keeps_records(code).await?;
            let roster = if keeps_records { store.roster(code).await?.on(today) } else { Vec::new() };
            let kitchen = Arc::new(KitchenToday { records, keeps_records, roster });
            cache.put(code, unit.kitchen_stamp, today, kitchen.clone());
            kitchen
        }
    };
    if !kitchen.keeps_records {
        return Ok(None);
    }
    Ok(Some(TodayCard { day: today, lines: day_lines(&kitchen.records, today, now_ms, &ctx(unit.unit.kind, &kitchen.roster)) }))
}

/// What a reader asking for a day of a unit's records gets.
pub enum DayAnswer {
    Shown(Box<KitchenDay>),
    UnknownUnit,
    /// The day is outside the public window, `first..=today`: the reader's mistake.
    Outside {
        first: Day,
        today: Day,
    },
    /// The unit does not keep its records here: it is not shown a month of "not recorded".
    NotKept,
}

/// One day of the public window (today when `day` is `None`): its lines and records, the calendar, the
/// public roster.
pub async fn kitchen_day(store: &dyn Store, code: &str, day: Option<Day>, today: Day, now_ms: i64) -> StoreResult<DayAnswer> {
    let first = first_day(today);
    let day = day.unwrap_or(today);
    if day < first || day > today {
        return Ok(DayAnswer::Outside { first, today });
    }
    // Independent reads, asked at once: the page waits for the slowest, not for the sum.
    let (unit, records, roster) = tokio::try_join!(store.unit(code), store.kitchen_records(code, first, today), store.roster(code))?;
    let Some(unit) = unit else { return Ok(DayAnswer::UnknownUnit) };
    if records.is_empty() && !store.keeps_records(code).await? {
        return Ok(DayAnswer::NotKept);
    }
    let of_day = |d: Day| records.iter().filter(|r| day_of(r.at_ms) == d).cloned().collect::<Vec<_>>();
    // Each day is judged with the certificates held that day.
    let calendar = (0..rules().calendar_days)
        .map(|n| {
            let d = first.add_days(i32::from(n));
            let lines = day_lines(&of_day(d), d, now_ms, &ctx(unit.unit.kind, &roster.on(d)));
            CalendarDay { day: d, completeness: completeness(&lines, d, today, rules()) }
        })
        .collect();
    let records = of_day(day);
    let roster = roster.on(day);
    let ctx = ctx(unit.unit.kind, &roster);
    let (summary, staff) = public_roster(&roster, day, rules());
    Ok(DayAnswer::Shown(Box::new(KitchenDay {
        code: unit.unit.code,
        name: unit.unit.name,
        day,
        today,
        lines: day_lines(&records, day, now_ms, &ctx),
        records: records.iter().map(|r| RecordBrief::of(r, &ctx)).collect(),
        calendar,
        roster: summary,
        staff,
    })))
}

/// One of the unit's records as the public sees it: its newest version, the trail of every version, and
/// what its checks find. `None` for an unknown unit or record.
pub async fn record_page(store: &dyn Store, code: &str, id: &str) -> StoreResult<Option<RecordPage>> {
    let Some(unit) = store.unit(code).await? else { return Ok(None) };
    let versions = store.record_versions(code, id).await?;
    let Some(newest) = versions.last() else { return Ok(None) };
    let roster = store.roster(code).await?.on(day_of(newest.at_ms));
    let ctx = ctx(unit.unit.kind, &roster);
    Ok(Some(RecordPage {
        code: unit.unit.code,
        name: unit.unit.name,
        record: PublicRecord::of(newest, &ctx),
        versions: versions.iter().map(|v| PublicVersion::of(v, rules())).collect(),
        findings: findings(newest, &ctx),
    }))
}

/// A record as its owner sees it: all of it, with what the checks find (by the certificates held on its day).
pub fn checked(record: KitchenRecord, kind: UnitKind, roster: &Roster) -> CheckedRecord {
    let roster = roster.on(day_of(record.at_ms));
    let ctx = ctx(kind, &roster);
    CheckedRecord { late: record.late(rules()), findings: findings(&record, &ctx), record }
}

/// The owner's roster: active people first, the expired and expiring certificates first among them, then
/// by name; those who left last.
pub fn roster_entries(roster: Vec<StaffMember>, today: Day) -> Vec<RosterEntry> {
    let mut entries: Vec<RosterEntry> =
        roster.into_iter().map(|member| RosterEntry { certificate: member.certificate_on(today, rules()), member }).collect();
    let urgency = |c: &CertificateState| match c {
        CertificateState::Expired | CertificateState::NotYetValid => (0, 0),
        CertificateState::Expiring { days_left } => (1, *days_left),
        CertificateState::Valid => (2, 0),
    };
    entries.sort_by(|a, b| {
        (!a.member.active, urgency(&a.certificate), &a.member.name).cmp(&(!b.member.active, urgency(&b.certificate), &b.member.name))
    });
    entries
}

/// How far back the owner's checklist looks for the last day's purchases and samples to copy.
const COPY_LOOKBACK_DAYS: i32 = 7;

/// The owner's checklist for today: each kind's state, the active roster, today's records with their
/// findings, and the purchases and samples of the last earlier day that had any, to copy (yesterday's,
/// or Friday's after a weekend the canteen was closed).
pub async fn owner_today(store: &dyn Store, unit: &UnitRecord, today: Day, now_ms: i64) -> StoreResult<OwnerToday> {
    let code = &unit.unit.code;
    let records = store.kitchen_records(code, today.add_days(-COPY_LOOKBACK_DAYS), today).await?;
    let roster = store.roster(code).await?;
    let today_roster = roster.on(today);
    let ctx = ctx(unit.unit.kind, &today_roster);
    let (of_today, earlier): (Vec<KitchenRecord>, Vec<KitchenRecord>) = records.into_iter().partition(|r| day_of(r.at_ms) == today);
    let copyable = |r: &KitchenRecord| matches!(r.kind(), RecordKind::Purchase | RecordKind::Samples);
    let last_day = earlier.iter().filter(|r| copyable(r)).map(|r| day_of(r.at_ms)).max();
    let yesterday = earlier.into_iter().filter(|r| copyable(r) && Some(day_of(r.at_ms)) == last_day).collect();
    Ok(OwnerToday {
        day: today,
        unit_kind: unit.unit.kind,
        lines: day_lines(&of_today, today, now_ms, &ctx),
        records: of_today.into_iter().map(|r| checked(r, unit.unit.kind, &roster)).collect(),
        roster: roster_entries(today_roster.iter().filter(|m| m.active).cloned().collect(), today),
        yesterday,
    })
}

/// What the regulator should look at today in `scope`: each unit with a problem, most urgent first.
pub async fn attention(store: &dyn Store, scope: &Scope, today: Day, now_ms: i64) -> StoreResult<AttentionList> {
    let rules = rules();
    let units = store.kitchens_in(scope, today).await?;
    let mut items = Vec::new();
    for unit in units {
        let roster = unit.roster.on(today);
        let ctx = ctx(unit.kind, &roster);
        let lines = day_lines(&unit.records, today, now_ms, &ctx);
        let found: Vec<_> = unit.records.iter().flat_map(|r| findings(r, &ctx)).collect();
        let (roster, _) = public_roster(&roster, today, rules);
        // A unit that never kept a record has nothing overdue (it is not on the platform yet).
        let begin = unit.first_day.unwrap_or(today);
        let overdue: Vec<Level> = Level::ALL
            .into_iter()
            .filter(|&level| inspection_overdue(level, unit.last_inspection(level), begin, today, rules.schedule(unit.kind), rules))
            .collect();
        items.extend(AttentionItem::new(unit.code, unit.name, unit.region, attentions(&lines, &found, &roster, &overdue)));
    }
    Ok(AttentionList::new(today, items))
}
