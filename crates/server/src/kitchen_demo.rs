//! The demo's 今日后厨: a roster and thirty days of records for every demo unit, varied like real
//! kitchens, worked out from the unit's code and the day alone (the same day always gives the same
//! records, with the same ids), on the unit's schedule from the national rules. Five units show a case:
//! `lc-dcf-0043` has no morning check today, `lc-gx-0009` checks in a cook whose health certificate
//! expired, `lc-yg-0008` has a positive pesticide test awaiting its recheck, `lc-lq-0003` entered
//! yesterday's disinfection this morning (补录) and corrected a purchase, and `lc-dcf-0012` keeps
//! everything perfectly. The others miss something now and then.
//!
//! Names, certificate numbers, suppliers and phone numbers are invented. Only what was entered by the
//! time it is laid out is stored; [`top_up`] adds what today brings later.

use mingchu_types::kitchen::{
    BatchAction, CheckEntry, Disinfection, HealthCertificate, KitchenRecord, KitchenRules, Level, Meal, Method, MorningCheck, PesticideTest, Post,
    Purchase, RecordBody, SampleDish, Samples, SelfInspection, Source, StaffMember, Supplier, Symptom, Target,
};
use mingchu_types::{Day, UnitKind, CHINA_UTC_OFFSET_SECS};
use sha2::{Digest, Sha256};

use crate::demo::DEMO_CODES;
use crate::store::{Store, StoreResult};

/// Days of records laid out, today included: the calendar's thirty and one more, so a monthly meeting
/// early last month is still there when today is early in this one.
const DAYS: i32 = 31;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

/// What a demo unit's records show.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    /// Everything, every day, on time.
    Perfect,
    /// No morning check today.
    NoMorningCheck,
    /// A cook whose certificate expired twelve days ago is still checked in every morning.
    ExpiredCertificate,
    /// Today's rapid test is positive: the batch is sent to a laboratory to recheck.
    PositiveAwaitingRecheck,
    /// Yesterday's disinfection entered this morning (补录), and yesterday's purchase corrected.
    LateEntry,
    /// Now and then a kind missed, a sample short, a fever.
    Ordinary,
}

fn case(code: &str) -> Case {
    match code {
        "lc-dcf-0012" => Case::Perfect,
        "lc-dcf-0043" => Case::NoMorningCheck,
        "lc-gx-0009" => Case::ExpiredCertificate,
        "lc-yg-0008" => Case::PositiveAwaitingRecheck,
        "lc-lq-0003" => Case::LateEntry,
        _ => Case::Ordinary,
    }
}

/// A unit's demo kitchen: its roster and every version entered by `now_ms`.
pub struct DemoKitchen {
    pub roster: Vec<StaffMember>,
    pub records: Vec<KitchenRecord>,
}

/// Lays out every demo unit's kitchen afresh for `today` (what an earlier day laid out is forgotten).
pub async fn lay_out(store: &dyn Store, today: Day, now_ms: i64) -> StoreResult<()> {
    for (code, _) in DEMO_CODES {
        store.clear_kitchen(code).await?;
    }
    top_up(store, today, now_ms).await
}

/// Adds what was entered since the kitchens were laid out (or all of it, where nothing is): the records
/// already stored are kept as they are.
pub async fn top_up(store: &dyn Store, today: Day, now_ms: i64) -> StoreResult<()> {
    for (code, _) in DEMO_CODES {
        let Some(unit) = store.unit(code).await? else { continue };
        let kitchen = demo_kitchen(code, unit.unit.kind, today, now_ms);
        for member in &kitchen.roster {
            store.put_staff(code, member, false, now_ms).await?;
        }
        store.put_records(code, &kitchen.records).await?;
    }
    Ok(())
}

/// Tops the demo kitchens up every ten minutes, for as long as the store is open.
pub fn keep_up(store: std::sync::Arc<dyn Store>, clock: crate::Clock) {
    crate::demo::every_ten_minutes(store, "demo kitchens not topped up", move |store| {
        let clock = clock.clone();
        async move { top_up(&*store, clock.today(), clock.now_ms()).await }
    });
}

/// The demo kitchen of the unit `code` of `kind` on `today`, with the versions entered by `now_ms`.
pub fn demo_kitchen(code: &str, kind: UnitKind, today: Day, now_ms: i64) -> DemoKitchen {
    let rules = KitchenRules::national();
    let case = case(code);
    let roster = roster(code, today, case);
    let mut records = Vec::new();
    // A school or kindergarten lays nothing on the days it does not cook; "yesterday" in the cases is its
    // last day open before today (Friday, seen from a weekend or a Monday).
    let closed = |day: Day| rules.schedule(kind).is_some_and(|s| s.closed_on(day));
    let previous = (1..DAYS).find(|&back| !closed(today.add_days(-back)));
    for back in (0..DAYS).rev() {
        let day = today.add_days(-back);
        if closed(day) {
            continue;
        }
        let mut kitchen = DayOfRecords {
            code,
            day,
            today,
            previous: Some(back) == previous,
            case,
            kind,
            rules: &rules,
            roster: &roster,
            dice: Dice::new(&format!("{code} {day}")),
            out: vec![],
        };
        kitchen.lay_out(back);
        records.extend(kitchen.out);
    }
    records.retain(|r| r.entered_ms <= now_ms);
    if case == Case::PositiveAwaitingRecheck {
        // The unit's latest rapid test is the positive one, also in the hours before today's is taken (the
        // last open day's then): the case shows at any time of day.
        let latest = records.iter_mut().filter(|r| matches!(r.body, RecordBody::PesticideTest(_))).max_by_key(|r| r.at_ms);
        if let Some(RecordBody::PesticideTest(test)) = latest.map(|r| &mut r.body) {
            test.inhibition_percent = 62;
            test.action = Some(BatchAction::SentToLab);
        }
    }
    records.sort_by_key(|r| (r.entered_ms, r.version));
    DemoKitchen { roster, records }
}

/// Surnames and given names the roster is made of (invented people).
const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"];
const GIVEN: &[&str] = &[
    "建国", "秀英", "海燕", "志强", "玉兰", "国华", "春梅", "德明", "丽娟", "红霞", "明辉", "淑芬", "立新", "桂香", "永刚", "晓燕", "金凤", "振华",
    "素珍", "文军",
];

/// The posts of a kitchen's people, in roster order: every kitchen has the first six.
const POSTS: &[Post] = &[Post::Manager, Post::SafetyOfficer, Post::Chef, Post::Chef, Post::Prep, Post::Dishwashing, Post::Pastry, Post::Delivery];

fn roster(code: &str, today: Day, case: Case) -> Vec<StaffMember> {
    let mut dice = Dice::new(code);
    let size = 6 + dice.below(3) as usize;
    let digits: String = code.chars().filter(char::is_ascii_digit).collect();
    let mut taken: Vec<String> = Vec::new();
    (0..size)
        .map(|n| {
            // A year's certificate, issued some time in the last eleven months, before the first day laid
            // out (a check before it was issued would find nobody fit).
            let issued = today.add_days(-(DAYS + 1 + dice.below(298) as i32));
            let mut valid_until = issued.add_days(364);
            let chef = n == 2;
            if chef && case == Case::ExpiredCertificate {
                valid_until = today.add_days(-12);
            } else if n == 4 && case == Case::Ordinary {
                // Someone's certificate ends within the month: "expiring" on the roster.
                valid_until = today.add_days(9 + dice.below(15) as i32);
            }
            // Two people of one kitchen never share a name (the owner tells them apart by it).
            let name = loop {
                let name = format!("{}{}", SURNAMES[dice.below(SURNAMES.len() as u64) as usize], GIVEN[dice.below(GIVEN.len() as u64) as usize]);
                if !taken.contains(&name) {
                    taken.push(name.clone());
                    break name;
                }
            };
            StaffMember {
                id: format!("ST{digits}{n:02}"),
                name,
                post: POSTS[n],
                certificate: HealthCertificate {
                    number: format!("LCJK{}{:06}", valid_until.add_days(-364).year(), 100_000 + dice.below(900_000)),
                    issued: valid_until.add_days(-364),
                    valid_until,
                },
                active: true,
            }
        })
        .collect()
}

/// Dishes a menu is made of, by meal.
const BREAKFAST: &[&str] = &["小米粥", "鸡蛋", "馒头", "豆浆", "油条", "咸菜", "包子"];
const MAINS: &[&str] =
    &["红烧肉", "西红柿炒鸡蛋", "清炒油菜", "土豆丝", "鱼香肉丝", "冬瓜汤", "米饭", "宫保鸡丁", "麻婆豆腐", "蒸南瓜", "紫菜蛋花汤", "炒豆芽"];
const SNACKS: &[&str] = &["牛奶", "蛋糕", "香蕉", "苹果", "饼干"];

/// Vegetables a rapid test is run on.
const VEGETABLES: &[&str] = &["菠菜", "油菜", "小白菜", "芹菜", "韭菜", "黄瓜", "豇豆", "生菜"];

/// Items bought, each with its shelf life, and the suppliers they come from.
const ITEMS: &[(&str, &str, &str)] = &[
    ("猪肉", "30 kg", "3天（冷藏）"),
    ("鸡蛋", "15 kg", "30天"),
    ("大米", "100 kg", "12个月"),
    ("面粉", "50 kg", "12个月"),
    ("青菜", "40 kg", "2天"),
    ("豆腐", "20 kg", "2天（冷藏）"),
    ("食用油", "20 L", "18个月"),
];
const SUPPLIERS: &[(&str, &str, &str)] = &[
    ("聊城市鲁西农副产品配送有限公司", "JY13715020012345", "孙经理 13906351234"),
    ("东昌府区绿源蔬菜批发部", "92371502MA3C8K2X1Q", "刘女士 13562087766"),
    ("山东粮丰面业有限公司", "SC10137150200231", "赵先生 15006359988"),
];

/// The devices some demo units' records come from.
const MORNING_CHECK_MACHINE: &str = "晨检仪 MJ-02";
const SAMPLE_CABINET: &str = "留样柜 LYG-1";

/// One day of one unit's records, being laid out.
struct DayOfRecords<'a> {
    code: &'a str,
    day: Day,
    today: Day,
    /// The unit's last day open before today, which the 补录 case is about.
    previous: bool,
    case: Case,
    kind: UnitKind,
    rules: &'a KitchenRules,
    roster: &'a [StaffMember],
    dice: Dice,
    out: Vec<KitchenRecord>,
}

impl DayOfRecords<'_> {
    /// `back` days before today.
    fn lay_out(&mut self, back: i32) {
        let Some(schedule) = self.rules.schedule(self.kind).cloned() else { return };
        let today = back == 0;
        // An ordinary kitchen misses one kind on a few days (never today, which would read as the case of
        // lc-dcf-0043).
        let ordinary = self.case == Case::Ordinary;
        let missed = if ordinary && !today && self.dice.below(6) == 0 { Some(self.dice.below(4)) } else { None };
        let opens = i64::from(schedule.opens_minute) * MINUTE;

        if !(today && self.case == Case::NoMorningCheck) && missed != Some(0) {
            let at = opens + (5 + self.dice.below(15) as i64) * MINUTE;
            let fever = ordinary && self.dice.below(20) == 0;
            let mut entries = Vec::new();
            for (n, m) in self.roster.iter().enumerate() {
                // Beyond the first six, a person has the day off now and then.
                if n >= 6 && self.dice.below(3) == 0 {
                    continue;
                }
                let sick = fever && n == 3;
                entries.push(CheckEntry {
                    staff_id: m.id.clone(),
                    temperature_tenths: if sick { 378 } else { 360 + self.dice.below(9) as u16 },
                    hands_ok: true,
                    symptoms: if sick { vec![Symptom::Fever] } else { vec![] },
                });
            }
            let device = matches!(self.code, "lc-cp-0006" | "lc-gt-0004").then_some(MORNING_CHECK_MACHINE);
            self.push(at, device, RecordBody::MorningCheck(MorningCheck { entries }));
        }

        if missed != Some(1) {
            let at = opens + (30 + self.dice.below(20) as i64) * MINUTE;
            for n in 0..1 + self.dice.below(2) as usize {
                let (item, quantity, shelf_life) = ITEMS[self.dice.below(ITEMS.len() as u64) as usize];
                let (name, licence, contact) = SUPPLIERS[(n + self.dice.below(2) as usize) % SUPPLIERS.len()];
                let (y, m, d) = self.day.add_days(-1).ymd();
                let purchase = Purchase {
                    item: item.into(),
                    quantity: quantity.into(),
                    batch: format!("生产日期 {y}-{m:02}-{d:02}"),
                    shelf_life: shelf_life.into(),
                    supplier: Supplier { name: name.into(), licence: licence.into(), contact: contact.into() },
                    price_cents: Some(20_000 + self.dice.below(180_000) as i64),
                    ticket_photo: None,
                };
                let at = at + n as i64 * MINUTE;
                self.push(at, None, RecordBody::Purchase(purchase.clone()));
                if n == 0 && self.previous && self.case == Case::LateEntry {
                    // The last open day's purchase corrected: the quantity was wrong.
                    let corrected = Purchase { quantity: format!("{quantity}（更正）"), ..purchase };
                    let first = self.out.last().map(|r| (r.id.clone(), r.entered_ms, r.first_version()));
                    if let Some((id, entered, first)) = first {
                        self.out.push(KitchenRecord {
                            id,
                            at_ms: self.day.start_ms(CHINA_UTC_OFFSET_SECS) + at,
                            entered_ms: entered + 25 * MINUTE,
                            source: Source::Person,
                            version: 2,
                            body: RecordBody::Purchase(corrected),
                            first: Some(first),
                        });
                    }
                }
            }
            let positive = today && self.case == Case::PositiveAwaitingRecheck;
            let test = PesticideTest {
                sample: VEGETABLES[self.dice.below(VEGETABLES.len() as u64) as usize].into(),
                inhibition_percent: if positive { 62 } else { 8 + self.dice.below(28) as u8 },
                action: Some(if positive { BatchAction::SentToLab } else { BatchAction::Accepted }),
                by: self.person(Post::SafetyOfficer),
            };
            self.push(at + 15 * MINUTE, None, RecordBody::PesticideTest(test));
        }

        if self.rules.must_sample(self.kind) && missed != Some(2) {
            for meal in &schedule.meals {
                let served = i64::from(meal.served_minute) * MINUTE;
                let menu = self.menu(meal.meal);
                let short = ordinary && self.dice.below(25) == 0;
                let dishes = menu
                    .iter()
                    .enumerate()
                    .map(|(n, dish)| SampleDish { dish: dish.clone(), grams: if short && n == 0 { 110 } else { 130 + self.dice.below(60) as u16 } })
                    .collect();
                let at = served + (15 + self.dice.below(20) as i64) * MINUTE;
                let taken_at = self.day.start_ms(CHINA_UTC_OFFSET_SECS) + at;
                let keep_until_ms = taken_at + (i64::from(self.rules.sample_keep_hours) + 2) * HOUR;
                let samples = Samples {
                    meal: meal.meal,
                    menu,
                    dishes,
                    taken_by: self.person(Post::Chef),
                    keep_until_ms,
                    photo: None,
                    // Disposed of once kept long enough.
                    disposed_by: (back >= 3).then(|| self.person(Post::SafetyOfficer)),
                };
                let device = (self.code == "lc-dcf-0027").then_some(SAMPLE_CABINET);
                self.push(at, device, RecordBody::Samples(samples));
            }
        }

        if missed != Some(3) {
            let last_meal = schedule.meals.last().map_or(opens + 6 * HOUR, |m| i64::from(m.served_minute) * MINUTE);
            let at = last_meal + (40 + self.dice.below(15) as i64) * MINUTE;
            let disinfection = if self.dice.below(2) == 0 {
                Disinfection {
                    target: Target::Tableware,
                    method: Method::Dishwasher,
                    temperature_c: Some(85 + self.dice.below(4) as u16),
                    concentration_mg_l: None,
                    duration_s: 60,
                    by: self.person(Post::Dishwashing),
                }
            } else {
                Disinfection {
                    target: Target::Tableware,
                    method: Method::Infrared,
                    temperature_c: Some(120 + self.dice.below(6) as u16),
                    concentration_mg_l: None,
                    duration_s: 900,
                    by: self.person(Post::Dishwashing),
                }
            };
            let late = self.previous && self.case == Case::LateEntry;
            let body = RecordBody::Disinfection(disinfection);
            if late {
                // Entered at 08:20 this morning: 补录.
                let entered = self.today.start_ms(CHINA_UTC_OFFSET_SECS) + (8 * 60 + 20) * MINUTE;
                self.push_entered(at, entered, None, body);
            } else {
                self.push(at, None, body);
            }
        }

        let closes = i64::from(schedule.closes_minute) * MINUTE;
        let officer = self.person(Post::SafetyOfficer);
        self.push(closes - 30 * MINUTE, None, self_inspection(Level::Daily, officer, "各功能区卫生、人员着装、原料贮存检查，未发现问题。", false));
        // The weekly review on Tuesdays, the monthly meeting on the first day open from the 3rd.
        let (_, _, date) = self.day.ymd();
        let first_open_from_3rd = date >= 3 && (3..date).all(|d| schedule.closed_on(self.day.add_days(d as i32 - date as i32)));
        if self.day.weekday() == 1 {
            let manager = self.person(Post::Manager);
            self.push(
                closes - 60 * MINUTE,
                None,
                self_inspection(Level::Weekly, manager, "本周排查：冷库温度记录连续，留样规范；提醒更换防蝇帘。", false),
            );
        }
        if first_open_from_3rd {
            let manager = self.person(Post::Manager);
            self.push(
                closes - 90 * MINUTE,
                None,
                self_inspection(Level::Monthly, manager, "月度食品安全调度会：通报上月自查情况，部署本月工作。", false),
            );
        }
    }

    /// A menu of a meal: three to five dishes.
    fn menu(&mut self, meal: Meal) -> Vec<String> {
        let list = match meal {
            Meal::Breakfast => BREAKFAST,
            Meal::Other => SNACKS,
            Meal::Lunch | Meal::Dinner => MAINS,
        };
        let start = self.dice.below(list.len() as u64) as usize;
        let n = 3 + self.dice.below(3) as usize;
        (0..n.min(list.len())).map(|k| list[(start + k) % list.len()].to_owned()).collect()
    }

    /// The roster id of someone at a post (the first person when nobody holds it).
    fn person(&self, post: Post) -> String {
        self.roster.iter().find(|m| m.post == post).or(self.roster.first()).map(|m| m.id.clone()).unwrap_or_default()
    }

    /// A record at `minute_ms` after the day's midnight, entered a few minutes later.
    fn push(&mut self, minute_ms: i64, device: Option<&str>, body: RecordBody) {
        let at = self.day.start_ms(CHINA_UTC_OFFSET_SECS) + minute_ms;
        let delay = if device.is_some() { MINUTE } else { (1 + self.dice.below(20) as i64) * MINUTE };
        self.push_entered(minute_ms, at + delay, device, body);
    }

    fn push_entered(&mut self, minute_ms: i64, entered_ms: i64, device: Option<&str>, body: RecordBody) {
        let at_ms = self.day.start_ms(CHINA_UTC_OFFSET_SECS) + minute_ms;
        let n = self.out.len();
        let id = format!("KR{}", hex::encode_upper(&Sha256::digest(format!("demo {} {} {n}", self.code, self.day))[..8]));
        let source = device.map_or(Source::Person, |name| Source::Device { name: name.to_owned() });
        self.out.push(KitchenRecord { id, at_ms, entered_ms, source, version: 1, body, first: None });
    }
}

fn self_inspection(level: Level, by: String, findings: &str, problems: bool) -> RecordBody {
    RecordBody::SelfInspection(SelfInspection { level, by, findings: findings.into(), problems, problem_count: None })
}

/// A deterministic roll of dice, seeded by a text (SHA-256 of it, then xorshift).
struct Dice(u64);

impl Dice {
    fn new(seed: &str) -> Dice {
        let hash = Sha256::digest(seed.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&hash[..8]);
        Dice(u64::from_le_bytes(first) | 1)
    }

    /// A number from 0 to `n - 1`.
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Monday, so yesterday was a school's closed Sunday.
    fn kitchen(code: &str, kind: UnitKind) -> DemoKitchen {
        let today: Day = "2026-11-30".parse().unwrap();
        demo_kitchen(code, kind, today, today.start_ms(CHINA_UTC_OFFSET_SECS) + 12 * HOUR)
    }

    #[test]
    fn the_same_day_gives_the_same_records() {
        let (a, b) = (kitchen("lc-dcf-0027", UnitKind::KindergartenCanteen), kitchen("lc-dcf-0027", UnitKind::KindergartenCanteen));
        assert_eq!(a.records, b.records);
        assert_eq!(a.roster, b.roster);
        assert!(a.records.len() > 150, "{}", a.records.len());
        let mut ids: Vec<(&str, u32)> = a.records.iter().map(|r| (r.id.as_str(), r.version)).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), a.records.len(), "ids are unique");
    }

    #[test]
    fn no_two_people_of_a_kitchen_share_a_name() {
        let today: Day = "2026-11-30".parse().unwrap();
        for (code, _) in DEMO_CODES {
            let kind = crate::demo::demo_units(today).into_iter().find(|u| u.unit.code == *code).unwrap().unit.kind;
            let mut names: Vec<String> = kitchen(code, kind).roster.into_iter().map(|m| m.name).collect();
            let people = names.len();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), people, "{code}");
        }
    }

    #[test]
    fn nothing_is_entered_after_now() {
        let today: Day = "2026-11-30".parse().unwrap();
        let noon = today.start_ms(CHINA_UTC_OFFSET_SECS) + 12 * HOUR;
        for (code, kind) in [("lc-dcf-0012", UnitKind::SchoolCanteen), ("lc-lq-0003", UnitKind::SchoolCanteen)] {
            assert!(kitchen(code, kind).records.iter().all(|r| r.entered_ms <= noon && r.at_ms <= r.entered_ms));
        }
    }

    #[test]
    fn every_demo_record_is_one_an_owner_could_write() {
        use mingchu_types::kitchen::{findings, record_problems, CheckCtx, InputProblem, NewRecord};
        let today: Day = "2026-11-30".parse().unwrap();
        let now = today.start_ms(CHINA_UTC_OFFSET_SECS) + 12 * HOUR;
        let rules = KitchenRules::national();
        for (code, _) in DEMO_CODES {
            let kind = crate::demo::demo_units(today).into_iter().find(|u| u.unit.code == *code).unwrap().unit.kind;
            let k = kitchen(code, kind);
            let ctx = CheckCtx { rules: &rules, unit_kind: kind, roster: &k.roster };
            for r in &k.records {
                let record = NewRecord { client_id: r.id.clone(), at_ms: r.at_ms, body: r.body.clone() };
                let problems: Vec<InputProblem> =
                    record_problems(&record, r.entered_ms, &ctx).into_iter().filter(|p| *p != InputProblem::TimeTooOld).collect();
                assert!(problems.is_empty(), "{code} {}: {problems:?}", r.id);
                if *code == "lc-dcf-0012" {
                    assert!(findings(r, &ctx).iter().all(|f| f.tone() == mingchu_types::Tone::Good), "{code} {}: {:?}", r.id, findings(r, &ctx));
                }
            }
            assert!(k.records.iter().all(|r| r.entered_ms <= now));
        }
    }

    #[test]
    fn the_cases_show() {
        let today: Day = "2026-11-30".parse().unwrap();
        let of_today = |k: &DemoKitchen, kind| k.records.iter().any(|r| r.kind() == kind && mingchu_types::kitchen::day_of(r.at_ms) == today);
        let no_check = kitchen("lc-dcf-0043", UnitKind::LargeRestaurant);
        assert!(!of_today(&no_check, mingchu_types::kitchen::RecordKind::MorningCheck));
        assert!(of_today(&kitchen("lc-dcf-0012", UnitKind::SchoolCanteen), mingchu_types::kitchen::RecordKind::MorningCheck));
        let expired = kitchen("lc-gx-0009", UnitKind::LargeRestaurant);
        assert!(expired.roster.iter().any(|m| m.certificate.valid_until < today && m.active));
        let late = kitchen("lc-lq-0003", UnitKind::SchoolCanteen);
        assert!(late.records.iter().any(|r| r.entered_ms - r.at_ms > 2 * HOUR));
        assert!(late.records.iter().any(|r| r.version == 2));
        let positive = kitchen("lc-yg-0008", UnitKind::LargeRestaurant);
        assert!(positive.records.iter().any(|r| matches!(&r.body, RecordBody::PesticideTest(t) if t.inhibition_percent >= 50)));
    }

    #[test]
    fn a_school_lays_nothing_at_the_weekend_and_a_restaurant_does() {
        use mingchu_types::kitchen::{completeness, day_lines, day_of, CheckCtx, Completeness};
        let today: Day = "2026-11-30".parse().unwrap();
        let rules = KitchenRules::national();
        let school = kitchen("lc-dcf-0012", UnitKind::SchoolCanteen);
        assert!(school.records.iter().all(|r| day_of(r.at_ms).weekday() < 5), "nothing on a Saturday or Sunday");
        let restaurant = kitchen("lc-yg-0008", UnitKind::LargeRestaurant);
        assert!(restaurant.records.iter().any(|r| day_of(r.at_ms).weekday() == 6));
        // The perfect school: each past day full or closed, never a gap.
        let ctx = CheckCtx { rules: &rules, unit_kind: UnitKind::SchoolCanteen, roster: &school.roster };
        let end = today.start_ms(CHINA_UTC_OFFSET_SECS) - 1;
        for back in 1..=29 {
            let d = today.add_days(-back);
            let of_day: Vec<_> = school.records.iter().filter(|r| day_of(r.at_ms) == d).cloned().collect();
            let expected = if d.weekday() >= 5 { Completeness::Closed } else { Completeness::Full };
            assert_eq!(completeness(&day_lines(&of_day, d, end, &ctx), d, today, &rules), expected, "{d}");
        }
        // 补录 is of the last open day (Friday), entered this morning.
        let late = kitchen("lc-lq-0003", UnitKind::SchoolCanteen);
        let friday = today.add_days(-3);
        assert!(late.records.iter().any(|r| day_of(r.at_ms) == friday && r.entered_ms - r.at_ms > 2 * HOUR && day_of(r.entered_ms) == today));
    }
}
