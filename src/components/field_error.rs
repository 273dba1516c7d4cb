//! What a form says beside a field that is wrong.

use leptos::prelude::*;

use crate::draft_rules::{error_for, Field, FieldError};

/// The words the form has for `field`, if any, announced as they appear.
pub fn field_error(errors: RwSignal<Vec<FieldError>>, field: Field) -> impl IntoView {
    move || errors.with(|e| error_for(e, field).map(|words| view! { <span class="field-error" role="alert">{words.to_owned()}</span> }))
}
