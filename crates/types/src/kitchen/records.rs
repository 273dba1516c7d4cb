//! The bodies of the six kinds of record, as the unit or its devices write them. People are named by
//! their roster id (`staff_id`); the public sees them masked (see `public.rs`).

use serde::{Deserialize, Serialize};

use super::RecordKind;

/// What a record says, tagged by its kind on the wire: `{"kind": "disinfection", …}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RecordBody {
    MorningCheck(MorningCheck),
    Samples(Samples),
    Disinfection(Disinfection),
    PesticideTest(PesticideTest),
    Purchase(Purchase),
    SelfInspection(SelfInspection),
}

impl RecordBody {
    pub fn kind(&self) -> RecordKind {
        match self {
            RecordBody::MorningCheck(_) => RecordKind::MorningCheck,
            RecordBody::Samples(_) => RecordKind::Samples,
            RecordBody::Disinfection(_) => RecordKind::Disinfection,
            RecordBody::PesticideTest(_) => RecordKind::PesticideTest,
            RecordBody::Purchase(_) => RecordKind::Purchase,
            RecordBody::SelfInspection(_) => RecordKind::SelfInspection,
        }
    }
}

/// 晨检: each person on duty, before work.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MorningCheck {
    pub entries: Vec<CheckEntry>,
}

/// One person's morning check. Whether they are fit is worked out (see `checks.rs`), never stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckEntry {
    pub staff_id: String,
    /// Tenths of a degree Celsius: 365 = 36.5 °C.
    pub temperature_tenths: u16,
    /// No wound or infection on the hands.
    pub hands_ok: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub symptoms: Vec<Symptom>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Symptom {
    Fever,
    Diarrhoea,
    Vomiting,
    /// 咽喉疼痛 / 咽炎.
    SoreThroat,
    /// 皮肤化脓性感染.
    SkinInfection,
}

impl Symptom {
    pub const ALL: [Symptom; 5] = [Symptom::Fever, Symptom::Diarrhoea, Symptom::Vomiting, Symptom::SoreThroat, Symptom::SkinInfection];
}

/// The meal a sample is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Meal {
    Breakfast,
    Lunch,
    Dinner,
    /// A snack, a night meal, a banquet.
    Other,
}

impl Meal {
    pub const ALL: [Meal; 4] = [Meal::Breakfast, Meal::Lunch, Meal::Dinner, Meal::Other];
}

/// 留样 of one meal. `P` is how a person is named: a roster id here, a masked person in public.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Samples<P = String> {
    pub meal: Meal,
    /// Every dish served at the meal: each must be sampled.
    pub menu: Vec<String>,
    pub dishes: Vec<SampleDish>,
    pub taken_by: P,
    /// Until when the samples are kept (UTC milliseconds).
    pub keep_until_ms: i64,
    /// The photo of the sealed samples (a photo id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<String>,
    /// Who disposed of them, once they have been.
    #[serde(default = "Option::default", skip_serializing_if = "Option::is_none")]
    pub disposed_by: Option<P>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SampleDish {
    pub dish: String,
    pub grams: u16,
}

/// What was disinfected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// 餐饮具.
    Tableware,
    /// 专间 (the cold-dish room).
    ColdRoom,
    /// 工用具.
    Utensils,
    /// 容器.
    Containers,
    Other,
}

impl Target {
    pub const ALL: [Target; 5] = [Target::Tableware, Target::ColdRoom, Target::Utensils, Target::Containers, Target::Other];
}

/// How it was disinfected; each method's thresholds are in the rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// 煮沸.
    Boiling,
    /// 蒸汽.
    Steam,
    /// 红外线消毒柜.
    Infrared,
    /// 洗碗机.
    Dishwasher,
    /// 含氯消毒剂.
    Chlorine,
    /// 紫外线灯.
    Ultraviolet,
}

impl Method {
    pub const ALL: [Method; 6] = [Method::Boiling, Method::Steam, Method::Infrared, Method::Dishwasher, Method::Chlorine, Method::Ultraviolet];
}

/// 消毒.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Disinfection<P = String> {
    pub target: Target,
    pub method: Method,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature_c: Option<u16>,
    /// Effective chlorine, mg/L.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concentration_mg_l: Option<u16>,
    pub duration_s: u32,
    pub by: P,
}

/// What was done with a batch after a rapid test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BatchAction {
    /// 验收: only for a negative result.
    Accepted,
    /// 退货.
    Returned,
    /// 销毁.
    Destroyed,
    /// 送检: sent to a laboratory to recheck.
    SentToLab,
}

impl BatchAction {
    pub const ALL: [BatchAction; 4] = [BatchAction::Accepted, BatchAction::Returned, BatchAction::Destroyed, BatchAction::SentToLab];
}

/// 农残快检 (enzyme inhibition): a positive is "阳性 · 待复检", never "不合格".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PesticideTest<P = String> {
    /// What was tested: "菠菜".
    pub sample: String,
    /// 0–100.
    pub inhibition_percent: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<BatchAction>,
    pub by: P,
}

/// 进货查验. Public: item, quantity, batch, shelf life, the supplier's name and licence; never the
/// supplier's contact, the price or the ticket (a ticket shows prices).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Purchase {
    pub item: String,
    /// With its unit: "20 kg".
    pub quantity: String,
    /// Production date or batch number.
    pub batch: String,
    pub shelf_life: String,
    pub supplier: Supplier,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_cents: Option<i64>,
    /// The photo of the ticket (索票), a photo id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket_photo: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Supplier {
    pub name: String,
    /// The supplier's licence (or business licence) number.
    pub licence: String,
    /// The contact person and phone: never public.
    pub contact: String,
}

/// Which self-inspection (SAMR Order No. 60).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 日管控: the food-safety officer's daily check.
    Daily,
    /// 周排查: the food-safety director's weekly review.
    Weekly,
    /// 月调度: the responsible person's monthly meeting.
    Monthly,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Daily, Level::Weekly, Level::Monthly];
}

/// 企业自查.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfInspection<P = String> {
    pub level: Level,
    pub by: P,
    /// In the inspector's own words: for the unit and the regulator, never the public (it may name a
    /// person, a sickness or a price).
    pub findings: String,
    /// Problems were found (and are described in `findings`).
    pub problems: bool,
    /// How many problems were found, when said (the public sees the number, not the words).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem_count: Option<u16>,
}
