//! The regions units and regulators belong to, named as the regulator publishes them: the city
//! (`3715`), its counties and districts (`371502`) and their stations (`371502-01`). See [`crate::Scope`].

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Region {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

impl Region {
    /// The name in the reader's language (the Chinese one when no English one was given).
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.name_en.is_empty() => &self.name_en,
            _ => &self.name_zh,
        }
    }
}
