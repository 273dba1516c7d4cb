//! What a diner's draft needs before it can be sent, field by field, and the limits the form shows.
//!
//! The rules themselves are the contract's (each request's `problems()`, the text limits and the
//! phone check live in the types crate), so the form can never accept what the server refuses; this
//! module points each problem at its field and words it. Plain data in, plain data out: no Leptos,
//! no browser, so it is tested natively.

use mingchu_types::i18n::{fill, Lang};
use mingchu_types::school::{answer_problems, AnswerProblem, SchoolRules};
use mingchu_types::{MessageProblem, ReportProblem, ReviewProblem, MAX_PHOTOS, MESSAGE_TEXT_CHARS, REPORT_TEXT_CHARS, REVIEW_TEXT_CHARS};

use crate::outbox::{Body, Written};
use crate::router::WriteKind;

/// A field the form can point at when something is wrong with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Text,
    Time,
    Photos,
    Name,
    Phone,
    /// A survey's scores.
    Scores,
}

/// What is wrong with one field, worded for the diner.
pub type FieldError = (Field, String);

/// The fewest and most characters of a kind's text (the review's or message's text, the report's
/// description, a survey answer's optional text).
pub fn text_chars(kind: WriteKind) -> (usize, usize) {
    match kind {
        WriteKind::Review => REVIEW_TEXT_CHARS,
        WriteKind::Message => MESSAGE_TEXT_CHARS,
        WriteKind::Report => REPORT_TEXT_CHARS,
        WriteKind::Survey => (0, usize::from(SchoolRules::national().note_max_chars)),
    }
}

/// Everything wrong with the draft, field by field; empty when it may be sent. `photos` is how many the
/// diner picked: they count as the ids they will be sent with (those come only when sent).
pub fn problems(lang: Lang, written: &Written, kind: WriteKind, photos: usize) -> Vec<FieldError> {
    let t = lang.t();
    let (min, max) = text_chars(kind);
    let short = || (Field::Text, fill(t.text_too_short, min));
    let long = || (Field::Text, fill(t.text_too_long, max));
    let say = |field: Field, words: &str| (field, words.to_owned());
    let mut body = written.body(kind);
    body.set_sent(vec![String::new(); photos], 0);
    // One list filled by loops, not three collected iterators: each `collect` would cost the app its own copy.
    let mut found = Vec::new();
    match body {
        Body::Review(r) => {
            for p in r.problems() {
                found.push(match p {
                    ReviewProblem::TextTooShort => short(),
                    ReviewProblem::TextTooLong => long(),
                    ReviewProblem::TooManyPhotos => say(Field::Photos, t.too_many_photos),
                });
            }
        }
        Body::Message(m) => {
            for p in m.problems() {
                found.push(match p {
                    MessageProblem::TextTooShort => short(),
                    MessageProblem::TextTooLong => long(),
                    MessageProblem::TooManyPhotos => say(Field::Photos, t.too_many_photos),
                    MessageProblem::PhoneInvalid => say(Field::Phone, t.phone_invalid),
                });
            }
        }
        Body::Report(r) => {
            for p in r.problems() {
                found.push(match p {
                    ReportProblem::DescriptionTooShort => short(),
                    ReportProblem::DescriptionTooLong => long(),
                    ReportProblem::BadTime => say(Field::Time, t.time_invalid),
                    ReportProblem::TooManyPhotos => say(Field::Photos, t.too_many_photos),
                    ReportProblem::NameMissing => say(Field::Name, t.name_missing),
                    ReportProblem::NameTooLong => (Field::Name, fill(t.name_too_long, mingchu_types::NAME_MAX_CHARS)),
                    ReportProblem::PhoneInvalid => say(Field::Phone, t.phone_invalid),
                });
            }
        }
        Body::Survey(a) => {
            for p in answer_problems(&a.scores, &a.text, &SchoolRules::national()) {
                found.push(match p {
                    AnswerProblem::ScoreMissing => say(Field::Scores, lang.survey_form().score_missing),
                    AnswerProblem::TextTooLong => long(),
                });
            }
        }
    }
    found
}

/// What the form says beside `field`, if anything.
pub fn error_for(errors: &[FieldError], field: Field) -> Option<&str> {
    errors.iter().find(|(f, _)| *f == field).map(|(_, words)| words.as_str())
}

/// How many of the `offered` photos join the `picked` ones, and whether some had to be left out.
pub fn photos_taken(picked: usize, offered: usize) -> (usize, bool) {
    let room = MAX_PHOTOS.saturating_sub(picked);
    (offered.min(room), offered > room)
}

/// Whether the diner may pick another photo.
pub fn may_add_photo(picked: usize) -> bool {
    picked < MAX_PHOTOS
}

/// The length the form counts as the diner types: what the server counts (trimmed, in characters).
pub fn counted_chars(text: &str) -> usize {
    text.trim().chars().count()
}

#[cfg(test)]
mod tests {
    use mingchu_types::NAME_MAX_CHARS;

    use super::*;

    fn written(text: &str) -> Written {
        let mut w = Written::new("2026-11-29T12:30".into());
        w.text = text.into();
        w
    }

    fn fields(found: &[FieldError]) -> Vec<Field> {
        found.iter().map(|(f, _)| *f).collect()
    }

    #[test]
    fn a_draft_within_the_limits_may_be_sent() {
        for kind in [WriteKind::Review, WriteKind::Message, WriteKind::Report] {
            assert_eq!(problems(Lang::En, &written("后厨很干净，员工戴了口罩。"), kind, MAX_PHOTOS), vec![], "{kind:?}");
        }
    }

    #[test]
    fn the_text_is_measured_by_each_kinds_limits_and_worded_with_them() {
        assert_eq!(problems(Lang::En, &written("  ok  "), WriteKind::Review, 0), vec![(Field::Text, "Please write at least 5 characters.".into())]);
        assert_eq!(problems(Lang::Zh, &written(""), WriteKind::Message, 0), vec![(Field::Text, "请至少写 5 个字。".into())]);
        let long = "字".repeat(REVIEW_TEXT_CHARS.1 + 1);
        assert_eq!(problems(Lang::En, &written(&long), WriteKind::Review, 0), vec![(Field::Text, "At most 500 characters.".into())]);
        // A report's description may be longer than a review.
        assert_eq!(problems(Lang::En, &written(&long), WriteKind::Report, 0), vec![]);
        let longer = "字".repeat(REPORT_TEXT_CHARS.1 + 1);
        assert_eq!(problems(Lang::En, &written(&longer), WriteKind::Report, 0), vec![(Field::Text, "At most 1000 characters.".into())]);
        assert_eq!(text_chars(WriteKind::Report), REPORT_TEXT_CHARS);
        assert_eq!(counted_chars("  明厨亮灶 \n"), 4);
    }

    #[test]
    fn the_photos_picked_count_before_they_are_uploaded() {
        for kind in [WriteKind::Review, WriteKind::Message, WriteKind::Report] {
            let found = problems(Lang::En, &written("一切都很好的一家店"), kind, MAX_PHOTOS + 1);
            assert_eq!(found, vec![(Field::Photos, "At most 6 photos.".into())], "{kind:?}");
        }
    }

    #[test]
    fn a_report_needs_a_time_and_a_named_reporter_needs_a_name_and_a_phone() {
        let mut w = written("饭菜里有头发，店员不理。");
        w.happened_at = "yesterday".into();
        assert_eq!(fields(&problems(Lang::En, &w, WriteKind::Report, 0)), vec![Field::Time]);
        // The time is the report's alone.
        assert_eq!(problems(Lang::En, &w, WriteKind::Review, 0), vec![]);

        let mut w = written("饭菜里有头发，店员不理。");
        w.name = "张三".into();
        w.phone = "12".into();
        // Anonymous: the name and phone typed before are not sent, so not checked.
        assert_eq!(problems(Lang::En, &w, WriteKind::Report, 0), vec![]);
        w.named = true;
        assert_eq!(fields(&problems(Lang::En, &w, WriteKind::Report, 0)), vec![Field::Phone]);
        w.name = " ".into();
        w.phone = "0635-8212345".into();
        let found = problems(Lang::En, &w, WriteKind::Report, 0);
        assert_eq!(error_for(&found, Field::Name), Some("Please give your name for a named report."));
        assert_eq!(error_for(&found, Field::Phone), None);
        w.name = "张".repeat(NAME_MAX_CHARS);
        assert_eq!(problems(Lang::En, &w, WriteKind::Report, 0), vec![]);
        w.name = "张".repeat(NAME_MAX_CHARS + 1);
        let found = problems(Lang::Zh, &w, WriteKind::Report, 0);
        assert_eq!(error_for(&found, Field::Name), Some("姓名最多 40 个字。"));
    }

    #[test]
    fn a_messages_callback_number_is_optional_but_must_be_a_phone() {
        let mut w = written("明天能订一个包间吗？");
        assert_eq!(problems(Lang::En, &w, WriteKind::Message, 0), vec![]);
        w.phone = "13800138000".into();
        assert_eq!(problems(Lang::En, &w, WriteKind::Message, 0), vec![]);
        w.phone = "call me".into();
        let found = problems(Lang::Zh, &w, WriteKind::Message, 0);
        assert_eq!(found, vec![(Field::Phone, "请填写 11 位手机号或带区号的固定电话。".into())]);
        // A review has no phone.
        assert_eq!(problems(Lang::En, &w, WriteKind::Review, 0), vec![]);
    }

    #[test]
    fn a_survey_answer_needs_every_score_and_its_text_is_optional_but_limited() {
        let mut w = written("");
        assert_eq!(problems(Lang::Zh, &w, WriteKind::Survey, 0), vec![(Field::Scores, "请为每一项打分。".into())]);
        w.scores = [5, 4, 3, 0, 1];
        assert_eq!(problems(Lang::En, &w, WriteKind::Survey, 0), vec![(Field::Scores, "Please score every question.".into())]);
        w.scores = [5, 4, 3, 2, 1];
        assert_eq!(problems(Lang::En, &w, WriteKind::Survey, 0), vec![], "no text is fine");
        let max = text_chars(WriteKind::Survey).1;
        assert_eq!(max, 500);
        w.text = format!(" {} ", "菜".repeat(max));
        assert_eq!(problems(Lang::En, &w, WriteKind::Survey, 0), vec![]);
        w.text = "菜".repeat(max + 1);
        assert_eq!(problems(Lang::Zh, &w, WriteKind::Survey, 0), vec![(Field::Text, "最多 500 个字。".into())]);
        // Scores belong to the survey alone; a review never asks for them.
        assert_eq!(problems(Lang::En, &written("饭菜干净，排队有序"), WriteKind::Review, 0), vec![]);
    }

    #[test]
    fn a_survey_answer_goes_to_the_survey_with_its_scores() {
        let mut w = written("菜量可以再多一点");
        w.scores = [5, 4, 3, 2, 1];
        let mut body = w.body(WriteKind::Survey);
        // Photos and fill time are not part of an answer.
        body.set_sent(vec!["p1".into()], 9000);
        match body {
            Body::Survey(a) => {
                assert_eq!((a.scores, a.text.as_str(), a.client_id.as_str()), ([5, 4, 3, 2, 1], "菜量可以再多一点", ""));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(crate::outbox::scores_of("54305"), [5, 4, 3, 0, 5]);
        assert_eq!(crate::outbox::scores_of("5x"), [5, 0, 0, 0, 0]);
        assert_eq!(crate::outbox::scores_of(""), [0; 5]);
    }

    #[test]
    fn photos_are_taken_while_there_is_room() {
        assert_eq!(photos_taken(0, 2), (2, false));
        assert_eq!(photos_taken(4, 2), (2, false));
        assert_eq!(photos_taken(4, 3), (2, true));
        assert_eq!(photos_taken(MAX_PHOTOS, 1), (0, true));
        assert_eq!(photos_taken(MAX_PHOTOS + 1, 0), (0, false));
        assert!(may_add_photo(MAX_PHOTOS - 1));
        assert!(!may_add_photo(MAX_PHOTOS));
    }
}
