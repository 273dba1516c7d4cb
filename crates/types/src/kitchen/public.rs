//! What the public may see of a record: people masked (`张*` + post), the morning check's outcome but no
//! temperature or symptom, the supplier's name and licence but no contact, price or ticket, whether a
//! self-inspection found problems (and how many) but not its words. Separate types, so that a private
//! field cannot reach a public answer by accident. What stays public as typed is about food: dishes, an
//! item tested or bought, its quantity, batch and shelf life, a supplier's name and licence.

use serde::{Deserialize, Serialize};

use super::{
    day_of, findings, mask_name, worst, CertificateState, CheckCtx, Disinfection, KitchenRecord, KitchenRules, Meal, Outcome, PesticideTest,
    PublicPerson, PublicStaff, PublicVersion, RecordBody, RecordBrief, RecordKind, RosterSummary, Samples, Source, StaffMember,
};
use crate::Day;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicCheck {
    pub who: PublicPerson,
    pub outcome: Outcome,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicMorningCheck {
    pub entries: Vec<PublicCheck>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicSupplier {
    pub name: String,
    pub licence: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicPurchase {
    pub item: String,
    pub quantity: String,
    pub batch: String,
    pub shelf_life: String,
    pub supplier: PublicSupplier,
}

/// A self-inspection as the public sees it: whether it found problems and how many, never its words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicSelfInspection {
    pub level: super::Level,
    pub by: PublicPerson,
    pub problems: bool,
    /// How many, when the unit said (only with `problems`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem_count: Option<u16>,
}

/// A record's body as the public sees it, named by its kind: `{"samples": {…}}` (externally tagged,
/// unlike [`super::RecordBody`], because the visitors' app reads it: an internally tagged enum costs it
/// kilobytes of WebAssembly).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PublicBody {
    MorningCheck(PublicMorningCheck),
    Samples(Samples<PublicPerson>),
    Disinfection(Disinfection<PublicPerson>),
    PesticideTest(PesticideTest<PublicPerson>),
    Purchase(PublicPurchase),
    SelfInspection(PublicSelfInspection),
}

/// A record's newest version as the public sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicRecord {
    pub id: String,
    pub at_ms: i64,
    pub entered_ms: i64,
    /// 补录: its first version was entered late.
    pub late: bool,
    pub source: Source,
    pub version: u32,
    pub body: PublicBody,
}

impl PublicBody {
    pub fn kind(&self) -> RecordKind {
        match self {
            PublicBody::MorningCheck(_) => RecordKind::MorningCheck,
            PublicBody::Samples(_) => RecordKind::Samples,
            PublicBody::Disinfection(_) => RecordKind::Disinfection,
            PublicBody::PesticideTest(_) => RecordKind::PesticideTest,
            PublicBody::Purchase(_) => RecordKind::Purchase,
            PublicBody::SelfInspection(_) => RecordKind::SelfInspection,
        }
    }
}

/// A line of a record's headline in a day's list: the data, never prose (the page words it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Headline {
    /// People checked, and how many of them are not fit for food work.
    MorningCheck {
        people: u32,
        not_fit: u32,
    },
    Samples {
        meal: Meal,
        dishes: u32,
    },
    Disinfection {
        target: super::Target,
        method: super::Method,
    },
    PesticideTest {
        sample: String,
        positive: bool,
    },
    Purchase {
        item: String,
        supplier: String,
    },
    SelfInspection {
        level: super::Level,
        problems: bool,
    },
}

impl PublicRecord {
    /// The public's view of a record version: people masked, private fields left out.
    pub fn of(record: &KitchenRecord, ctx: &CheckCtx) -> PublicRecord {
        let who = |id: &String| ctx.person(id);
        let day = day_of(record.at_ms);
        let body = match &record.body {
            RecordBody::MorningCheck(check) => PublicBody::MorningCheck(PublicMorningCheck {
                entries: check.entries.iter().map(|e| PublicCheck { who: who(&e.staff_id), outcome: ctx.outcome(e, day) }).collect(),
            }),
            RecordBody::Samples(s) => PublicBody::Samples(Samples {
                meal: s.meal,
                menu: s.menu.clone(),
                dishes: s.dishes.clone(),
                taken_by: who(&s.taken_by),
                keep_until_ms: s.keep_until_ms,
                photo: s.photo.clone(),
                disposed_by: s.disposed_by.as_ref().map(who),
            }),
            RecordBody::Disinfection(d) => PublicBody::Disinfection(Disinfection {
                target: d.target,
                method: d.method,
                temperature_c: d.temperature_c,
                concentration_mg_l: d.concentration_mg_l,
                duration_s: d.duration_s,
                by: who(&d.by),
            }),
            RecordBody::PesticideTest(t) => PublicBody::PesticideTest(PesticideTest {
                sample: t.sample.clone(),
                inhibition_percent: t.inhibition_percent,
                action: t.action,
                by: who(&t.by),
            }),
            RecordBody::Purchase(p) => PublicBody::Purchase(PublicPurchase {
                item: p.item.clone(),
                quantity: p.quantity.clone(),
                batch: p.batch.clone(),
                shelf_life: p.shelf_life.clone(),
                supplier: PublicSupplier { name: p.supplier.name.clone(), licence: p.supplier.licence.clone() },
            }),
            RecordBody::SelfInspection(i) => PublicBody::SelfInspection(PublicSelfInspection {
                level: i.level,
                by: who(&i.by),
                problems: i.problems,
                problem_count: i.problem_count.filter(|n| i.problems && *n > 0),
            }),
        };
        PublicRecord {
            id: record.id.clone(),
            at_ms: record.at_ms,
            entered_ms: record.entered_ms,
            late: record.late(ctx.rules),
            source: record.source.clone(),
            version: record.version,
            body,
        }
    }
}

impl Headline {
    /// A record's headline: what its line in a day's list says.
    pub fn of(record: &KitchenRecord, ctx: &CheckCtx) -> Headline {
        match &record.body {
            RecordBody::MorningCheck(check) => {
                let day = day_of(record.at_ms);
                let not_fit = check.entries.iter().filter(|e| ctx.outcome(e, day) != Outcome::Fit).count();
                Headline::MorningCheck { people: check.entries.len() as u32, not_fit: not_fit as u32 }
            }
            RecordBody::Samples(s) => Headline::Samples { meal: s.meal, dishes: s.dishes.len() as u32 },
            RecordBody::Disinfection(d) => Headline::Disinfection { target: d.target, method: d.method },
            RecordBody::PesticideTest(t) => {
                Headline::PesticideTest { sample: t.sample.clone(), positive: super::positive(t.inhibition_percent, ctx.rules) }
            }
            RecordBody::Purchase(p) => Headline::Purchase { item: p.item.clone(), supplier: p.supplier.name.clone() },
            RecordBody::SelfInspection(i) => Headline::SelfInspection { level: i.level, problems: i.problems },
        }
    }
}

impl RecordBrief {
    /// A record's line in a day's list.
    pub fn of(record: &KitchenRecord, ctx: &CheckCtx) -> RecordBrief {
        RecordBrief {
            id: record.id.clone(),
            kind: record.kind(),
            at_ms: record.at_ms,
            late: record.late(ctx.rules),
            source: record.source.clone(),
            version: record.version,
            tone: worst(&findings(record, ctx)),
            headline: Headline::of(record, ctx),
        }
    }
}

impl PublicVersion {
    pub fn of(record: &KitchenRecord, rules: &KitchenRules) -> PublicVersion {
        PublicVersion {
            version: record.version,
            entered_ms: record.entered_ms,
            late: record.version == 1 && record.late(rules),
            source: record.source.clone(),
        }
    }
}

/// The public roster on `day`: who is on it (active people), masked, and how their certificates stand.
pub fn public_roster(roster: &[StaffMember], day: Day, rules: &KitchenRules) -> (RosterSummary, Vec<PublicStaff>) {
    let mut summary = RosterSummary::default();
    let staff: Vec<PublicStaff> = roster
        .iter()
        .filter(|m| m.active)
        .map(|m| {
            let certificate = m.certificate_on(day, rules);
            summary.on_roster += 1;
            *match certificate {
                CertificateState::Valid => &mut summary.valid,
                CertificateState::Expiring { .. } => &mut summary.expiring,
                CertificateState::Expired => &mut summary.expired,
                CertificateState::NotYetValid => &mut summary.not_yet_valid,
            } += 1;
            PublicStaff { name: mask_name(&m.name), post: m.post, certificate }
        })
        .collect();
    (summary, staff)
}
