//! The demo data set: fourteen units in Liaocheng (聊城市), Shandong, covering every kind of unit,
//! every grade state, every licence status and every inspection result and outcome the page draws.
//!
//! Names, people, codes and numbers are invented for the demo; any likeness to a real business is
//! accidental. Nothing is random: the same `today` always gives the same data.
//!
//! Every date is worked out from `today`, so the statuses (expired licence, overdue inspection, grade
//! withheld until …) hold whatever day the server starts on. Dates come in two kinds that never meet:
//! - [`ago`]: days before today. Recent inspections stay within 90 days (92 once moved off a weekend),
//!   so they always fall after September 30 of last year;
//! - [`years_ago`]: a fixed March–September day some calendar years back, so that it is always older than
//!   the recent ones and `years_ago(t, 1, …)` always lies in last year (the annual grade's year).

use mingchu_types::{
    credit_code_check_char, AnnualGrade, AnnualLetter, Day, Inspection, InspectionKind, InspectionOutcome, InspectionResult, ItemProblem,
    KitchenArea, Level, Licence, Location, NotGradedReason, Region, Scope, Unit, UnitKind,
};

use InspectionKind::{Routine, Special, System, Unannounced};
use KitchenArea::{Cooking, Cutting, Portioning, RoughPrep, SpecialRoom, Storeroom, Washing};

use crate::cameras::DEFAULT_DELAY_SECS;
use crate::hours::PublicHours;
use crate::store::{CameraRecord, DynamicGradeData, GradeData, NewCamera, Store, StoreResult, UnitData};

/// The demo units' codes, in the order [`demo_units`] returns them, with what each one demonstrates.
pub const DEMO_CODES: &[(&str, &str)] = &[
    ("lc-dcf-0012", "School canteen: graded excellent, valid licence, recent compliant inspection, annual A; cameras in all 7 kitchen areas"),
    ("lc-da-0015", "Large restaurant: excellent, pre-2023 licence with supervising office, officers and signer"),
    ("lc-dcf-0027", "Kindergarten canteen: good, minor problems fixed on the spot"),
    ("lc-lq-0003", "School canteen: good, latest inspection orders fixes by a deadline still to come; storeroom camera offline"),
    ("lc-yg-0008", "Large restaurant: good, licence expiring within 90 days; cameras public 06:00-21:00 only"),
    ("lc-cp-0006", "Central kitchen: good, graded from a system audit, fix verified after the deadline"),
    ("lc-gt-0004", "Meal supplier: fair, annual C, no map location"),
    ("lc-jkq-0002", "Staff canteen: not graded (not yet inspected under the scheme), unscored inspections only; cameras outside public hours"),
    ("lc-lq-0016", "Kindergarten canteen: not graded (new licence, grade due in 3 months), no annual grade"),
    ("lc-sx-0021", "Large restaurant: not graded (food-safety incident), stop-operating order, sole trader's masked ID; cameras offline"),
    ("lc-dcf-0043", "Large restaurant: not graded (two key items failed), non-compliant with 9 general problems earlier"),
    ("lc-gx-0009", "Large restaurant: fair, licence expired, key item failed on the licence; a private camera never shown"),
    ("lc-gxq-0005", "School canteen: good but overdue, last inspected 15 months ago"),
    ("lc-cp-0019", "Kindergarten canteen: good, credit code whose check character fails (a warning, not an error); 5-minute camera delay"),
];

/// The demo data set as seen on `today`.
pub fn demo_units(today: Day) -> Vec<UnitData> {
    let mut units = vec![
        dcf_0012(today),
        da_0015(today),
        dcf_0027(today),
        lq_0003(today),
        yg_0008(today),
        cp_0006(today),
        gt_0004(today),
        jkq_0002(today),
        lq_0016(today),
        sx_0021(today),
        dcf_0043(today),
        gx_0009(today),
        gxq_0005(today),
        cp_0019(today),
    ];
    // Each unit belongs to its county's grassroots station (`-01`); one 东昌府 unit to a second
    // station, so that a station, its county and the city each see a different set.
    for u in &mut units {
        let station = if u.unit.code == "lc-dcf-0043" { "02" } else { "01" };
        u.region = format!("{}-{station}", u.region);
    }
    units
}

/// The demo's sign-ins (the demo only: anybody may read them here). Owners sign in at `/owner` with
/// the unit code and access code; regulators at `/regulator` with [`DEMO_PASSWORD`].
pub const DEMO_OWNERS: &[(&str, &str)] = &[("lc-dcf-0012", "DEMO-0012"), ("lc-dcf-0043", "DEMO-0043"), ("lc-yg-0008", "DEMO-0008")];
pub const DEMO_REGULATORS: &[(&str, &str, Level, &str)] = &[
    ("liaocheng", "聊城市市场监督管理局", Level::City, "3715"),
    ("dongchangfu", "聊城市东昌府区市场监督管理局", Level::County, "371502"),
    ("gulou", "东昌府区市场监督管理局古楼市场监督管理所", Level::Station, "371502-01"),
    ("xinqu", "东昌府区市场监督管理局新区市场监督管理所", Level::Station, "371502-02"),
];
pub const DEMO_PASSWORD: &str = "mingchu-demo";

/// The demo city's regions as the regulator names them: the city, its counties, districts and zones,
/// and the demo regulators' stations.
pub const DEMO_REGIONS: &[(&str, &str, &str)] = &[
    ("3715", "聊城市", "Liaocheng"),
    ("371502", "东昌府区", "Dongchangfu District"),
    ("371502-01", "古楼市场监督管理所", "Gulou station"),
    ("371502-02", "新区市场监督管理所", "Xinqu station"),
    ("371503", "茌平区", "Chiping District"),
    ("371521", "阳谷县", "Yanggu County"),
    ("371522", "莘县", "Shen County"),
    ("371524", "东阿县", "Dong'e County"),
    ("371525", "冠县", "Guan County"),
    ("371526", "高唐县", "Gaotang County"),
    ("371571", "经济技术开发区", "Economic and Technological Development Zone"),
    ("371572", "高新技术产业开发区", "High-tech Industrial Development Zone"),
    ("371581", "临清市", "Linqing"),
];

/// Names the demo regions (again: a renamed one takes the demo's name back).
pub async fn add_regions(store: &dyn Store) -> StoreResult<()> {
    let regions: Vec<Region> =
        DEMO_REGIONS.iter().map(|(code, zh, en)| Region { code: (*code).into(), name_zh: (*zh).into(), name_en: (*en).into() }).collect();
    store.put_regions(&regions).await
}

/// Gives the demo owners their known access codes (again) and adds the demo regulators once.
pub async fn add_accounts(store: &dyn Store, now_ms: i64) -> StoreResult<()> {
    for (unit, code) in DEMO_OWNERS {
        crate::accounts::issue_owner_code(store, unit, Some(code), now_ms).await?;
    }
    let existing = store.regulators().await?;
    for (username, name, level, region) in DEMO_REGULATORS {
        if !existing.iter().any(|r| r.username == *username) {
            let scope = Scope { level: *level, region: (*region).to_owned() };
            crate::accounts::add_regulator(store, username, name, &scope, Some(DEMO_PASSWORD), now_ms).await?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------
// The kitchen cameras.

/// A demo unit's camera.
#[derive(Clone, Copy, Debug)]
pub struct DemoCamera {
    pub unit: &'static str,
    pub area: KitchenArea,
    pub public: bool,
    pub delay_secs: u32,
    pub hours: PublicHours,
    /// Whether a synthetic camera sends its frames (`serve` with demo data); one that does not is offline.
    pub sends: bool,
}

const fn cam(unit: &'static str, area: KitchenArea) -> DemoCamera {
    DemoCamera { unit, area, public: true, delay_secs: DEFAULT_DELAY_SECS, hours: PublicHours::ALL_DAY, sends: true }
}

impl DemoCamera {
    const fn hours(self, hours: PublicHours) -> DemoCamera {
        DemoCamera { hours, ..self }
    }
    const fn delay(self, delay_secs: u32) -> DemoCamera {
        DemoCamera { delay_secs, ..self }
    }
    const fn silent(self) -> DemoCamera {
        DemoCamera { sends: false, ..self }
    }
    const fn private(self) -> DemoCamera {
        DemoCamera { public: false, ..self }
    }
}

/// Most demo cameras are public all day, so the kitchen view works whenever the demo is opened.
const DAYTIME: PublicHours = crate::hours::DEFAULT_HOURS;
/// One minute after midnight: outside public hours nearly all the time, deterministically.
const MIDNIGHT_MINUTE: PublicHours = match PublicHours::from_minutes(0, 1) {
    Some(hours) => hours,
    None => PublicHours::ALL_DAY,
};

/// The demo units' cameras: every area somewhere, all seven at the flagship; one unit's cameras public
/// by day only, one's outside public hours, one camera that never sends, one unit closed by order whose
/// cameras are silent, one private camera and one longer delay.
pub const DEMO_CAMERAS: &[DemoCamera] = &[
    cam("lc-dcf-0012", RoughPrep),
    cam("lc-dcf-0012", Cutting),
    cam("lc-dcf-0012", Cooking),
    cam("lc-dcf-0012", SpecialRoom),
    cam("lc-dcf-0012", Washing),
    cam("lc-dcf-0012", Portioning),
    cam("lc-dcf-0012", Storeroom),
    cam("lc-da-0015", Cooking),
    cam("lc-da-0015", SpecialRoom),
    cam("lc-da-0015", Washing),
    cam("lc-dcf-0027", Cooking),
    cam("lc-dcf-0027", Portioning),
    cam("lc-lq-0003", RoughPrep),
    cam("lc-lq-0003", Cooking),
    cam("lc-lq-0003", Storeroom).silent(),
    cam("lc-yg-0008", Cutting).hours(DAYTIME),
    cam("lc-yg-0008", Cooking).hours(DAYTIME),
    cam("lc-cp-0006", Cutting),
    cam("lc-cp-0006", Cooking),
    cam("lc-cp-0006", Portioning),
    cam("lc-gt-0004", Cooking),
    cam("lc-gt-0004", Washing),
    cam("lc-jkq-0002", Cooking).hours(MIDNIGHT_MINUTE),
    cam("lc-jkq-0002", Washing).hours(MIDNIGHT_MINUTE),
    cam("lc-lq-0016", Cooking),
    cam("lc-lq-0016", Portioning),
    cam("lc-sx-0021", Cooking).silent(),
    cam("lc-sx-0021", Washing).silent(),
    cam("lc-dcf-0043", Cutting),
    cam("lc-dcf-0043", Cooking),
    cam("lc-gx-0009", RoughPrep),
    cam("lc-gx-0009", Cooking),
    cam("lc-gx-0009", Storeroom).private(),
    cam("lc-gxq-0005", Cooking),
    cam("lc-gxq-0005", Washing),
    cam("lc-cp-0019", Cooking).delay(300),
    cam("lc-cp-0019", Portioning).delay(300),
];

/// Adds the demo cameras of every demo unit in the store that has no camera yet (so reloading the demo
/// keeps the cameras, their ids and their frames). Demo cameras get no gateway token: only the
/// synthetic cameras send to them.
pub async fn add_cameras(store: &dyn Store, now_ms: i64) -> StoreResult<()> {
    for (code, _) in DEMO_CODES {
        if store.unit_cameras(code).await?.is_none_or(|cameras| !cameras.is_empty()) {
            continue;
        }
        for c in DEMO_CAMERAS.iter().filter(|c| c.unit == *code) {
            let camera = NewCamera {
                unit_code: c.unit,
                area: c.area,
                public: c.public,
                delay_secs: c.delay_secs,
                hours: c.hours,
                token_hash: None,
                created_ms: now_ms,
            };
            store.add_camera(&camera).await?;
        }
    }
    Ok(())
}

/// The stored cameras that synthetic cameras send to: each demo camera that [`DemoCamera::sends`].
pub async fn sending_cameras(store: &dyn Store) -> StoreResult<Vec<CameraRecord>> {
    let mut out = Vec::new();
    for (code, _) in DEMO_CODES {
        let Some(cameras) = store.unit_cameras(code).await? else {
            continue;
        };
        for camera in cameras {
            if DEMO_CAMERAS.iter().any(|c| c.unit == *code && c.area == camera.area && c.sends) {
                out.push(camera);
            }
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------------
// The units, flagships first.

fn dcf_0012(t: Day) -> UnitData {
    let spec = Spec {
        district: &DONGCHANGFU,
        code: "lc-dcf-0012",
        name: "聊城市东昌府区实验小学食堂",
        kind: UnitKind::SchoolCanteen,
        address: "聊城市东昌府区柳园南路56号",
        phone: "0635-8263517",
        location: Some((115.978_6, 36.445_2)),
        contact: "李秀梅",
    };
    let licence = Lic {
        seq: 128,
        check: 6,
        operator: "聊城市东昌府区实验小学",
        credit: credit("12371502494431760"),
        legal_rep: "王志华",
        premises: Some("聊城市东昌府区柳园南路56号（校内学生餐厅一楼）"),
        activities: &[HOT],
        issued: months_ago(t, 24),
    };
    let checks = vec![
        check(ago(t, 18), Routine).score(96).notes("各功能区布局合理，明厨亮灶画面清晰，留样规范。").says("无异议。"),
        check(ago(t, 76), Unannounced),
        check(years_ago(t, 1, 9, 12), Special).notes("秋季开学校园食品安全专项检查，未发现问题。"),
        check(years_ago(t, 1, 6, 3), Routine).general(&[MORNING_CHECK_LOG]).score(92).notes("已当场整改。"),
        check(years_ago(t, 1, 3, 8), Routine).score(95),
    ];
    unit(t, spec, licence, Grade::Level("excellent"), Some(AnnualLetter::A), checks)
}

fn da_0015(t: Day) -> UnitData {
    let spec = Spec {
        district: &DONG_E,
        code: "lc-da-0015",
        name: "东阿县阿胶城大酒店",
        kind: UnitKind::LargeRestaurant,
        address: "东阿县铜城街道府前街188号",
        phone: "0635-3282666",
        location: Some((116.247_6, 36.337_1)),
        contact: "何玉洁",
    };
    let licence = Lic {
        seq: 357,
        check: 2,
        operator: "东阿县阿胶城大酒店有限公司",
        credit: credit("91371524767781943"),
        legal_rep: "刘长青",
        premises: None,
        activities: &[HOT, COLD, RAW, PASTRY, DRINKS],
        // Old enough to carry the pre-2023 fields (supervising office, officers, signer).
        issued: months_ago(t, 50),
    };
    let checks = vec![
        check(ago(t, 21), Routine).general(&[HOOD_GREASE]).score(92).notes("已当场整改。"),
        check(ago(t, 64), Unannounced),
        check(years_ago(t, 1, 8, 14), Routine).score(95),
        check(years_ago(t, 1, 4, 22), Special)
            .general(&[RAW_WITH_COOKED, THAWED_AT_ROOM_TEMPERATURE])
            .fix(7)
            .verified(2)
            .notes("冷食、生食类食品专项检查，责令7日内整改。")
            .says("承诺按期完成整改。"),
        check(years_ago(t, 2, 7, 9), Routine).score(93),
        check(years_ago(t, 3, 6, 17), Routine).general(&[FLY_SCREEN]).score(90),
    ];
    unit(t, spec, licence, Grade::Level("excellent"), Some(AnnualLetter::A), checks)
}

fn dcf_0027(t: Day) -> UnitData {
    let spec = Spec {
        district: &DONGCHANGFU,
        code: "lc-dcf-0027",
        name: "聊城市东昌府区机关幼儿园食堂",
        kind: UnitKind::KindergartenCanteen,
        address: "聊城市东昌府区兴华东路35号",
        phone: "0635-8417236",
        location: Some((115.993_5, 36.459_8)),
        contact: "赵春燕",
    };
    let licence = Lic {
        seq: 203,
        check: 9,
        operator: "聊城市东昌府区机关幼儿园",
        credit: credit("12371502MB1H53204"),
        legal_rep: "孙丽华",
        premises: Some("聊城市东昌府区兴华东路35号（园内食堂）"),
        activities: &[HOT, PASTRY],
        issued: months_ago(t, 25),
    };
    let checks = vec![
        check(ago(t, 33), Routine).general(&[NO_HAT, SAMPLE_LOG]).score(86).notes("已当场整改。").says("今后加强从业人员着装和留样记录管理。"),
        check(years_ago(t, 1, 9, 1), Special).notes("秋季开学托幼机构食品安全专项检查，未发现问题。"),
        check(years_ago(t, 1, 5, 26), Routine).score(94),
        check(years_ago(t, 1, 3, 17), Unannounced).general(&[NO_MASK]).notes("已当场整改。"),
    ];
    unit(t, spec, licence, Grade::Level("good"), Some(AnnualLetter::A), checks)
}

fn lq_0003(t: Day) -> UnitData {
    let spec = Spec {
        district: &LINQING,
        code: "lc-lq-0003",
        name: "临清市第一中学学生食堂",
        kind: UnitKind::SchoolCanteen,
        address: "临清市青年路168号",
        phone: "0635-2312487",
        location: Some((115.709_6, 36.842_1)),
        contact: "马国庆",
    };
    let licence = Lic {
        seq: 46,
        check: 3,
        operator: "临清市第一中学",
        credit: credit("12371581494920157"),
        legal_rep: "陈建军",
        premises: Some("临清市青年路168号（学生餐厅）"),
        activities: &[HOT],
        issued: months_ago(t, 26),
    };
    let checks = vec![
        // The deadline is still to come: the page shows a pending order.
        check(ago(t, 9), Routine).general(&[NOT_OFF_FLOOR, DISINFECTION_LOG, CAMERA_BLOCKED]).score(81).fix(15).says("承诺按期完成整改。"),
        check(ago(t, 58), Unannounced).general(&[NO_MASK, OPEN_BIN]).notes("已当场整改。"),
        check(years_ago(t, 1, 9, 4), Special)
            .key(&[SAMPLE_TOO_SMALL])
            .fix(7)
            .verified(1)
            .notes("校园食品安全专项检查，责令立即补足留样并于7日内完成整改。")
            .says("已补足留样，加强留样管理。"),
        check(years_ago(t, 1, 6, 10), Routine).score(91),
        check(years_ago(t, 1, 3, 24), Routine).general(&[MORNING_CHECK_LOG]).score(88).notes("已当场整改。"),
    ];
    unit(t, spec, licence, Grade::Level("good"), Some(AnnualLetter::B), checks)
}

fn yg_0008(t: Day) -> UnitData {
    let spec = Spec {
        district: &YANGGU,
        code: "lc-yg-0008",
        name: "阳谷县景阳冈大酒店",
        kind: UnitKind::LargeRestaurant,
        address: "阳谷县侨润街道谷山路118号",
        phone: "0635-6212988",
        location: Some((115.790_5, 36.117_8)),
        contact: "冯玉华",
    };
    let licence = Lic {
        seq: 219,
        check: 7,
        operator: "阳谷县景阳冈大酒店有限公司",
        credit: credit("91371521MA3BQ4TW8"),
        legal_rep: "冯建业",
        premises: None,
        activities: &[HOT, COLD, RAW, DRINKS],
        // Expires about 60 days from today: "expiring soon".
        issued: months_ago(t, 58),
    };
    let expires = valid_until(licence.issued);
    let checks = vec![
        check(ago(t, 27), Routine)
            .general(&[RESULTS_NOT_POSTED, ADDITIVES_NOT_LOCKED])
            .score(85)
            .notes(format!("已当场整改。许可证将于{}到期，已提醒经营者及时申请延续。", zh(expires)))
            .says("已着手准备延续申请材料。"),
        check(years_ago(t, 1, 7, 20), Routine).score(93),
        check(years_ago(t, 1, 3, 11), Unannounced).general(&[STANDING_WATER, OPEN_BIN]).fix(10).verified(1),
        check(years_ago(t, 2, 8, 5), Routine).score(91),
        check(years_ago(t, 3, 5, 28), Routine).general(&[FLY_SCREEN]).score(89).notes("已当场整改。"),
        check(years_ago(t, 4, 6, 9), Routine)
            .key(&[HEALTH_CERTIFICATES])
            .general(&[BOARDS_NOT_SEPARATED])
            .score(78)
            .fix(15)
            .verified(3)
            .says("相关人员已暂停上岗，待取得健康证明后再上岗。"),
    ];
    unit(t, spec, licence, Grade::Level("good"), Some(AnnualLetter::A), checks)
}

fn cp_0006(t: Day) -> UnitData {
    let spec = Spec {
        district: &CHIPING,
        code: "lc-cp-0006",
        name: "聊城市茌平区鑫源餐饮管理有限公司中央厨房",
        kind: UnitKind::CentralKitchen,
        address: "聊城市茌平区振兴街道新政路1666号",
        phone: "0635-4261833",
        location: Some((116.263_1, 36.584_2)),
        contact: "许立峰",
    };
    let licence = Lic {
        seq: 81,
        check: 4,
        operator: "聊城市茌平区鑫源餐饮管理有限公司",
        credit: credit("91371503MA3N5GH71"),
        legal_rep: "高振东",
        premises: None,
        activities: &[HOT, COLD, PASTRY],
        issued: months_ago(t, 25),
    };
    let checks = vec![
        // Graded from a system audit, whose fix was verified a day after the deadline.
        check(ago(t, 44), System)
            .general(&[FREEZER_LOG_GAPS, DISINFECTION_LOG])
            .score(88)
            .fix(10)
            .verified(1)
            .notes("体系检查：食品安全管理制度基本健全，记录管理有待加强。"),
        check(ago(t, 86), Routine).score(92),
        check(years_ago(t, 1, 8, 27), Special).general(&[THAWED_AT_ROOM_TEMPERATURE]).notes("冷链食品专项检查，已当场整改。"),
        check(years_ago(t, 1, 5, 12), Routine)
            .key(&[EXPIRED_INGREDIENTS])
            .score(76)
            .fix(7)
            .verified(2)
            .notes("过期原料已当场销毁。")
            .says("已建立原料保质期台账，每日查验。"),
    ];
    unit(t, spec, licence, Grade::Level("good"), Some(AnnualLetter::B), checks)
}

fn gt_0004(t: Day) -> UnitData {
    let spec = Spec {
        district: &GAOTANG,
        code: "lc-gt-0004",
        name: "高唐县鸿运餐饮配送有限公司",
        kind: UnitKind::MealSupplier,
        address: "高唐县汇鑫街道光明路328号",
        phone: "0635-3925108",
        // No coordinates on record: the map link falls back to the address.
        location: None,
        contact: "袁志明",
    };
    let licence = Lic {
        seq: 64,
        check: 0,
        operator: "高唐县鸿运餐饮配送有限公司",
        credit: credit("91371526MA3PLK0W2"),
        legal_rep: "谢宏亮",
        premises: Some("高唐县汇鑫街道光明路328号（配送中心）"),
        activities: &[HOT],
        issued: months_ago(t, 24),
    };
    let checks = vec![
        check(ago(t, 30), Routine)
            .general(&[NO_HAT, FREEZER_LOG_GAPS, SAMPLE_LOG, OPEN_BIN, HOOD_GREASE])
            .score(72)
            .fix(14)
            .verified(1)
            .notes("责令14日内整改，届时复查。")
            .says("已安排专人负责整改。"),
        check(ago(t, 71), System).general(&[DISINFECTION_LOG, MORNING_CHECK_LOG, CAMERA_BLOCKED]).score(76),
        check(years_ago(t, 1, 9, 2), Special)
            .key(&[SAMPLE_TOO_SMALL])
            .general(&[SAMPLE_LOG])
            .fix(7)
            .verified(1)
            .notes("秋季开学学生集体用餐配送专项检查。")
            .says("承诺三日内完成整改。"),
        check(years_ago(t, 1, 5, 15), Routine).score(90),
    ];
    unit(t, spec, licence, Grade::Level("fair"), Some(AnnualLetter::C), checks)
}

fn jkq_0002(t: Day) -> UnitData {
    let spec = Spec {
        district: &DEVELOPMENT_ZONE,
        code: "lc-jkq-0002",
        name: "聊城新泰精密机械有限公司职工食堂",
        kind: UnitKind::StaffCanteen,
        address: "聊城经济技术开发区蒋官屯街道黄河路77号",
        phone: "0635-8591246",
        location: Some((116.036_2, 36.412_9)),
        contact: "董立平",
    };
    let licence = Lic {
        seq: 15,
        check: 8,
        operator: "聊城新泰精密机械有限公司",
        credit: credit("91371500MA3D9T6E1"),
        legal_rep: "潘德胜",
        premises: Some("聊城经济技术开发区蒋官屯街道黄河路77号（厂区职工餐厅）"),
        activities: &[HOT],
        issued: months_ago(t, 20),
    };
    // Inspected, but never by a scored grading inspection: hence "not yet inspected under the scheme".
    let checks = vec![
        check(ago(t, 25), Special).notes("企业职工食堂食品安全专项检查，不作量化分级评分。"),
        check(ago(t, 61), System).general(&[ADDITIVES_NOT_LOCKED]).notes("已当场整改。"),
        check(ago(t, 205), Unannounced).general(&[NO_MASK, PHONE_AT_WORK]).notes("已当场整改。"),
    ];
    unit(t, spec, licence, Grade::Withheld(NotGradedReason::NotInspected, None), None, checks)
}

fn lq_0016(t: Day) -> UnitData {
    let spec = Spec {
        district: &LINQING,
        code: "lc-lq-0016",
        name: "临清市育才幼儿园食堂",
        kind: UnitKind::KindergartenCanteen,
        address: "临清市新华路街道先锋路86号",
        phone: "0635-2356610",
        location: Some((115.715_2, 36.837_7)),
        contact: "杨春霞",
    };
    let issued = workday(ago(t, 33));
    let licence = Lic {
        seq: 412,
        check: 1,
        operator: "临清市育才幼儿园",
        credit: credit("52371581MJE2407A6"),
        legal_rep: "周慧敏",
        premises: Some("临清市新华路街道先锋路86号（园内食堂）"),
        activities: &[HOT, PASTRY],
        issued,
    };
    let checks = vec![
        check(ago(t, 2), Unannounced),
        check(ago(t, 14), Special)
            .general(&[CAMERA_BLOCKED])
            .fix(10)
            .verified(1)
            .notes("明厨亮灶专项检查：洗消区未实现视频覆盖。")
            .says("已加装摄像头。"),
        check(ago(t, 27), Routine).general(&[MORNING_CHECK_LOG, SAMPLE_LOG]).notes("取得许可后首次监督检查，已当场整改。"),
    ];
    let until = issued.add_months(mingchu_types::NEW_LICENCE_GRACE_MONTHS);
    unit(t, spec, licence, Grade::Withheld(NotGradedReason::NewLicence, Some(until)), None, checks)
}

fn sx_0021(t: Day) -> UnitData {
    let spec = Spec {
        district: &SHENXIAN,
        code: "lc-sx-0021",
        name: "莘县聚贤楼酒店",
        kind: UnitKind::LargeRestaurant,
        address: "莘县燕塔街道中华路256号",
        phone: "0635-7318859",
        location: Some((115.669_8, 36.236_1)),
        contact: "张庆东",
    };
    let licence = Lic {
        seq: 176,
        check: 5,
        operator: "莘县聚贤楼酒店",
        // A sole trader: the licence shows the owner's ID number, masked.
        credit: "37152219******3516".into(),
        legal_rep: "张庆东",
        premises: None,
        activities: &[HOT, COLD],
        issued: months_ago(t, 26),
    };
    // The stop order came the day after the incident.
    let stop_order = workday(ago(t, 53));
    let incident = stop_order.add_days(-1);
    let checks = vec![
        check(ago(t, 39), Routine)
            .general(&[FLY_SCREEN, DISINFECTION_LOG])
            .score(78)
            .notes("复查：整改措施已落实，同意恢复经营。")
            .says("今后严格落实食品安全管理制度。"),
        check(stop_order, Special)
            .key(&[COLD_ROOM_HYGIENE, EXPIRED_INGREDIENTS])
            .general(&[BOARDS_NOT_SEPARATED, DISINFECTION_LOG])
            .stop()
            .notes("接县疾控中心通报，该店发生疑似食源性疾病事件。现场责令立即停止经营，封存涉事食品及原料并抽样送检。")
            .says("服从处理，立即停业整改。"),
        check(years_ago(t, 1, 7, 3), Routine).general(&[HOOD_GREASE, STANDING_WATER, OPEN_BIN]).score(80).notes("已当场整改。"),
        check(years_ago(t, 1, 4, 11), Routine).score(90),
    ];
    let until = incident.add_months(mingchu_types::INCIDENT_GRACE_MONTHS);
    unit(t, spec, licence, Grade::Withheld(NotGradedReason::Incident, Some(until)), Some(AnnualLetter::B), checks)
}

fn dcf_0043(t: Day) -> UnitData {
    let spec = Spec {
        district: &DONGCHANGFU,
        code: "lc-dcf-0043",
        name: "聊城运河人家酒楼",
        kind: UnitKind::LargeRestaurant,
        address: "聊城市东昌府区古楼街道东关大街88号",
        phone: "0635-8516772",
        location: Some((115.995_1, 36.451_3)),
        contact: "范志勇",
    };
    let licence = Lic {
        seq: 392,
        check: 4,
        operator: "聊城运河人家餐饮有限公司",
        credit: credit("91371502MA3F0UK28"),
        legal_rep: "彭立新",
        premises: None,
        activities: &[HOT, COLD],
        issued: months_ago(t, 26),
    };
    let checks = vec![
        // Two key items failed: no grade whatever the score.
        check(ago(t, 12), Routine)
            .key(&[RODENT_TRACES, NO_QUARANTINE_PROOF])
            .general(&[STANDING_WATER, NO_MASK])
            .score(55)
            .fix(15)
            .notes("两项重点项不符合，暂不评定动态等级。责令限期整改，逾期不改正的依法查处。")
            .says("承诺按期完成整改。"),
        // More than eight general problems and no key item is still non-compliant.
        check(ago(t, 80), Unannounced)
            .general(&[
                NO_MASK,
                NO_HAT,
                RAW_WITH_COOKED,
                NOT_OFF_FLOOR,
                BOARDS_NOT_SEPARATED,
                THAWED_AT_ROOM_TEMPERATURE,
                OPEN_BIN,
                STANDING_WATER,
                HOOD_GREASE,
            ])
            .fix(10)
            .verified(2)
            .notes("一般项不符合超过8项，判定为不符合。"),
        check(years_ago(t, 1, 8, 22), Routine)
            .general(&[DISINFECTION_LOG, FLY_SCREEN, FREEZER_LOG_GAPS, CAMERA_BLOCKED])
            .score(74)
            .fix(20)
            .verified(1),
        check(years_ago(t, 1, 4, 9), Routine).general(&[RESULTS_NOT_POSTED, NO_HAT]).score(80).notes("已当场整改。"),
    ];
    unit(t, spec, licence, Grade::Withheld(NotGradedReason::BelowThreshold, None), Some(AnnualLetter::C), checks)
}

fn gx_0009(t: Day) -> UnitData {
    let spec = Spec {
        district: &GUANXIAN,
        code: "lc-gx-0009",
        name: "冠县福满楼大酒店",
        kind: UnitKind::LargeRestaurant,
        address: "冠县清泉街道红旗北路199号",
        phone: "0635-5263099",
        location: Some((115.447_3, 36.485_9)),
        contact: "宋海峰",
    };
    let licence = Lic {
        seq: 97,
        check: 6,
        operator: "冠县福满楼餐饮有限公司",
        credit: credit("9137152579813064X"),
        legal_rep: "于德海",
        premises: None,
        activities: &[HOT, COLD, DRINKS],
        // Expired about a month ago and not renewed.
        issued: months_ago(t, 61),
    };
    let expired = valid_until(licence.issued);
    let checks = vec![
        check(ago(t, 10), Routine)
            .key(&[LICENCE_EXPIRED])
            .general(&[RESULTS_NOT_POSTED, HOOD_GREASE])
            .score(66)
            .fix(15)
            .notes(format!("食品经营许可证已于{}到期，责令限期办理许可手续。", zh(expired)))
            .says("正在补办许可手续。"),
        check(ago(t, 73), Routine).general(&[NO_MASK, RAW_WITH_COOKED, OPEN_BIN]).score(79).notes("已当场整改。"),
        check(years_ago(t, 1, 6, 25), Routine).score(90),
        check(years_ago(t, 2, 7, 18), Unannounced).general(&[STANDING_WATER]).notes("已当场整改。"),
        check(years_ago(t, 3, 5, 6), Routine).key(&[TABLEWARE_NOT_DISINFECTED]).score(70).fix(7).verified(1),
        check(years_ago(t, 4, 8, 30), Routine).score(92),
    ];
    unit(t, spec, licence, Grade::Level("fair"), Some(AnnualLetter::B), checks)
}

fn gxq_0005(t: Day) -> UnitData {
    let spec = Spec {
        district: &HIGH_TECH_ZONE,
        code: "lc-gxq-0005",
        name: "聊城高新区顾官屯镇中心小学食堂",
        kind: UnitKind::SchoolCanteen,
        address: "聊城高新技术产业开发区顾官屯镇政府街18号",
        phone: "0635-8713320",
        location: Some((116.126_8, 36.523_7)),
        contact: "邱立华",
    };
    let licence = Lic {
        seq: 38,
        check: 2,
        operator: "聊城高新技术产业开发区顾官屯镇中心小学",
        credit: credit("12371500MB2841637"),
        legal_rep: "范永生",
        premises: Some("聊城高新技术产业开发区顾官屯镇政府街18号（学生餐厅）"),
        activities: &[HOT],
        issued: months_ago(t, 26),
    };
    // Not inspected for 15 months: the page must say the grade is old.
    let last = t.add_months(-15);
    let checks = vec![
        check(last, Routine).general(&[MORNING_CHECK_LOG, DISINFECTION_LOG, FLY_SCREEN]).score(78).notes("已当场整改。"),
        check(last.add_days(-115), Special).general(&[SAMPLE_LOG]).fix(10).verified(1),
        check(last.add_days(-240), Routine).score(90),
    ];
    unit(t, spec, licence, Grade::Level("good"), None, checks)
}

fn cp_0019(t: Day) -> UnitData {
    let spec = Spec {
        district: &CHIPING,
        code: "lc-cp-0019",
        name: "聊城市茌平区振兴街道中心幼儿园食堂",
        kind: UnitKind::KindergartenCanteen,
        address: "聊城市茌平区振兴街道文化路118号",
        phone: "0635-4225176",
        location: Some((116.248_9, 36.576_8)),
        contact: "刘红霞",
    };
    let licence = Lic {
        seq: 133,
        check: 7,
        operator: "聊城市茌平区振兴街道中心幼儿园",
        // An early code from the 茌平县 days (area 371523) whose check character does not agree.
        credit: credit_failing_check("1237152349501638X"),
        legal_rep: "马丽",
        premises: Some("聊城市茌平区振兴街道文化路118号（园内食堂）"),
        activities: &[HOT, PASTRY],
        issued: months_ago(t, 25),
    };
    let checks = vec![
        check(ago(t, 47), Routine).general(&[NO_HAT, OPEN_BIN]).score(84).notes("已当场整改。"),
        check(ago(t, 88), Unannounced),
        check(years_ago(t, 1, 9, 8), Special).notes("秋季开学托幼机构食品安全专项检查，未发现问题。"),
        check(years_ago(t, 1, 5, 19), Routine).score(91),
    ];
    unit(t, spec, licence, Grade::Level("good"), Some(AnnualLetter::A), checks)
}

// ---------------------------------------------------------------------------------------------------
// Districts: who issues licences and inspects there.

struct District {
    /// Middle part of unit codes, e.g. `dcf` in `lc-dcf-0012`.
    abbr: &'static str,
    /// County area code: the unit's region and the licence number's area.
    area: &'static str,
    issuer: &'static str,
    /// 日常监督管理机构, printed on licences issued before 2023-12-01.
    station: &'static str,
    /// 签发人 on those older licences.
    signer: &'static str,
    /// Prefix of the results record sheet numbers.
    sheet_prefix: &'static str,
    /// Law-enforcement officers: name and certificate number.
    inspectors: [(&'static str, &'static str); 4],
}

const DONGCHANGFU: District = District {
    abbr: "dcf",
    area: "371502",
    issuer: "聊城市东昌府区市场监督管理局",
    station: "聊城市东昌府区市场监督管理局古楼市场监督管理所",
    signer: "张立新",
    sheet_prefix: "聊东市监餐检",
    inspectors: [("王建国", "37150200318"), ("李娜", "37150200462"), ("赵文博", "37150200527"), ("孙晓燕", "37150200605")],
};
const CHIPING: District = District {
    abbr: "cp",
    area: "371503",
    issuer: "聊城市茌平区市场监督管理局",
    station: "聊城市茌平区市场监督管理局振兴市场监督管理所",
    signer: "李振海",
    sheet_prefix: "茌市监餐检",
    inspectors: [("张振华", "37150300211"), ("刘红梅", "37150300349"), ("马骏", "37150300416"), ("高秀英", "37150300502")],
};
const YANGGU: District = District {
    abbr: "yg",
    area: "371521",
    issuer: "阳谷县市场监督管理局",
    station: "阳谷县市场监督管理局侨润市场监督管理所",
    signer: "武世杰",
    sheet_prefix: "阳市监餐检",
    inspectors: [("郑国强", "37152100136"), ("冯晓丽", "37152100274"), ("韩磊", "37152100319"), ("曹玉兰", "37152100457")],
};
const SHENXIAN: District = District {
    abbr: "sx",
    area: "371522",
    issuer: "莘县市场监督管理局",
    station: "莘县市场监督管理局燕塔市场监督管理所",
    signer: "王树林",
    sheet_prefix: "莘市监餐检",
    inspectors: [("田志刚", "37152200142"), ("许倩", "37152200286"), ("魏东升", "37152200331"), ("姜慧", "37152200473")],
};
const DONG_E: District = District {
    abbr: "da",
    area: "371524",
    issuer: "东阿县市场监督管理局",
    station: "东阿县市场监督管理局铜城市场监督管理所",
    signer: "杜洪波",
    sheet_prefix: "阿市监餐检",
    inspectors: [("邵明远", "37152400118"), ("程雪", "37152400235"), ("何长青", "37152400364"), ("罗晓红", "37152400421")],
};
const GUANXIAN: District = District {
    abbr: "gx",
    area: "371525",
    issuer: "冠县市场监督管理局",
    station: "冠县市场监督管理局清泉市场监督管理所",
    signer: "柴文军",
    sheet_prefix: "冠市监餐检",
    inspectors: [("宋建民", "37152500167"), ("郭婷", "37152500292"), ("于海波", "37152500348"), ("贾凤霞", "37152500415")],
};
const GAOTANG: District = District {
    abbr: "gt",
    area: "371526",
    issuer: "高唐县市场监督管理局",
    station: "高唐县市场监督管理局汇鑫市场监督管理所",
    signer: "黄德明",
    sheet_prefix: "高市监餐检",
    inspectors: [("卢宏伟", "37152600153"), ("崔艳", "37152600268"), ("谢振东", "37152600327"), ("袁丽", "37152600481")],
};
const LINQING: District = District {
    abbr: "lq",
    area: "371581",
    issuer: "临清市市场监督管理局",
    station: "临清市市场监督管理局新华市场监督管理所",
    signer: "孟庆华",
    sheet_prefix: "临市监餐检",
    inspectors: [("陈立军", "37158100127"), ("杨静", "37158100253"), ("周海涛", "37158100388"), ("吴丽君", "37158100414")],
};
// The two development zones have statistical area codes of their own (371571, 371572).
const DEVELOPMENT_ZONE: District = District {
    abbr: "jkq",
    area: "371571",
    issuer: "聊城市市场监督管理局经济技术开发区分局",
    station: "聊城市市场监督管理局经济技术开发区分局蒋官屯市场监督管理所",
    signer: "石建华",
    sheet_prefix: "聊开市监餐检",
    inspectors: [("潘志强", "37157100109"), ("董敏", "37157100224"), ("蒋涛", "37157100356"), ("沈佳", "37157100412")],
};
const HIGH_TECH_ZONE: District = District {
    abbr: "gxq",
    area: "371572",
    issuer: "聊城市市场监督管理局高新技术产业开发区分局",
    station: "聊城市市场监督管理局高新技术产业开发区分局顾官屯市场监督管理所",
    signer: "鲁文涛",
    sheet_prefix: "聊高新市监餐检",
    inspectors: [("彭永刚", "37157200131"), ("范琳", "37157200247"), ("邱鹏", "37157200365"), ("薛梅", "37157200438")],
};

// ---------------------------------------------------------------------------------------------------
// Checklist items with problems. The numbering is the demo's own checklist, used consistently:
// an item number is always either a key item (重点项) or a general one (一般项).

type Problem = (&'static str, &'static str);

// Key items.
const LICENCE_EXPIRED: Problem = ("1.1", "食品经营许可证超过有效期限，未按规定申请延续");
const HEALTH_CERTIFICATES: Problem = ("2.1", "2名从业人员健康证明已过期，仍从事接触直接入口食品的工作");
const EXPIRED_INGREDIENTS: Problem = ("3.3", "库房内存放超过保质期的食品原料（小麦粉2袋）");
const NO_QUARANTINE_PROOF: Problem = ("3.4", "未查验并留存猪肉的动物检疫合格证明");
const COLD_ROOM_HYGIENE: Problem = ("4.1", "凉菜间操作人员未二次更衣、未洗手消毒，专间紫外线灯未开启");
const TABLEWARE_NOT_DISINFECTED: Problem = ("5.1", "部分餐饮具未经消毒即投入使用");
const RODENT_TRACES: Problem = ("6.1", "后厨操作间发现鼠迹，防鼠设施不完善");
const SAMPLE_TOO_SMALL: Problem = ("7.1", "部分菜品留样量不足125克");

// General items.
const RESULTS_NOT_POSTED: Problem = ("1.2", "未在显著位置公示最新的监督检查结果记录表");
const NO_HAT: Problem = ("2.3", "个别厨师未戴工作帽");
const NO_MASK: Problem = ("2.4", "从业人员未佩戴口罩");
const MORNING_CHECK_LOG: Problem = ("2.5", "晨检记录填写不完整");
const PHONE_AT_WORK: Problem = ("2.6", "操作人员在加工区域使用手机");
const RAW_WITH_COOKED: Problem = ("3.1", "冷藏柜内生熟食品混放");
const NOT_OFF_FLOOR: Problem = ("3.2", "库房部分食品原料未离地离墙存放");
const FREEZER_LOG_GAPS: Problem = ("3.5", "冷库温度记录不连续");
const BOARDS_NOT_SEPARATED: Problem = ("4.3", "刀具、砧板未按生熟分开标识使用");
const THAWED_AT_ROOM_TEMPERATURE: Problem = ("4.4", "冷冻食品在常温下解冻");
const DISINFECTION_LOG: Problem = ("5.2", "餐用具清洗消毒记录不全");
const OPEN_BIN: Problem = ("6.2", "垃圾桶未加盖");
const STANDING_WATER: Problem = ("6.3", "粗加工区地面有积水");
const HOOD_GREASE: Problem = ("6.4", "烹饪区排油烟罩油污较重");
const FLY_SCREEN: Problem = ("6.5", "防蝇帘破损");
const SAMPLE_LOG: Problem = ("7.2", "留样记录未注明留样时间和留样人");
const ADDITIVES_NOT_LOCKED: Problem = ("8.1", "食品添加剂未专柜存放、未专人管理");
const CAMERA_BLOCKED: Problem = ("9.1", "明厨亮灶摄像头被杂物遮挡，洗消区画面不全");

// Licensed activities (经营项目).
const HOT: &str = "热食类食品制售";
const COLD: &str = "冷食类食品制售";
const RAW: &str = "生食类食品制售";
const PASTRY: &str = "糕点类食品制售（不含裱花蛋糕）";
const DRINKS: &str = "自制饮品制售";

// ---------------------------------------------------------------------------------------------------
// Builders.

/// `days` days before today.
fn ago(t: Day, days: i32) -> Day {
    t.add_days(-days)
}

/// The licence issue day `months` calendar months back.
fn months_ago(t: Day, months: i32) -> Day {
    workday(t.add_months(-months))
}

/// Officers work on weekdays: a Saturday or Sunday moves back to the Friday (holidays are ignored).
fn workday(day: Day) -> Day {
    match day.weekday() {
        5 => day.add_days(-1),
        6 => day.add_days(-2),
        _ => day,
    }
}

/// The first weekday on or after `day`.
fn next_workday(day: Day) -> Day {
    match day.weekday() {
        5 => day.add_days(2),
        6 => day.add_days(1),
        _ => day,
    }
}

/// A fixed March–September day `years` calendar years back (see the module comment for why).
fn years_ago(t: Day, years: i32, month: u32, day: u32) -> Day {
    debug_assert!((3..=9).contains(&month), "anchored dates stay in March–September");
    Day::from_ymd(t.year() - years, month, day).expect("a real day")
}

/// A day as written in Chinese text: 2026年11月29日.
fn zh(day: Day) -> String {
    let (y, m, d) = day.ymd();
    format!("{y}年{m}月{d}日")
}

/// Licences run five years: valid until the day before the fifth anniversary of issue.
fn valid_until(issued: Day) -> Day {
    issued.add_months(60).add_days(-1)
}

/// A valid unified social credit code from its first 17 characters.
fn credit(first17: &str) -> String {
    let check = credit_code_check_char(first17).expect("17 credit-code symbols");
    format!("{first17}{check}")
}

/// The same with a wrong check character, as some legal early pilot-area codes have.
fn credit_failing_check(first17: &str) -> String {
    let right = credit_code_check_char(first17).expect("17 credit-code symbols");
    format!("{first17}{}", if right == '0' { '1' } else { '0' })
}

/// Who and where a unit is.
struct Spec {
    district: &'static District,
    code: &'static str,
    name: &'static str,
    kind: UnitKind,
    address: &'static str,
    phone: &'static str,
    /// GCJ-02 longitude and latitude.
    location: Option<(f64, f64)>,
    contact: &'static str,
}

/// What differs between licences; the rest follows from the unit and its district.
struct Lic {
    /// The licence number's 6-digit sequence.
    seq: u32,
    /// Its check digit (the algorithm is unpublished, so any digit).
    check: u8,
    operator: &'static str,
    credit: String,
    legal_rep: &'static str,
    /// Where the licence differs from the registered address.
    premises: Option<&'static str>,
    activities: &'static [&'static str],
    issued: Day,
}

enum Grade {
    /// Graded from the latest inspection, at this level of the national scheme.
    Level(&'static str),
    Withheld(NotGradedReason, Option<Day>),
}

/// The licence number's business-type digit and the 主体业态 for a kind of unit.
fn business_type(kind: UnitKind) -> (u8, &'static str) {
    match kind {
        UnitKind::SchoolCanteen => (3, "单位食堂（学校食堂）"),
        UnitKind::KindergartenCanteen => (3, "单位食堂（托幼机构食堂）"),
        UnitKind::StaffCanteen => (3, "单位食堂（职工食堂）"),
        UnitKind::LargeRestaurant => (2, "餐饮服务经营者（大型餐馆）"),
        UnitKind::CentralKitchen => (2, "餐饮服务经营者（中央厨房）"),
        UnitKind::MealSupplier => (2, "餐饮服务经营者（集体用餐配送单位）"),
    }
}

/// Licences issued before SAMR Order No. 78 came into force still print the supervision fields.
fn order_78_in_force() -> Day {
    Day::from_ymd(2023, 12, 1).expect("a real day")
}

fn licence(spec: &Spec, lic: Lic) -> Licence {
    let district = spec.district;
    let (type_digit, business_type) = business_type(spec.kind);
    let old = lic.issued < order_78_in_force();
    let officers = || format!("{}、{}", district.inspectors[0].0, district.inspectors[1].0);
    Licence {
        number: format!("JY{type_digit}{}{:06}{}", district.area, lic.seq, lic.check),
        operator_name: lic.operator.into(),
        credit_code: lic.credit,
        legal_representative: lic.legal_rep.into(),
        residence: spec.address.into(),
        premises: lic.premises.unwrap_or(spec.address).into(),
        business_type: business_type.into(),
        activities: lic.activities.iter().map(|&a| a.into()).collect(),
        valid_until: valid_until(lic.issued),
        hotline: "12315".into(),
        issuer: district.issuer.into(),
        issued_on: lic.issued,
        supervising_office: old.then(|| district.station.into()),
        supervising_officers: old.then(officers),
        signer: old.then(|| district.signer.into()),
    }
}

/// An inspection as written in a unit's history; numbers, inspectors and the result are filled in by [`sheets`].
struct Check {
    date: Day,
    kind: InspectionKind,
    key: Vec<ItemProblem>,
    general: Vec<ItemProblem>,
    outcome: InspectionOutcome,
    fix_days: Option<i32>,
    verified_days_after_deadline: Option<i32>,
    score: Option<u32>,
    notes: Option<String>,
    comments: Option<String>,
}

fn check(date: Day, kind: InspectionKind) -> Check {
    Check {
        date: workday(date),
        kind,
        key: Vec::new(),
        general: Vec::new(),
        outcome: InspectionOutcome::Passed,
        fix_days: None,
        verified_days_after_deadline: None,
        score: None,
        notes: None,
        comments: None,
    }
}

fn problems(list: &[Problem]) -> Vec<ItemProblem> {
    list.iter().map(|&(item_no, description)| ItemProblem { item_no: item_no.into(), description: description.into() }).collect()
}

impl Check {
    fn key(mut self, list: &[Problem]) -> Check {
        self.key = problems(list);
        self
    }

    fn general(mut self, list: &[Problem]) -> Check {
        self.general = problems(list);
        self
    }

    fn score(mut self, score: u32) -> Check {
        self.score = Some(score);
        self
    }

    /// A written order to fix within `days` days.
    fn fix(mut self, days: i32) -> Check {
        self.outcome = InspectionOutcome::FixByDeadline;
        self.fix_days = Some(days);
        self
    }

    /// The fix was confirmed this many days after the deadline.
    fn verified(mut self, days_after_deadline: i32) -> Check {
        self.verified_days_after_deadline = Some(days_after_deadline);
        self
    }

    fn stop(mut self) -> Check {
        self.outcome = InspectionOutcome::StopOperating;
        self
    }

    fn notes(mut self, notes: impl Into<String>) -> Check {
        self.notes = Some(notes.into());
        self
    }

    /// 被检查单位意见.
    fn says(mut self, comments: &str) -> Check {
        self.comments = Some(comments.into());
        self
    }
}

/// Items on the checklist (all, key) by kind of inspection: audits look at more, specials at fewer.
fn items_checked(kind: InspectionKind) -> (u32, u32) {
    match kind {
        Routine => (26, 10),
        Unannounced => (24, 9),
        System => (30, 12),
        Special => (20, 8),
    }
}

/// Turns a unit's history into record sheets: sheet numbers, 本年度第N次, inspectors and the result.
fn sheets(district: &District, salt: u32, checks: Vec<Check>) -> Vec<Inspection> {
    let dates: Vec<Day> = checks.iter().map(|c| c.date).collect();
    checks
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let year = c.date.year();
            let nth_this_year = dates.iter().filter(|d| d.year() == year && **d <= c.date).count() as u32;
            // Sheets are numbered through the year, so the number follows the date.
            let day_of_year = Day::from_ymd(year, 1, 1).expect("a real day").days_until(c.date) as u32 + 1;
            let sheet_no = format!("{}〔{year}〕{:04}号", district.sheet_prefix, day_of_year * 3 + salt % 3);
            // Two officers sign; audits and specials bring a third.
            let crew = if matches!(c.kind, System | Special) { 3 } else { 2 };
            let inspectors = (0..crew)
                .map(|k| {
                    let (name, cert) = district.inspectors[(salt as usize + i + k) % district.inspectors.len()];
                    format!("{name}（执法证号 {cert}）")
                })
                .collect();
            let (items, key_items) = items_checked(c.kind);
            let fix_deadline = c.fix_days.map(|days| c.date.add_days(days));
            Inspection {
                id: 0,
                date: c.date,
                kind: c.kind,
                sheet_no,
                nth_this_year,
                inspectors,
                items_checked: items + (salt + i as u32) % 3,
                key_items_checked: key_items,
                result: InspectionResult::by_rule_of_thumb(c.key.len(), c.general.len()),
                key_problems: c.key,
                general_problems: c.general,
                outcome: c.outcome,
                fix_deadline,
                fix_verified_on: fix_deadline.zip(c.verified_days_after_deadline).map(|(d, after)| next_workday(d.add_days(after))),
                score: c.score,
                notes: c.notes,
                operator_comments: c.comments,
            }
        })
        .collect()
}

fn unit(t: Day, spec: Spec, lic: Lic, grade: Grade, annual: Option<AnnualLetter>, checks: Vec<Check>) -> UnitData {
    debug_assert!(spec.code.starts_with(&format!("lc-{}-", spec.district.abbr)), "{} is coded for its district", spec.code);
    let salt: u32 = spec.code[spec.code.len() - 4..].parse().expect("codes end in four digits");
    let inspections = sheets(spec.district, salt, checks);
    let dynamic = match grade {
        Grade::Level(level) => {
            let latest = inspections.iter().max_by_key(|i| i.date).expect("a graded unit has inspections");
            DynamicGradeData::Graded { level: level.into(), score: latest.score, graded_on: latest.date }
        }
        Grade::Withheld(reason, until) => DynamicGradeData::NotGraded { reason, until },
    };
    let licence = licence(&spec, lic);
    UnitData {
        unit: Unit {
            code: spec.code.into(),
            name: spec.name.into(),
            kind: spec.kind,
            address: spec.address.into(),
            phone: Some(spec.phone.into()),
            location: spec.location.map(|(lng, lat)| Location { lng, lat }),
        },
        contact: Some(spec.contact.into()),
        region: spec.district.area.into(),
        licence: Some(licence),
        grade: GradeData { scheme: "national-smiley".into(), dynamic, annual: annual.map(|letter| AnnualGrade { letter, year: t.year() - 1 }) },
        inspections,
    }
}

/// Runs `step` every ten minutes for as long as the store is open (not at once: the demo was just laid
/// out or topped up): the demo's kitchens and sensors keep up with the clock this way.
pub fn every_ten_minutes<F, Fut>(store: std::sync::Arc<dyn Store>, what: &'static str, step: F)
where
    F: Fn(std::sync::Arc<dyn Store>) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = StoreResult<()>> + Send,
{
    let store = std::sync::Arc::downgrade(&store);
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
        every.tick().await;
        loop {
            every.tick().await;
            let Some(store) = store.upgrade() else { break };
            if let Err(e) = step(store).await {
                tracing::warn!("{what}: {e}");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use mingchu_types::{check_credit_code, grade_withheld, months_overdue, parse_licence_number, CreditCodeCheck, GradeScheme, LicenceStatus};

    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    /// Days the invariants must hold on: year ends, a leap day, and a sweep over several years.
    fn days() -> Vec<Day> {
        let mut days: Vec<Day> = ["2026-11-29", "2026-12-31", "2027-01-01", "2028-02-29", "2026-03-01", "2026-09-30", "2026-10-02"].map(day).to_vec();
        let mut d = day("2025-01-01");
        while d < day("2030-01-01") {
            days.push(d);
            d = d.add_days(11);
        }
        days
    }

    fn for_every_day(check: impl Fn(Day, &[UnitData])) {
        for t in days() {
            check(t, &demo_units(t));
        }
    }

    fn latest(u: &UnitData) -> &Inspection {
        u.inspections.iter().max_by_key(|i| i.date).unwrap()
    }

    fn reason(u: &UnitData) -> Option<NotGradedReason> {
        match u.grade.dynamic {
            DynamicGradeData::NotGraded { reason, .. } => Some(reason),
            DynamicGradeData::Graded { .. } => None,
        }
    }

    #[test]
    fn enough_units_of_every_kind() {
        for_every_day(|_, units| {
            assert!(units.len() >= 12);
            for kind in UnitKind::ALL {
                assert!(units.iter().any(|u| u.unit.kind == kind), "no {kind:?}");
            }
        });
    }

    #[test]
    fn codes_are_unique_url_safe_and_listed_in_order() {
        let units = demo_units(day("2026-11-29"));
        let codes: Vec<&str> = units.iter().map(|u| u.unit.code.as_str()).collect();
        let listed: Vec<&str> = DEMO_CODES.iter().map(|(c, _)| *c).collect();
        assert_eq!(codes, listed, "DEMO_CODES must list demo_units in order");
        assert_eq!(codes.iter().collect::<HashSet<_>>().len(), codes.len(), "codes are unique");
        assert_eq!(codes[0], "lc-dcf-0012", "the flagship (used by xtask bench) comes first");
        for code in codes {
            let parts: Vec<&str> = code.split('-').collect();
            assert_eq!(parts.len(), 3, "{code}");
            assert_eq!(parts[0], "lc", "{code}");
            assert!((2..=3).contains(&parts[1].len()) && parts[1].bytes().all(|b| b.is_ascii_lowercase()), "{code}");
            assert!(parts[2].len() == 4 && parts[2].bytes().all(|b| b.is_ascii_digit()), "{code}");
        }
        for (code, what) in DEMO_CODES {
            assert!(!what.is_empty() && !what.contains('\t') && !what.contains('\n'), "{code}: one line, no tabs");
        }
    }

    #[test]
    fn units_look_like_liaocheng() {
        let units = demo_units(day("2026-11-29"));
        let areas = ["371502", "371503", "371521", "371522", "371524", "371525", "371526", "371581", "371571", "371572"];
        for u in &units {
            let code = &u.unit.code;
            assert!(areas.contains(&&u.region[..6]), "{code}: region {}", u.region);
            let phone = u.unit.phone.as_deref().unwrap();
            assert!(phone.len() == 12 && phone.starts_with("0635-") && phone[5..].bytes().all(|b| b.is_ascii_digit()), "{code}: {phone}");
            if let Some(Location { lng, lat }) = u.unit.location {
                assert!((115.3..=116.7).contains(&lng) && (35.9..=37.0).contains(&lat), "{code}: {lng},{lat}");
            }
            assert!(u.contact.is_some(), "{code}");
            assert_eq!(u.grade.scheme, "national-smiley");
        }
        assert_eq!(units.iter().filter(|u| u.unit.location.is_none()).count(), 1, "one unit has no map location");
        let regions: HashSet<&str> = units.iter().map(|u| &u.region[..6]).collect();
        assert_eq!(regions.len(), areas.len(), "every county and zone appears");
    }

    #[test]
    fn every_grade_state_is_shown() {
        for_every_day(|t, units| {
            let levels: HashSet<&str> = units
                .iter()
                .filter_map(|u| match &u.grade.dynamic {
                    DynamicGradeData::Graded { level, .. } => Some(level.as_str()),
                    DynamicGradeData::NotGraded { .. } => None,
                })
                .collect();
            assert_eq!(levels, HashSet::from(["excellent", "good", "fair"]), "{t}");
            for r in [NotGradedReason::NewLicence, NotGradedReason::Incident, NotGradedReason::BelowThreshold, NotGradedReason::NotInspected] {
                assert!(units.iter().any(|u| reason(u) == Some(r)), "{t}: no {r:?}");
            }
            for letter in [AnnualLetter::A, AnnualLetter::B, AnnualLetter::C] {
                assert!(units.iter().any(|u| u.grade.annual.as_ref().map(|a| a.letter) == Some(letter)), "{t}: no annual {letter:?}");
            }
            assert!(units.iter().any(|u| u.grade.annual.is_none()));
        });
    }

    #[test]
    fn graded_units_match_their_latest_inspection() {
        let scheme = GradeScheme::national();
        for_every_day(|t, units| {
            for u in units {
                let DynamicGradeData::Graded { level, score, graded_on } = &u.grade.dynamic else {
                    continue;
                };
                let latest = latest(u);
                assert_eq!(*graded_on, latest.date, "{t} {}", u.unit.code);
                assert_eq!(*score, latest.score, "{t} {}", u.unit.code);
                let score = score.expect("a graded unit's score is published");
                let earned = scheme.level_for(score, latest.key_problems.len() as u32).map(|l| l.key.as_str());
                assert_eq!(earned, Some(level.as_str()), "{t} {}: score {score}", u.unit.code);
            }
        });
    }

    #[test]
    fn withheld_grades_are_explained_by_the_data() {
        let scheme = GradeScheme::national();
        for_every_day(|t, units| {
            for u in units {
                let DynamicGradeData::NotGraded { reason, until } = u.grade.dynamic else {
                    continue;
                };
                let code = &u.unit.code;
                let issued = u.licence.as_ref().unwrap().issued_on;
                match reason {
                    NotGradedReason::NewLicence => {
                        assert_eq!(grade_withheld(issued, None, t), Some((reason, until.unwrap())), "{t} {code}");
                        assert!(u.grade.annual.is_none(), "{code}: too new for an annual grade");
                    }
                    NotGradedReason::Incident => {
                        let until = until.unwrap();
                        let incident = until.add_months(-mingchu_types::INCIDENT_GRACE_MONTHS);
                        assert_eq!(grade_withheld(issued, Some(incident), t), Some((reason, until)), "{t} {code}");
                        assert!(
                            u.inspections.iter().any(|i| i.outcome == InspectionOutcome::StopOperating && i.date >= incident),
                            "{t} {code}: the incident led to a stop order"
                        );
                    }
                    NotGradedReason::BelowThreshold => {
                        let latest = latest(u);
                        let score = latest.score.expect("scored");
                        assert!(scheme.level_for(score, latest.key_problems.len() as u32).is_none(), "{t} {code}");
                    }
                    NotGradedReason::NotInspected => {
                        assert!(u.inspections.iter().all(|i| i.score.is_none()), "{code}: no scored inspection");
                        assert!(u.grade.annual.is_none(), "{code}");
                    }
                    NotGradedReason::Unavailable => {
                        panic!("{code}: the regulator never publishes 'unavailable'")
                    }
                }
            }
        });
    }

    #[test]
    fn annual_grades_are_for_last_year_and_backed_by_inspections() {
        for_every_day(|t, units| {
            for u in units {
                let Some(annual) = &u.grade.annual else {
                    continue;
                };
                assert_eq!(annual.year, t.year() - 1, "{t} {}", u.unit.code);
                assert!(u.inspections.iter().any(|i| i.date.year() == annual.year), "{t} {}: inspected that year", u.unit.code);
            }
        });
    }

    #[test]
    fn licences_are_well_formed() {
        for_every_day(|t, units| {
            for u in units {
                let code = &u.unit.code;
                let l = u.licence.as_ref().unwrap();
                let parts = parse_licence_number(&l.number).unwrap_or_else(|| panic!("{code}: {}", l.number));
                let expected_type = if l.business_type.starts_with("单位食堂") { 3 } else { 2 };
                assert_eq!(parts.business_type_code, expected_type, "{code}");
                assert!(u.region.starts_with(&format!("{}-", parts.area_code)), "{code}");
                assert_eq!(l.valid_until, l.issued_on.add_months(60).add_days(-1), "{code}: five years");
                assert!(l.issued_on <= t && l.issued_on.weekday() < 5, "{t} {code}: issued {}", l.issued_on);
                assert_eq!(l.hotline, "12315");
                assert!(!l.activities.is_empty() && l.issuer.ends_with('局'), "{code}");
                let old = l.issued_on < day("2023-12-01");
                assert_eq!(l.supervising_office.is_some(), old, "{t} {code}");
                assert_eq!(l.supervising_officers.is_some(), old, "{t} {code}");
                assert_eq!(l.signer.is_some(), old, "{t} {code}");
                for i in &u.inspections {
                    assert!(i.date >= l.issued_on, "{t} {code}: inspected on {} before the licence of {}", i.date, l.issued_on);
                }
            }
        });
        // Around now, a few licences are old enough to carry the pre-2023 fields.
        let old = demo_units(day("2026-11-29")).iter().filter(|u| u.licence.as_ref().unwrap().signer.is_some()).count();
        assert!((2..=3).contains(&old), "{old} old licences");
    }

    #[test]
    fn one_licence_expired_and_one_expiring() {
        for_every_day(|t, units| {
            let statuses: Vec<LicenceStatus> = units.iter().map(|u| LicenceStatus::on(u.licence.as_ref().unwrap().valid_until, t)).collect();
            let expired = statuses.iter().filter(|s| matches!(s, LicenceStatus::Expired { .. })).count();
            let soon = statuses.iter().filter(|s| matches!(s, LicenceStatus::ExpiringSoon { .. })).count();
            assert_eq!((expired, soon), (1, 1), "{t}");
        });
    }

    #[test]
    fn credit_codes_are_valid_except_two_on_purpose() {
        let units = demo_units(day("2026-11-29"));
        let checks: Vec<CreditCodeCheck> = units.iter().map(|u| check_credit_code(&u.licence.as_ref().unwrap().credit_code)).collect();
        let count = |c| checks.iter().filter(|&&x| x == c).count();
        assert_eq!(count(CreditCodeCheck::CheckFailed), 1);
        assert_eq!(count(CreditCodeCheck::NotACreditCode), 1);
        assert_eq!(count(CreditCodeCheck::Valid), units.len() - 2);
        let masked = units.iter().map(|u| &u.licence.as_ref().unwrap().credit_code).find(|c| c.contains('*')).expect("a masked ID");
        assert_eq!(masked.chars().count(), 18);
    }

    #[test]
    fn inspections_follow_the_rules() {
        for_every_day(|t, units| {
            let mut item_is_key: HashMap<String, bool> = HashMap::new();
            for u in units {
                let code = &u.unit.code;
                assert!((3..=10).contains(&u.inspections.len()), "{code}: {} inspections", u.inspections.len());
                let sheets: HashSet<&str> = u.inspections.iter().map(|i| i.sheet_no.as_str()).collect();
                assert_eq!(sheets.len(), u.inspections.len(), "{t} {code}: sheet numbers are unique");
                let dates: HashSet<Day> = u.inspections.iter().map(|i| i.date).collect();
                assert_eq!(dates.len(), u.inspections.len(), "{t} {code}: one inspection a day");
                for i in &u.inspections {
                    let at = format!("{t} {code} {}", i.sheet_no);
                    assert!(i.date <= t, "{at}: in the future");
                    assert!(i.date.weekday() < 5, "{at}: inspected on a weekend");
                    assert!(i.sheet_no.contains(&format!("〔{}〕", i.date.year())), "{at}");
                    let nth = u.inspections.iter().filter(|o| o.date.year() == i.date.year() && o.date <= i.date).count();
                    assert_eq!(i.nth_this_year as usize, nth, "{at}");
                    assert!(i.inspectors.len() >= 2, "{at}");
                    assert_eq!(i.inspectors.iter().collect::<HashSet<_>>().len(), i.inspectors.len(), "{at}: distinct inspectors");
                    assert_eq!(i.result, InspectionResult::by_rule_of_thumb(i.key_problems.len(), i.general_problems.len()), "{at}");
                    assert!((20..=32).contains(&i.items_checked) && (8..=12).contains(&i.key_items_checked), "{at}");
                    assert!(i.key_problems.len() as u32 <= i.key_items_checked, "{at}");
                    assert!((i.general_problems.len() as u32) <= i.items_checked - i.key_items_checked, "{at}");
                    assert_eq!(i.fix_deadline.is_some(), i.outcome == InspectionOutcome::FixByDeadline, "{at}");
                    if let Some(deadline) = i.fix_deadline {
                        assert!((7..=30).contains(&i.date.days_until(deadline)), "{at}");
                    }
                    if let Some(verified) = i.fix_verified_on {
                        let deadline = i.fix_deadline.expect("verified fixes had a deadline");
                        assert!(verified > deadline && verified <= t, "{at}: verified on {verified}");
                    }
                    if i.outcome == InspectionOutcome::StopOperating {
                        assert!(!i.key_problems.is_empty(), "{at}: stop orders follow a key problem");
                    }
                    if i.outcome == InspectionOutcome::Passed {
                        assert!(i.key_problems.is_empty(), "{at}: a key problem is never just passed");
                    }
                    if let Some(score) = i.score {
                        assert!(score <= 100, "{at}");
                        if i.key_problems.is_empty() && i.general_problems.is_empty() {
                            assert!(score >= 90, "{at}: a clean sheet scores high");
                        }
                        if !i.key_problems.is_empty() {
                            assert!(score < 90, "{at}: a failed key item costs points");
                        }
                    }
                    for (problems, key) in [(&i.key_problems, true), (&i.general_problems, false)] {
                        let numbers: HashSet<&str> = problems.iter().map(|p| p.item_no.as_str()).collect();
                        assert_eq!(numbers.len(), problems.len(), "{at}: an item is listed once");
                        for p in problems.iter() {
                            assert!(!p.description.is_empty(), "{at}");
                            let was = *item_is_key.entry(p.item_no.clone()).or_insert(key);
                            assert_eq!(was, key, "{at}: item {} is both a key and a general item", p.item_no);
                        }
                    }
                }
            }
        });
    }

    #[test]
    fn every_result_and_outcome_is_shown() {
        for_every_day(|t, units| {
            let all: Vec<&Inspection> = units.iter().flat_map(|u| &u.inspections).collect();
            for r in [InspectionResult::Compliant, InspectionResult::BasicallyCompliant, InspectionResult::NonCompliant] {
                assert!(all.iter().any(|i| i.result == r), "{t}: no {r:?}");
            }
            for o in [InspectionOutcome::Passed, InspectionOutcome::FixByDeadline, InspectionOutcome::StopOperating] {
                assert!(all.iter().any(|i| i.outcome == o), "{t}: no {o:?}");
            }
            for k in [Routine, Unannounced, System, Special] {
                assert!(all.iter().any(|i| i.kind == k), "{t}: no {k:?}");
            }
            assert!(all.iter().any(|i| i.key_problems.is_empty() && i.general_problems.len() > 8), "{t}: non-compliant on general items alone");
            assert!(all.iter().any(|i| i.fix_deadline.is_some_and(|d| d > t)), "{t}: a deadline still to come");
            assert!(all.iter().any(|i| i.fix_verified_on.is_some()), "{t}: a verified fix");
            assert!(all.iter().any(|i| i.operator_comments.is_some()) && all.iter().any(|i| i.notes.is_some()));
        });
    }

    #[test]
    fn exactly_one_unit_is_overdue() {
        for_every_day(|t, units| {
            let overdue: Vec<(&str, u32)> =
                units.iter().filter_map(|u| months_overdue(latest(u).date, t).map(|m| (u.unit.code.as_str(), m))).collect();
            assert_eq!(overdue, vec![("lc-gxq-0005", 15)], "{t}");
        });
    }

    #[test]
    fn the_flagship_is_spotless() {
        for_every_day(|t, units| {
            let u = &units[0];
            assert!(matches!(&u.grade.dynamic, DynamicGradeData::Graded { level, .. } if level == "excellent"));
            assert!(matches!(LicenceStatus::on(u.licence.as_ref().unwrap().valid_until, t), LicenceStatus::Valid { .. }));
            let latest = latest(u);
            assert_eq!(latest.result, InspectionResult::Compliant);
            assert!(latest.date.days_until(t) <= 30, "{t}: inspected recently");
        });
    }

    #[test]
    fn same_day_same_data() {
        let t = day("2026-11-29");
        assert_eq!(demo_units(t), demo_units(t));
        assert_ne!(demo_units(t), demo_units(t.add_days(1)), "dates follow today");
    }

    #[test]
    fn cameras_show_every_area_and_state() {
        let codes: HashSet<&str> = DEMO_CODES.iter().map(|(c, _)| *c).collect();
        let mut per_unit: HashMap<&str, Vec<KitchenArea>> = HashMap::new();
        for c in DEMO_CAMERAS {
            assert!(codes.contains(c.unit), "{}", c.unit);
            let areas = per_unit.entry(c.unit).or_default();
            // Synthetic cameras find their stored camera by unit and area.
            assert!(!areas.contains(&c.area), "{} has two {:?} cameras", c.unit, c.area);
            areas.push(c.area);
        }
        assert_eq!(per_unit.len(), codes.len(), "every demo unit has cameras");
        assert!(per_unit.values().all(|a| a.len() >= 2));
        assert_eq!(per_unit["lc-dcf-0012"], KitchenArea::ALL.to_vec(), "the flagship covers every area, in kitchen order");
        assert!(DEMO_CAMERAS.iter().filter(|c| c.unit == "lc-dcf-0012").all(|c| c.sends && c.public && c.hours == PublicHours::ALL_DAY));
        assert!(DEMO_CAMERAS.iter().any(|c| !c.sends), "an offline camera");
        assert!(DEMO_CAMERAS.iter().any(|c| !c.public), "a private camera");
        assert!(DEMO_CAMERAS.iter().any(|c| c.hours == MIDNIGHT_MINUTE), "a camera outside public hours");
        assert_eq!(MIDNIGHT_MINUTE.to_string(), "00:00-00:01");
    }
}
