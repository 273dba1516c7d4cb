//! The rules, each threshold at its edge: the morning check, certificates, samples, disinfection, rapid
//! tests, 补录, the day's lines and completeness, self-inspection, masking and the regulator's order.

use super::*;
use crate::{Day, Tone, UnitKind, CHINA_UTC_OFFSET_SECS};

pub(crate) fn day(s: &str) -> Day {
    s.parse().unwrap()
}

/// `hh:mm` on a day, China time, in UTC milliseconds.
pub(crate) fn at(d: &str, hm: &str) -> i64 {
    let (h, m) = hm.split_once(':').unwrap();
    day(d).start_ms(CHINA_UTC_OFFSET_SECS) + (h.parse::<i64>().unwrap() * 60 + m.parse::<i64>().unwrap()) * 60_000
}

pub(crate) const D: &str = "2026-11-29";
pub(crate) const HOUR: i64 = 3_600_000;

pub(crate) fn member(id: &str, name: &str, post: Post, valid_until: &str) -> StaffMember {
    let valid_until = day(valid_until);
    StaffMember {
        id: id.into(),
        name: name.into(),
        post,
        certificate: HealthCertificate { number: format!("JK-{id}-440301"), issued: valid_until.add_months(-12), valid_until },
        active: true,
    }
}

pub(crate) fn roster() -> Vec<StaffMember> {
    vec![
        member("s1", "张三丰", Post::Chef, "2027-06-01"),
        member("s2", "李小龙", Post::Prep, "2026-11-28"),
        member("s3", "王美丽", Post::Pastry, "2026-12-10"),
    ]
}

pub(crate) struct Fixture {
    pub rules: KitchenRules,
    pub roster: Vec<StaffMember>,
}

impl Fixture {
    /// The national rules, but every kind cooks every day: `D` is a Sunday, when a school does not, and
    /// the tests of hours and figures are about an ordinary day. Closed days have their own tests.
    pub fn new() -> Fixture {
        let mut rules = KitchenRules::national();
        rules.schedules.iter_mut().for_each(|s| s.schedule.closed_weekdays.clear());
        Fixture { rules, roster: roster() }
    }

    /// The national rules as they are: schools and kindergartens closed at the weekend.
    pub fn national() -> Fixture {
        Fixture { rules: KitchenRules::national(), roster: roster() }
    }

    pub fn ctx(&self, unit_kind: UnitKind) -> CheckCtx<'_> {
        CheckCtx { rules: &self.rules, unit_kind, roster: &self.roster }
    }

    pub fn school(&self) -> CheckCtx<'_> {
        self.ctx(UnitKind::SchoolCanteen)
    }
}

pub(crate) fn record(at_ms: i64, body: RecordBody) -> KitchenRecord {
    KitchenRecord { id: "KR1".into(), at_ms, entered_ms: at_ms + 60_000, source: Source::Person, version: 1, body, first: None }
}

pub(crate) fn entry(staff_id: &str, temperature_tenths: u16) -> CheckEntry {
    CheckEntry { staff_id: staff_id.into(), temperature_tenths, hands_ok: true, symptoms: vec![] }
}

pub(crate) fn morning(entries: Vec<CheckEntry>) -> RecordBody {
    RecordBody::MorningCheck(MorningCheck { entries })
}

pub(crate) fn samples(meal: Meal, dishes: &[(&str, u16)], keep_hours: i64, taken_ms: i64) -> RecordBody {
    RecordBody::Samples(Samples {
        meal,
        menu: dishes.iter().map(|d| d.0.to_owned()).collect(),
        dishes: dishes.iter().map(|&(dish, grams)| SampleDish { dish: dish.into(), grams }).collect(),
        taken_by: "s1".into(),
        keep_until_ms: taken_ms + keep_hours * HOUR,
        photo: None,
        disposed_by: None,
    })
}

pub(crate) fn disinfection(method: Method, temperature_c: Option<u16>, concentration_mg_l: Option<u16>, duration_s: u32) -> RecordBody {
    RecordBody::Disinfection(Disinfection { target: Target::Tableware, method, temperature_c, concentration_mg_l, duration_s, by: "s1".into() })
}

pub(crate) fn pesticide(inhibition_percent: u8, action: Option<BatchAction>) -> RecordBody {
    RecordBody::PesticideTest(PesticideTest { sample: "菠菜".into(), inhibition_percent, action, by: "s3".into() })
}

pub(crate) fn inspection(level: Level, problems: bool) -> RecordBody {
    RecordBody::SelfInspection(SelfInspection {
        level,
        by: "s1".into(),
        findings: if problems { "冷库温度偏高".into() } else { String::new() },
        problems,
        problem_count: None,
    })
}

pub(crate) fn purchase() -> RecordBody {
    RecordBody::Purchase(Purchase {
        item: "五花肉".into(),
        quantity: "20 kg".into(),
        batch: "2026-11-28".into(),
        shelf_life: "冷藏 3 天".into(),
        supplier: Supplier {
            name: "聊城市鲜达肉类有限公司".into(), licence: "JY13715020000123".into(), contact: "赵经理 13800138000".into()
        },
        price_cents: Some(987_654),
        ticket_photo: Some("ph-ticket-1".into()),
    })
}

fn found(f: &Fixture, at_ms: i64, body: RecordBody) -> Vec<Finding> {
    findings(&record(at_ms, body), &f.school())
}

#[test]
fn fever_starts_at_the_rules_line_and_hands_or_any_symptom_move_off() {
    let f = Fixture::new();
    let ctx = f.school();
    let d = day(D);
    assert_eq!(ctx.outcome(&entry("s1", 372), d), Outcome::Fit);
    assert_eq!(ctx.outcome(&entry("s1", 373), d), Outcome::MovedOff);
    assert_eq!(ctx.outcome(&CheckEntry { hands_ok: false, ..entry("s1", 365) }, d), Outcome::MovedOff);
    for symptom in Symptom::ALL {
        assert_eq!(ctx.outcome(&CheckEntry { symptoms: vec![symptom], ..entry("s1", 365) }, d), Outcome::MovedOff, "{symptom:?}");
    }
    let moved = found(&f, at(D, "06:30"), morning(vec![entry("s1", 373)]));
    assert_eq!(moved, vec![Finding::MovedOff { who: PublicPerson { name: "张*".into(), post: Post::Chef } }]);
    assert_eq!(worst(&moved), Tone::Good, "moving a sick person off is the check doing its job");
}

#[test]
fn an_expired_certificate_is_never_fit() {
    let f = Fixture::new();
    let ctx = f.school();
    // s2's certificate was valid until 2026-11-28 inclusive.
    assert_eq!(ctx.outcome(&entry("s2", 365), day("2026-11-28")), Outcome::Fit);
    assert_eq!(ctx.outcome(&entry("s2", 365), day(D)), Outcome::CertificateExpired);
    assert_eq!(ctx.outcome(&entry("s2", 380), day(D)), Outcome::MovedOff, "moved off says more than the certificate");
    let who = PublicPerson { name: "李*".into(), post: Post::Prep };
    assert_eq!(found(&f, at(D, "06:30"), morning(vec![entry("s2", 365)])), vec![Finding::CertificateExpired { who: who.clone() }]);
    assert_eq!(found(&f, at("2026-11-28", "23:59"), morning(vec![entry("s2", 365)])), vec![]);
    // The record's day is China time: 2026-11-28 16:30 UTC is already the 29th in Beijing.
    assert_eq!(found(&f, at("2026-11-28", "16:30") + 8 * HOUR, morning(vec![entry("s2", 365)])), vec![Finding::CertificateExpired { who }]);
    assert_eq!(worst(&found(&f, at(D, "06:30"), morning(vec![entry("s2", 365)]))), Tone::Bad);
}

#[test]
fn a_check_before_the_certificate_was_issued_is_not_fit() {
    let mut f = Fixture::new();
    // Hired on the 20th; the first certificate is dated the 29th.
    let certificate = HealthCertificate { number: "JK-s4".into(), issued: day(D), valid_until: day(D).add_months(12).add_days(-1) };
    f.roster.push(StaffMember { id: "s4".into(), name: "赵六".into(), post: Post::Chef, certificate, active: true });
    let ctx = f.school();
    let (before, on) = (day("2026-11-20"), day(D));
    assert_eq!(f.roster[3].certificate_on(before, &f.rules), CertificateState::NotYetValid);
    assert!(!CertificateState::NotYetValid.valid());
    assert_eq!(f.roster[3].certificate_on(on, &f.rules), CertificateState::Valid);
    assert_eq!(ctx.outcome(&entry("s4", 365), before), Outcome::CertificateNotYetValid);
    assert_eq!(ctx.outcome(&entry("s4", 365), on), Outcome::Fit);
    let t = at("2026-11-20", "06:00");
    assert_eq!(
        found(&f, t, morning(vec![entry("s4", 365)])),
        vec![Finding::CertificateNotYetValid { who: PublicPerson { name: "赵*".into(), post: Post::Chef } }]
    );
    assert_eq!(Finding::CertificateNotYetValid { who: PublicPerson { name: "赵*".into(), post: Post::Chef } }.tone(), Tone::Bad);
    let (summary, _) = public_roster(&f.roster, before, &f.rules);
    assert_eq!(summary.not_yet_valid, 1);
}

#[test]
fn empty_and_unknown_morning_checks_are_found() {
    let f = Fixture::new();
    assert_eq!(found(&f, at(D, "06:30"), morning(vec![])), vec![Finding::NobodyChecked]);
    assert_eq!(found(&f, at(D, "06:30"), morning(vec![entry("s9", 365)])), vec![Finding::UnknownStaff]);
    assert_eq!(f.school().person("s9"), PublicPerson { name: "*".into(), post: Post::Other });
}

#[test]
fn certificates_warn_within_the_rules_days() {
    let rules = KitchenRules::national();
    let until = day("2026-12-29");
    let c = HealthCertificate { number: "JK-1".into(), issued: until.add_months(-12).add_days(1), valid_until: until };
    assert_eq!(CertificateState::on(&c, until.add_days(-31), &rules), CertificateState::Valid);
    assert_eq!(CertificateState::on(&c, until.add_days(-30), &rules), CertificateState::Expiring { days_left: 30 });
    assert_eq!(CertificateState::on(&c, until, &rules), CertificateState::Expiring { days_left: 0 });
    assert_eq!(CertificateState::on(&c, until.add_days(1), &rules), CertificateState::Expired);
}

#[test]
fn names_are_masked_to_their_first_character() {
    assert_eq!(mask_name("张三丰"), "张*");
    assert_eq!(mask_name(" 欧阳娜娜"), "欧*");
    assert_eq!(mask_name("Smith"), "S*");
    assert_eq!(mask_name(""), "*");
    assert_eq!(mask_name("  "), "*");
}

#[test]
fn samples_need_every_dish_the_least_grams_and_the_least_hours() {
    let f = Fixture::new();
    let t = at(D, "11:40");
    assert_eq!(found(&f, t, samples(Meal::Lunch, &[("红烧肉", 125), ("炒青菜", 200)], 48, t)), vec![]);
    assert_eq!(
        found(&f, t, samples(Meal::Lunch, &[("红烧肉", 124)], 48, t)),
        vec![Finding::SampleShort { dish: "红烧肉".into(), grams: 124, min: 125 }]
    );
    let mut body = samples(Meal::Lunch, &[("红烧肉", 150)], 48, t);
    if let RecordBody::Samples(s) = &mut body {
        s.menu = vec![" 红烧肉".into(), "番茄蛋汤".into()];
    }
    assert_eq!(found(&f, t, body), vec![Finding::DishNotSampled { dish: "番茄蛋汤".into() }]);
    let mut short = samples(Meal::Lunch, &[("红烧肉", 150)], 48, t);
    if let RecordBody::Samples(s) = &mut short {
        s.keep_until_ms -= 1;
    }
    assert_eq!(found(&f, t, short), vec![Finding::KeptTooShort { hours: 47, min: 48 }]);
    // A local rule of 150 g is the same rules with another number.
    let local = KitchenRules { sample_min_grams: 150, ..KitchenRules::national() };
    let ctx = CheckCtx { rules: &local, ..f.school() };
    assert_eq!(findings(&record(t, samples(Meal::Lunch, &[("红烧肉", 149)], 48, t)), &ctx).len(), 1);
}

#[test]
fn each_disinfection_method_has_its_thresholds() {
    let f = Fixture::new();
    let t = at(D, "13:00");
    use Measure::*;
    let cases: [(RecordBody, Vec<Finding>); 12] = [
        (disinfection(Method::Boiling, Some(100), None, 600), vec![]),
        (disinfection(Method::Boiling, Some(99), None, 600), vec![Finding::BelowThreshold { what: TemperatureC, got: 99, min: 100 }]),
        (disinfection(Method::Steam, Some(100), None, 599), vec![Finding::BelowThreshold { what: Seconds, got: 599, min: 600 }]),
        (disinfection(Method::Infrared, Some(120), None, 600), vec![]),
        (disinfection(Method::Infrared, Some(119), None, 600), vec![Finding::BelowThreshold { what: TemperatureC, got: 119, min: 120 }]),
        (disinfection(Method::Dishwasher, Some(85), None, 40), vec![]),
        (disinfection(Method::Dishwasher, Some(85), None, 39), vec![Finding::BelowThreshold { what: Seconds, got: 39, min: 40 }]),
        (disinfection(Method::Chlorine, None, Some(250), 300), vec![]),
        (disinfection(Method::Chlorine, None, Some(249), 300), vec![Finding::BelowThreshold { what: ChlorineMgL, got: 249, min: 250 }]),
        (disinfection(Method::Chlorine, None, None, 300), vec![Finding::NotMeasured { what: ChlorineMgL }]),
        (disinfection(Method::Ultraviolet, None, None, 1800), vec![]),
        (disinfection(Method::Ultraviolet, None, None, 1799), vec![Finding::BelowThreshold { what: Seconds, got: 1799, min: 1800 }]),
    ];
    for (body, expected) in cases {
        assert_eq!(found(&f, t, body.clone()), expected, "{body:?}");
    }
    assert_eq!(found(&f, t, disinfection(Method::Steam, None, None, 600)), vec![Finding::NotMeasured { what: TemperatureC }]);
}

#[test]
fn a_rapid_test_at_the_line_is_positive_awaiting_recheck() {
    let f = Fixture::new();
    let t = at(D, "08:00");
    assert_eq!(found(&f, t, pesticide(49, Some(BatchAction::Accepted))), vec![]);
    let awaiting = Finding::PositiveAwaitingRecheck { percent: 50 };
    assert_eq!(found(&f, t, pesticide(50, Some(BatchAction::Returned))), vec![awaiting.clone()]);
    assert_eq!(found(&f, t, pesticide(50, Some(BatchAction::SentToLab))), vec![awaiting.clone()]);
    assert_eq!(found(&f, t, pesticide(50, None)), vec![awaiting.clone(), Finding::NoActionOnPositive]);
    assert_eq!(found(&f, t, pesticide(50, Some(BatchAction::Accepted))), vec![awaiting.clone(), Finding::PositiveAccepted]);
    assert_eq!(awaiting.tone(), Tone::Warning, "a rapid positive is not a failure");
}

#[test]
fn self_inspection_problems_are_a_warning() {
    let f = Fixture::new();
    assert_eq!(found(&f, at(D, "19:00"), inspection(Level::Daily, false)), vec![]);
    assert_eq!(found(&f, at(D, "19:00"), inspection(Level::Weekly, true)), vec![Finding::ProblemsFound]);
    assert_eq!(Finding::ProblemsFound.tone(), Tone::Warning);
}

#[test]
fn entered_more_than_two_hours_late_is_buluo() {
    let rules = KitchenRules::national();
    let t = at(D, "06:30");
    assert!(!late(t, t + 120 * 60_000, &rules));
    assert!(late(t, t + 120 * 60_000 + 1, &rules));
    assert!(!late(t, t - HOUR, &rules), "entered before the time it claims is not late");
    let r = KitchenRecord { entered_ms: t + 3 * HOUR, ..record(t, morning(vec![entry("s1", 365)])) };
    assert!(r.late(&rules));
}

fn line(lines: &[TodayLine], kind: RecordKind) -> TodayLine {
    lines.iter().find(|l| l.kind == kind).unwrap().clone()
}

fn states(lines: &[TodayLine]) -> Vec<KindState> {
    lines.iter().map(|l| l.state).collect()
}

#[test]
fn a_kind_is_missing_once_its_hour_has_passed() {
    use KindState::*;
    let f = Fixture::new();
    let ctx = f.school();
    let d = day(D);
    // A school canteen opens at 06:00: its morning check is due then.
    assert_eq!(states(&day_lines(&[], d, at(D, "05:59"), &ctx)), vec![NotYet, NotYet, NotYet, NotRequired, NotRequired, NotYet]);
    let six = day_lines(&[], d, at(D, "06:00"), &ctx);
    assert_eq!(line(&six, RecordKind::MorningCheck).state, Missing);
    assert_eq!(line(&six, RecordKind::MorningCheck).summary.due_ms, Some(at(D, "06:00")));
    // Samples: breakfast at 07:00 is due at 09:00; disinfection an hour after dinner (17:30); self-inspection at closing (19:00).
    assert_eq!(line(&day_lines(&[], d, at(D, "08:59"), &ctx), RecordKind::Samples).state, NotYet);
    assert_eq!(line(&day_lines(&[], d, at(D, "09:00"), &ctx), RecordKind::Samples).state, Missing);
    assert_eq!(line(&day_lines(&[], d, at(D, "18:29"), &ctx), RecordKind::Disinfection).state, NotYet);
    assert_eq!(line(&day_lines(&[], d, at(D, "18:30"), &ctx), RecordKind::Disinfection).state, Missing);
    assert_eq!(line(&day_lines(&[], d, at(D, "18:59"), &ctx), RecordKind::SelfInspection).state, NotYet);
    assert_eq!(line(&day_lines(&[], d, at(D, "19:00"), &ctx), RecordKind::SelfInspection).state, Missing);
    // A large restaurant need not keep samples.
    let restaurant = f.ctx(UnitKind::LargeRestaurant);
    assert_eq!(line(&day_lines(&[], d, at(D, "23:00"), &restaurant), RecordKind::Samples).state, NotRequired);
    assert_eq!(line(&day_lines(&[], d, at(D, "08:59"), &restaurant), RecordKind::MorningCheck).state, NotYet, "it opens at 09:00");
}

#[test]
fn lines_count_what_was_recorded_and_what_is_wrong() {
    use KindState::*;
    let f = Fixture::new();
    let ctx = f.school();
    let d = day(D);
    let breakfast = at(D, "07:05");
    let records = vec![
        record(at(D, "05:50"), morning(vec![entry("s1", 365), entry("s2", 365), entry("s3", 375)])),
        record(breakfast, samples(Meal::Breakfast, &[("包子", 150), ("小米粥", 150)], 48, breakfast)),
        record(at(D, "08:00"), pesticide(20, Some(BatchAction::Accepted))),
        record(at(D, "08:10"), purchase()),
    ];
    let lines = day_lines(&records, d, at(D, "13:29"), &ctx);
    let check = line(&lines, RecordKind::MorningCheck);
    assert_eq!((check.state, check.summary.records, check.summary.count, check.summary.problems), (Attention, 1, 3, 2));
    assert_eq!(check.summary.latest_ms, Some(at(D, "05:50")));
    let sampled = line(&lines, RecordKind::Samples);
    assert_eq!((sampled.state, sampled.summary.count, sampled.summary.missing), (Fine, 2, 0));
    assert_eq!(sampled.summary.due_ms, Some(at(D, "13:30")), "lunch is the next meal due");
    // Lunch was served at 11:30: its samples are due at 13:30.
    let later = day_lines(&records, d, at(D, "13:30"), &ctx);
    assert_eq!((line(&later, RecordKind::Samples).state, line(&later, RecordKind::Samples).summary.missing), (Attention, 1));
    assert_eq!(line(&later, RecordKind::PesticideTest).state, Fine);
    assert_eq!(line(&later, RecordKind::Purchase).state, Fine);
}

#[test]
fn a_voluntary_sampler_has_no_meal_missing() {
    let f = Fixture::new();
    // A large restaurant need not keep samples; this one keeps its lunch's anyway.
    let restaurant = f.ctx(UnitKind::LargeRestaurant);
    let lunch = at(D, "11:40");
    let records = vec![record(lunch, samples(Meal::Lunch, &[("红烧肉", 150)], 48, lunch))];
    let lines = day_lines(&records, day(D), at(D, "20:00"), &restaurant);
    let sampled = line(&lines, RecordKind::Samples);
    assert_eq!((sampled.state, sampled.summary.missing), (KindState::Fine, 0), "dinner's samples are not asked of it");
    let (roster, _) = public_roster(&f.roster, day(D), &f.rules);
    assert!(!attentions(&lines, &[], &roster, &[]).contains(&Attention::SamplesMissing));
}

#[test]
fn the_samples_line_counts_dishes_in_both_figures() {
    let f = Fixture::new();
    let lunch = at(D, "11:40");
    let mut body = samples(Meal::Lunch, &[("红烧肉", 150), ("青菜", 100)], 48, lunch);
    if let RecordBody::Samples(s) = &mut body {
        s.menu.push("鱼香肉丝".into());
    }
    let sampled = line(&day_lines(&[record(lunch, body.clone())], day(D), at(D, "12:00"), &f.school()), RecordKind::Samples);
    assert_eq!((sampled.summary.count, sampled.summary.problems), (3, 2), "three dishes: one short, one not sampled");
    // Kept too short: every sampled dish is.
    if let RecordBody::Samples(s) = &mut body {
        s.keep_until_ms = lunch + HOUR;
    }
    let sampled = line(&day_lines(&[record(lunch, body)], day(D), at(D, "12:00"), &f.school()), RecordKind::Samples);
    assert_eq!((sampled.summary.count, sampled.summary.problems), (3, 3));
}

pub(crate) fn full_day(d: &str) -> Vec<KitchenRecord> {
    let meal = |meal, hm| {
        let t = at(d, hm);
        record(t, samples(meal, &[("米饭", 150)], 48, t))
    };
    vec![
        record(at(d, "05:50"), morning(vec![entry("s1", 365)])),
        meal(Meal::Breakfast, "07:00"),
        meal(Meal::Lunch, "11:30"),
        meal(Meal::Dinner, "17:30"),
        record(at(d, "18:00"), disinfection(Method::Steam, Some(100), None, 900)),
        record(at(d, "19:00"), inspection(Level::Daily, false)),
    ]
}

#[test]
fn completeness_per_day() {
    let f = Fixture::new();
    let ctx = f.school();
    let (today, past) = (day(D), day("2026-11-20"));
    let now = at(D, "20:00");
    let of = |records: &[KitchenRecord], d: Day| completeness(&day_lines(records, d, now, &ctx), d, today, &f.rules);
    let all = full_day("2026-11-20");
    assert_eq!(of(&all, past), Completeness::Full);
    // A finding is not a gap: the day was kept.
    let mut with_finding = all.clone();
    with_finding[0] = record(at("2026-11-20", "05:50"), morning(vec![entry("s1", 380)]));
    assert_eq!(of(&with_finding, past), Completeness::Full);
    // Four kinds are due in a school canteen: morning check, samples, disinfection, self-inspection.
    assert_eq!(of(&[all[0].clone(), all[4].clone()], past), Completeness::Partial, "2 of 4");
    assert_eq!(of(&all[..4], past), Completeness::Partial, "morning check and every meal sampled: 2 of 4");
    assert_eq!(of(&all[..2], past), Completeness::Poor, "lunch and dinner not sampled: only the morning check is whole");
    assert_eq!(of(&[all[0].clone()], past), Completeness::Poor, "1 of 4");
    let bought = record(at("2026-11-20", "08:00"), purchase());
    assert_eq!(of(&[bought], past), Completeness::Poor, "records, but none that was due");
    assert_eq!(of(&[], past), Completeness::NoRecords);
    assert_eq!(of(&[], today.add_days(1)), Completeness::Future);
    // Today counts only what is already due.
    let early = |records: &[KitchenRecord], hm| completeness(&day_lines(records, today, at(D, hm), &ctx), today, today, &f.rules);
    assert_eq!(early(&[], "05:00"), Completeness::Future, "nothing due yet, nothing to count");
    assert_eq!(early(&[], "06:00"), Completeness::NoRecords);
    let today_records = full_day(D);
    assert_eq!(early(&today_records[..1], "07:30"), Completeness::Full, "the morning check is all that is due");
    assert_eq!(early(&today_records[..1], "09:00"), Completeness::Partial, "breakfast's samples are now due too");
    assert_eq!(early(&today_records, "20:00"), Completeness::Full);
}

#[test]
fn weekly_and_monthly_self_inspections_fall_overdue() {
    let rules = KitchenRules::national();
    let today = day(D);
    let begin = day("2026-01-01");
    assert!(!inspection_overdue(Level::Weekly, Some(today.add_days(-7)), begin, today, None, &rules));
    assert!(inspection_overdue(Level::Weekly, Some(today.add_days(-8)), begin, today, None, &rules));
    assert!(!inspection_overdue(Level::Monthly, Some(today.add_days(-31)), begin, today, None, &rules));
    assert!(inspection_overdue(Level::Monthly, Some(today.add_days(-32)), begin, today, None, &rules));
    assert!(!inspection_overdue(Level::Monthly, None, today.add_days(-3), today, None, &rules), "a unit that began three days ago");
    assert!(inspection_overdue(Level::Weekly, None, today.add_days(-8), today, None, &rules));
}

#[test]
fn today_s_missing_daily_inspection_is_overdue_for_the_regulator() {
    let f = Fixture::new();
    let ctx = f.school();
    let (roster, _) = public_roster(&f.roster, day(D), &f.rules);
    let daily = Attention::SelfInspectionOverdue { level: Level::Daily };
    // The school closes at 19:00: the daily check is due then.
    let before = day_lines(&full_day(D)[..5], day(D), at(D, "18:59"), &ctx);
    assert!(!attentions(&before, &[], &roster, &[]).contains(&daily));
    let after = day_lines(&full_day(D)[..5], day(D), at(D, "19:00"), &ctx);
    assert!(attentions(&after, &[], &roster, &[]).contains(&daily));
    assert_eq!(attentions(&after, &[], &roster, &[Level::Daily]).iter().filter(|a| **a == daily).count(), 1, "once");
    let done = day_lines(&full_day(D), day(D), at(D, "19:30"), &ctx);
    assert!(!attentions(&done, &[], &roster, &[]).contains(&daily));
}

#[test]
fn the_public_never_sees_private_fields() {
    let f = Fixture::new();
    let ctx = f.school();
    let t = at(D, "06:00");
    let mut check = morning(vec![entry("s1", 386), entry("s2", 365)]);
    if let RecordBody::MorningCheck(c) = &mut check {
        c.entries[0].symptoms = vec![Symptom::Diarrhoea];
    }
    for body in [check, purchase(), pesticide(55, None), inspection(Level::Daily, true)] {
        let r = record(t, body);
        let public = PublicRecord::of(&r, &ctx);
        let json = serde_json::to_string(&(&public, RecordBrief::of(&r, &ctx), findings(&r, &ctx))).unwrap();
        for private in [
            "张三丰",
            "李小龙",
            "JK-",
            "386",
            "38.6",
            "diarrhoea",
            "symptom",
            "temperature",
            "hands",
            "赵经理",
            "13800138000",
            "987654",
            "ph-ticket",
            "price",
            "contact",
            // A self-inspection's own words.
            "冷库温度偏高",
            "findings",
        ] {
            assert!(!json.contains(private), "{private} in {json}");
        }
    }
    let public = PublicRecord::of(&record(t, morning(vec![entry("s1", 386), entry("s2", 365)])), &ctx);
    let PublicBody::MorningCheck(c) = public.body else { panic!("{public:?}") };
    assert_eq!(
        c.entries,
        vec![
            PublicCheck { who: PublicPerson { name: "张*".into(), post: Post::Chef }, outcome: Outcome::MovedOff },
            PublicCheck { who: PublicPerson { name: "李*".into(), post: Post::Prep }, outcome: Outcome::CertificateExpired },
        ]
    );
    let mut counted = inspection(Level::Weekly, true);
    if let RecordBody::SelfInspection(i) = &mut counted {
        i.problem_count = Some(2);
    }
    let PublicBody::SelfInspection(i) = PublicRecord::of(&record(t, counted), &ctx).body else { panic!() };
    assert_eq!((i.problems, i.problem_count), (true, Some(2)), "whether and how many, not the words");
    let PublicBody::Purchase(p) = PublicRecord::of(&record(t, purchase()), &ctx).body else { panic!() };
    assert_eq!((p.item.as_str(), p.supplier.name.as_str(), p.supplier.licence.as_str()), ("五花肉", "聊城市鲜达肉类有限公司", "JY13715020000123"));
}

#[test]
fn the_public_roster_counts_active_people_masked() {
    let f = Fixture::new();
    let mut roster = f.roster.clone();
    roster.push(StaffMember { active: false, ..member("s4", "赵六", Post::Delivery, "2020-01-01") });
    let (summary, staff) = public_roster(&roster, day(D), &f.rules);
    assert_eq!(summary, RosterSummary { on_roster: 3, valid: 1, expiring: 1, expired: 1, not_yet_valid: 0 });
    let names: Vec<&str> = staff.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["张*", "李*", "王*"]);
    assert_eq!(staff[2].certificate, CertificateState::Expiring { days_left: 11 });
    assert!(!serde_json::to_string(&staff).unwrap().contains("JK-"));
}

#[test]
fn buluo_is_judged_on_the_first_version() {
    let f = Fixture::new();
    let ctx = f.school();
    let t = at(D, "06:00");
    let v1 = KitchenRecord { entered_ms: at(D, "06:05"), ..record(t, morning(vec![entry("s1", 365)])) };
    let first = Some(FirstVersion { at_ms: v1.at_ms, entered_ms: v1.entered_ms });
    // Corrected at 15:00 for a typo: still on time.
    let v2 = KitchenRecord { version: 2, entered_ms: at(D, "15:00"), first, ..v1.clone() };
    assert!(!v2.late(&f.rules) && !RecordBrief::of(&v2, &ctx).late && !PublicRecord::of(&v2, &ctx).late);
    // A correction that moves the time claimed: on time still.
    let moved = KitchenRecord { at_ms: at(D, "12:00"), ..v2.clone() };
    assert!(!RecordBrief::of(&moved, &ctx).late);
    // Entered late at first, and corrected to claim a time just before the correction: 补录 still.
    let late_v1 = KitchenRecord { entered_ms: at(D, "14:00"), ..v1.clone() };
    let first = Some(FirstVersion { at_ms: late_v1.at_ms, entered_ms: late_v1.entered_ms });
    let late_v2 = KitchenRecord { version: 2, at_ms: at(D, "14:50"), entered_ms: at(D, "15:00"), first, ..late_v1.clone() };
    assert!(RecordBrief::of(&late_v2, &ctx).late && PublicRecord::of(&late_v2, &ctx).late);
    let trail: Vec<bool> = [&late_v1, &late_v2].map(|v| PublicVersion::of(v, &f.rules).late).to_vec();
    assert_eq!(trail, [true, false], "the trail marks the first version");
    // A device's record corrected by a person: the trail says who wrote each version.
    let device = KitchenRecord { source: Source::Device { name: "晨检仪 1".into() }, ..v1 };
    let trail: Vec<Source> = [&device, &v2].map(|v| PublicVersion::of(v, &f.rules).source).to_vec();
    assert_eq!(trail, [Source::Device { name: "晨检仪 1".into() }, Source::Person]);
}

#[test]
fn briefs_and_versions_carry_headline_data() {
    let f = Fixture::new();
    let ctx = f.school();
    let t = at(D, "08:00");
    let device = Source::Device { name: "快检仪 A1".into() };
    let r = KitchenRecord {
        version: 2,
        entered_ms: t + 3 * HOUR,
        source: device.clone(),
        first: Some(FirstVersion { at_ms: t, entered_ms: t + 3 * HOUR - 1 }),
        ..record(t, pesticide(60, Some(BatchAction::Destroyed)))
    };
    let brief = RecordBrief::of(&r, &ctx);
    assert_eq!(brief.headline, Headline::PesticideTest { sample: "菠菜".into(), positive: true });
    assert_eq!((brief.late, brief.version, brief.tone), (true, 2, Tone::Warning));
    // 补录 marks the record (and its first version in the trail), never a correction.
    assert_eq!(PublicVersion::of(&r, &f.rules), PublicVersion { version: 2, entered_ms: t + 3 * HOUR, late: false, source: device });
    let check = RecordBrief::of(&record(t, morning(vec![entry("s1", 365), entry("s2", 365)])), &ctx);
    assert_eq!((check.headline, check.tone), (Headline::MorningCheck { people: 2, not_fit: 1 }, Tone::Bad));
}

#[test]
fn the_regulator_sees_the_most_urgent_first() {
    let f = Fixture::new();
    let ctx = f.school();
    let today = day(D);
    let t = at(D, "08:00");
    let records = vec![record(t, pesticide(70, Some(BatchAction::SentToLab)))];
    let lines = day_lines(&records, today, at(D, "10:00"), &ctx);
    let found: Vec<Finding> = records.iter().flat_map(|r| findings(r, &ctx)).collect();
    let (roster, _) = public_roster(&f.roster, today, &f.rules);
    let problems = attentions(&lines, &found, &roster, &[Level::Weekly]);
    assert_eq!(
        problems,
        vec![
            Attention::NoMorningCheck,
            Attention::PositiveAwaitingRecheck,
            Attention::ExpiredCertificates { count: 1 },
            Attention::SamplesMissing,
            Attention::SelfInspectionOverdue { level: Level::Weekly },
        ]
    );
    let item = |code: &str, problems| AttentionItem::new(code.into(), code.into(), "371502".into(), problems);
    assert_eq!(item("a", vec![]), None);
    let list = AttentionList::new(
        today,
        vec![
            item("a", vec![Attention::SamplesShort, Attention::SelfInspectionOverdue { level: Level::Monthly }]).unwrap(),
            item("b", vec![Attention::NoMorningCheck]).unwrap(),
            item("c", vec![Attention::PositiveAwaitingRecheck, Attention::ExpiredCertificates { count: 2 }, Attention::SamplesMissing]).unwrap(),
        ],
    );
    let order: Vec<&str> = list.items.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(order, ["b", "c", "a"], "one problem of a higher rank outweighs all below it");
}

#[test]
fn absurd_times_are_refused_and_never_wrap() {
    let f = Fixture::new();
    let ctx = f.school();
    let now = at(D, "07:00");
    let new = |at_ms, body| NewRecord { client_id: "c1".into(), at_ms, body };
    // Its day, worked out in i32, would wrap onto today's.
    for at_ms in [-371_083_378_370_400_000, i64::MIN, i64::MIN / 2] {
        assert_eq!(record_problems(&new(at_ms, morning(vec![entry("s1", 365)])), now, &ctx), vec![InputProblem::TimeTooOld], "{at_ms}");
        assert!(day_of(at_ms) < day(D), "{at_ms}");
    }
    assert_eq!(record_problems(&new(i64::MAX, morning(vec![entry("s1", 365)])), now, &ctx), vec![InputProblem::TimeInFuture]);
    assert!(day_of(i64::MAX) > day(D));
    assert!(Day::from_unix_seconds(i64::MAX, i64::MAX) > day(D));
    assert!(late(i64::MIN, now, &f.rules), "no overflow");
    assert!(!late(i64::MAX, i64::MIN, &f.rules));
    // Samples kept until the end of time.
    let body = samples(Meal::Lunch, &[("米饭", 150)], 0, now);
    let mut forever = body.clone();
    if let RecordBody::Samples(s) = &mut forever {
        s.keep_until_ms = i64::MAX;
    }
    assert_eq!(record_problems(&new(now, forever.clone()), now, &ctx), vec![InputProblem::KeptTooLong]);
    let r = record(i64::MIN, forever);
    assert!(!findings(&r, &ctx).iter().any(|f| matches!(f, Finding::KeptTooShort { .. })), "no overflow");
    let mut year = body;
    if let RecordBody::Samples(s) = &mut year {
        s.keep_until_ms = now + 366 * 24 * HOUR;
    }
    assert_eq!(record_problems(&new(now, year), now, &ctx), vec![]);
}

#[test]
fn lists_longer_than_the_rules_allow_are_refused() {
    let f = Fixture::new();
    let ctx = f.school();
    let now = at(D, "07:00");
    let new = |body| NewRecord { client_id: "c1".into(), at_ms: now, body };
    let people = |n: usize| morning((0..n).map(|_| entry("s1", 365)).collect());
    let many = usize::from(f.rules.max_entries);
    assert!(!record_problems(&new(people(many)), now, &ctx).contains(&InputProblem::TooMany));
    assert_eq!(record_problems(&new(people(many + 1)), now, &ctx), vec![InputProblem::TooMany, InputProblem::SamePersonTwice]);
    let local = KitchenRules { max_entries: 2, ..KitchenRules::national() };
    let local_ctx = CheckCtx { rules: &local, ..ctx };
    assert_eq!(
        record_problems(&new(morning(vec![entry("s1", 365), entry("s2", 365), entry("s3", 365)])), now, &local_ctx),
        vec![InputProblem::TooMany]
    );
    let dishes: Vec<(String, u16)> = (0..=f.rules.max_dishes).map(|i| (format!("菜{i}"), 150)).collect();
    let dishes: Vec<(&str, u16)> = dishes.iter().map(|(d, g)| (d.as_str(), *g)).collect();
    assert_eq!(record_problems(&new(samples(Meal::Lunch, &dishes, 48, now)), now, &ctx), vec![InputProblem::TooMany]);
    assert_eq!(record_problems(&new(samples(Meal::Lunch, &dishes[1..], 48, now)), now, &ctx), vec![]);
}

#[test]
fn input_problems_are_named_per_field() {
    let f = Fixture::new();
    let ctx = f.school();
    let now = at(D, "07:00");
    let new = |at_ms, body| NewRecord { client_id: "c1".into(), at_ms, body };
    assert_eq!(record_problems(&new(at(D, "06:00"), morning(vec![entry("s1", 365)])), now, &ctx), vec![]);
    assert_eq!(record_problems(&new(now + 11 * 60_000, morning(vec![entry("s1", 365)])), now, &ctx), vec![InputProblem::TimeInFuture]);
    assert_eq!(record_problems(&new(now + 10 * 60_000, morning(vec![entry("s1", 365)])), now, &ctx), vec![], "a phone's clock may run fast");
    // The calendar's 30 days, today included, begin on 2026-10-31.
    assert_eq!(record_problems(&new(at("2026-10-30", "23:59"), morning(vec![entry("s1", 365)])), now, &ctx), vec![InputProblem::TimeTooOld]);
    assert_eq!(record_problems(&new(at("2026-10-31", "00:00"), morning(vec![entry("s1", 365)])), now, &ctx), vec![]);
    assert_eq!(
        record_problems(&new(now, morning(vec![entry("s1", 339), entry("s1", 431), entry("s9", 365)])), now, &ctx),
        vec![InputProblem::SamePersonTwice, InputProblem::TemperatureUnlikely, InputProblem::UnknownStaff]
    );
    assert_eq!(record_problems(&new(now, morning(vec![entry("s1", 340), entry("s3", 430)])), now, &ctx), vec![]);
    assert_eq!(record_problems(&new(now, morning(vec![])), now, &ctx), vec![InputProblem::NobodyChecked]);
    assert_eq!(
        record_problems(&new(now, samples(Meal::Lunch, &[("", 150)], 0, now)), now, &ctx),
        vec![InputProblem::TextMissing, InputProblem::KeptBeforeTaken]
    );
    assert_eq!(record_problems(&new(now, pesticide(101, None)), now, &ctx), vec![InputProblem::InhibitionOver100]);
    assert_eq!(record_problems(&new(now, disinfection(Method::Steam, Some(100), None, 0)), now, &ctx), vec![InputProblem::NoDuration]);
    let mut blank = inspection(Level::Daily, false);
    if let RecordBody::SelfInspection(i) = &mut blank {
        i.problems = true;
    }
    assert_eq!(record_problems(&new(now, blank), now, &ctx), vec![InputProblem::FindingsMissing]);
    let staff = |issued: &str, until: &str| StaffInput {
        name: "张三丰".into(),
        post: Post::Chef,
        certificate: HealthCertificate { number: "JK1".into(), issued: day(issued), valid_until: day(until) },
        active: true,
    };
    assert_eq!(staff_problems(&staff("2026-01-10", "2027-01-10"), &f.rules), vec![]);
    assert_eq!(staff_problems(&staff("2026-01-10", "2027-01-11"), &f.rules), vec![InputProblem::CertificateDates]);
    assert_eq!(staff_problems(&staff("2026-01-10", "2026-01-09"), &f.rules), vec![InputProblem::CertificateDates]);
    assert_eq!(staff_problems(&StaffInput { name: " ".into(), ..staff("2026-01-10", "2027-01-10") }, &f.rules), vec![InputProblem::TextMissing]);
}

#[test]
fn rules_cover_every_kind_and_method() {
    let rules = KitchenRules::national();
    for kind in UnitKind::ALL {
        let s = rules.schedule(kind).unwrap();
        assert!(rules.schedules.iter().any(|k| k.kind == kind), "{kind:?} has its own schedule");
        assert!(s.opens_minute < s.closes_minute && s.meals.iter().all(|m| (s.opens_minute..s.closes_minute).contains(&m.served_minute)), "{kind:?}");
    }
    for method in Method::ALL {
        assert!(rules.method(method).is_some(), "{method:?}");
    }
    let round: KitchenRules = serde_json::from_str(&serde_json::to_string(&rules).unwrap()).unwrap();
    assert_eq!(round, rules, "the rules are data");
}

#[test]
fn wire_shapes() {
    for kind in RecordKind::ALL {
        assert_eq!(RecordKind::parse(kind.as_str()), Some(kind));
        assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{}\"", kind.as_str()));
    }
    let r = record(0, disinfection(Method::Dishwasher, Some(85), None, 40));
    let json = serde_json::to_string(&r).unwrap();
    assert!(
        json.contains(r#""body":{"kind":"disinfection","target":"tableware","method":"dishwasher","temperature_c":85,"duration_s":40,"by":"s1"}"#),
        "{json}"
    );
    assert!(json.contains(r#""source":"person""#), "{json}");
    assert_eq!(serde_json::from_str::<KitchenRecord>(&json).unwrap(), r);
    assert_eq!(serde_json::to_string(&Source::Device { name: "晨检机".into() }).unwrap(), r#"{"device":{"name":"晨检机"}}"#);
    assert_eq!(serde_json::to_string(&Finding::PositiveAwaitingRecheck { percent: 50 }).unwrap(), r#"{"positive_awaiting_recheck":{"percent":50}}"#);
    assert_eq!(serde_json::to_string(&Finding::UnknownStaff).unwrap(), r#""unknown_staff""#);
    assert_eq!(serde_json::to_string(&CertificateState::Expiring { days_left: 3 }).unwrap(), r#"{"expiring":{"days_left":3}}"#);
    let public = PublicRecord::of(&record(0, inspection(Level::Weekly, false)), &Fixture::new().school());
    assert!(serde_json::to_string(&public).unwrap().contains(r#""body":{"self_inspection":{"level":"weekly","by":{"name":"张*","post":"chef"}"#));
    let batch: RecordsBatch =
        serde_json::from_str(r#"{"records":[{"device_record_id":"d1","device":"晨检机","at_ms":0,"body":{"kind":"morning_check","entries":[]}}]}"#)
            .unwrap();
    assert_eq!(batch.records[0].body.kind(), RecordKind::MorningCheck);
    assert!(serde_json::from_str::<RecordsBatch>(r#"{"records":[],"extra":1}"#).is_err());
}

#[test]
fn a_school_is_closed_at_the_weekend_and_nothing_is_due() {
    use KindState::*;
    let f = Fixture::national();
    let school = f.school();
    let (sunday, saturday, friday) = (day(D), day("2026-11-28"), day("2026-11-27"));
    assert_eq!((sunday.weekday(), saturday.weekday()), (6, 5));
    let late = |d: Day| at(&d.to_string(), "23:00");
    for d in [saturday, sunday] {
        let lines = day_lines(&[], d, late(d), &school);
        assert_eq!(states(&lines), vec![Closed; 6], "{d}");
        assert!(lines.iter().all(|l| l.summary.due_ms.is_none() && l.summary.missing == 0));
    }
    assert_eq!(line(&day_lines(&[], friday, late(friday), &school), RecordKind::MorningCheck).state, Missing);
    let kindergarten = f.ctx(UnitKind::KindergartenCanteen);
    assert_eq!(line(&day_lines(&[], sunday, late(sunday), &kindergarten), RecordKind::MorningCheck).state, Closed);
    // The others may cook any day: a restaurant's Sunday is an ordinary day.
    for kind in [UnitKind::LargeRestaurant, UnitKind::CentralKitchen, UnitKind::MealSupplier, UnitKind::StaffCanteen] {
        assert_eq!(line(&day_lines(&[], sunday, late(sunday), &f.ctx(kind)), RecordKind::MorningCheck).state, Missing, "{kind:?}");
    }
    // A make-up day: what was recorded is judged as on any day, a kind not recorded is not due.
    let records = full_day(D);
    let made_up = day_lines(&records[..2], sunday, late(sunday), &school);
    assert_eq!(line(&made_up, RecordKind::MorningCheck).state, Fine);
    let samples = line(&made_up, RecordKind::Samples);
    assert_eq!((samples.state, samples.summary.missing), (Attention, 2), "lunch and dinner not sampled");
    assert_eq!(line(&made_up, RecordKind::Disinfection).state, Closed);
    let nobody = record(at(D, "05:50"), morning(vec![]));
    assert_eq!(line(&day_lines(&[nobody], sunday, late(sunday), &school), RecordKind::MorningCheck).state, Attention, "nobody checked");
}

#[test]
fn a_closed_day_is_its_own_square_never_a_gap() {
    let f = Fixture::national();
    let ctx = f.school();
    let today = day("2026-11-30");
    let now = at("2026-11-30", "20:00");
    let of = |records: &[KitchenRecord], d: Day| completeness(&day_lines(records, d, now, &ctx), d, today, &f.rules);
    let sunday = day(D);
    assert_eq!(of(&[], sunday), Completeness::Closed);
    assert_eq!(of(&[], day("2026-11-28")), Completeness::Closed);
    assert_eq!(of(&[], day("2026-11-27")), Completeness::NoRecords, "a Friday without records is a gap");
    assert_eq!(of(&[record(at(D, "08:00"), purchase())], sunday), Completeness::Closed, "a purchase asks for nothing more");
    assert_eq!(of(&full_day(D), sunday), Completeness::Full, "a whole make-up day");
    assert_eq!(of(&full_day(D)[..2], sunday), Completeness::Partial, "the morning check whole, the samples not: 1 of 2");
    // Today, when it is closed, is closed from its first minute.
    let early = completeness(&day_lines(&[], sunday, at(D, "05:00"), &ctx), sunday, sunday, &f.rules);
    assert_eq!(early, Completeness::Closed);
}

#[test]
fn nothing_is_raised_on_a_closed_day_and_monday_does_not_count_the_weekend() {
    let f = Fixture::national();
    let ctx = f.school();
    let sunday = day(D);
    let (roster, _) = public_roster(&f.roster, sunday, &f.rules);
    assert!(roster.expired > 0, "s2's certificate has expired");
    let lines = day_lines(&[], sunday, at(D, "23:00"), &ctx);
    assert_eq!(attentions(&lines, &[], &roster, &[Level::Weekly]), vec![]);
    // A make-up day is judged as any day: its expired certificate is raised.
    let made_up = day_lines(&full_day(D)[..1], sunday, at(D, "23:00"), &ctx);
    assert!(attentions(&made_up, &[], &roster, &[]).contains(&Attention::ExpiredCertificates { count: roster.expired }));
    // The daily self-inspection counts only the days a school cooks: Friday's is not overdue on Monday.
    let rules = &f.rules;
    let (friday, monday, tuesday) = (day("2026-11-27"), day("2026-11-30"), day("2026-12-01"));
    let school = rules.schedule(UnitKind::SchoolCanteen);
    assert!(!inspection_overdue(Level::Daily, Some(friday), friday, monday, school, rules));
    assert!(inspection_overdue(Level::Daily, Some(friday), friday, tuesday, school, rules), "Monday had none");
    let restaurant = rules.schedule(UnitKind::LargeRestaurant);
    assert!(inspection_overdue(Level::Daily, Some(friday), friday, monday, restaurant, rules));
    assert!(!inspection_overdue(Level::Daily, Some(sunday), friday, monday, restaurant, rules));
}
