//! What the compiler cannot check about the translations. Each locale is a
//! set of Fluent files read at run time, so these tests stand where a
//! compile error would: a file that does not parse, a key one locale lacks,
//! a field or a key in the code with no message, a variable a translation
//! renamed, or Chinese punctuation in English all fail here, not in front of
//! a citizen.

use super::locales::{self, FILES};
use super::{Lang, Messages};
use crate::domain::deadline::{ClockName, ClockStart, LimitUnit, TimeLimit};
use crate::domain::reminders::Turn;
use chrono::NaiveDate;
use fluent_syntax::ast;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each message of a locale file with the variables it uses.
type Keys = BTreeMap<String, BTreeSet<String>>;

fn parse(lang: Lang, file: &str, source: &str) -> Keys {
    let resource = fluent_syntax::parser::parse(source)
        .unwrap_or_else(|(_, errors)| panic!("{}/{file} does not parse: {errors:?}", lang.code()));
    let mut keys = Keys::new();
    for entry in resource.body {
        if let ast::Entry::Message(message) = entry {
            let mut variables = BTreeSet::new();
            if let Some(pattern) = &message.value {
                collect_variables(pattern, &mut variables);
            }
            let duplicate = keys.insert(message.id.name.to_string(), variables);
            assert!(duplicate.is_none(), "{}/{file} defines {} twice", lang.code(), message.id.name);
        }
    }
    keys
}

fn collect_variables(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            collect_in_expression(expression, out);
        }
    }
}

fn collect_in_expression(expression: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Inline(inline) => collect_in_inline(inline, out),
        ast::Expression::Select { selector, variants } => {
            collect_in_inline(selector, out);
            for variant in variants {
                collect_variables(&variant.value, out);
            }
        }
    }
}

fn collect_in_inline(inline: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => collect_in_expression(expression, out),
        _ => {}
    }
}

/// Every message of a locale, by file.
fn keys_of(lang: Lang) -> BTreeMap<&'static str, Keys> {
    FILES.iter().zip(locales::sources(lang)).map(|(file, source)| (*file, parse(lang, file, source))).collect()
}

fn all_keys(lang: Lang) -> Keys {
    keys_of(lang).into_values().flatten().collect()
}

#[test]
fn every_file_parses_and_loads_into_its_bundle() {
    for lang in Lang::ALL {
        keys_of(lang);
        let (_, problems) = locales::bundle(lang);
        assert!(problems.is_empty(), "{problems:#?}");
    }
}

#[test]
fn every_file_in_the_locales_folder_is_embedded() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    for lang in Lang::ALL {
        let mut on_disk: Vec<String> = std::fs::read_dir(root.join(lang.code()))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = FILES.iter().map(|f| f.to_string()).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded, "locales/{}", lang.code());
    }
}

/// Chinese is the reference; every other locale must match it.
#[test]
fn the_locales_have_the_same_keys_in_the_same_files_with_the_same_variables() {
    let chinese = keys_of(Lang::Zh);
    for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::Zh) {
        let other = keys_of(lang);
        let code = lang.code();
        for file in FILES {
            let (zh, theirs) = (&chinese[file], &other[file]);
            let only_zh: Vec<_> = zh.keys().filter(|k| !theirs.contains_key(*k)).collect();
            let only_theirs: Vec<_> = theirs.keys().filter(|k| !zh.contains_key(*k)).collect();
            assert!(
                only_zh.is_empty() && only_theirs.is_empty(),
                "{file}: only in zh-CN {only_zh:?}, only in {code} {only_theirs:?}"
            );
            for (key, variables) in zh {
                assert_eq!(variables, &theirs[key], "{file}: {key} uses other variables in {code}");
            }
        }
    }
}

#[test]
fn every_field_of_messages_has_a_message_in_every_locale() {
    for lang in Lang::ALL {
        let keys = all_keys(lang);
        for field in Messages::FIELDS {
            let key = field.replace('_', "-");
            assert!(
                keys.get(&key).is_some_and(BTreeSet::is_empty),
                "{}: {key} is missing or has variables",
                lang.code()
            );
        }
    }
}

/// The keys given to `Messages::format` anywhere in `src/`.
fn keys_used_in_code() -> BTreeSet<String> {
    fn walk(dir: &Path, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = std::fs::read_to_string(&path).unwrap();
                for (at, _) in source.match_indices("self.format(\"") {
                    let rest = &source[at + "self.format(\"".len()..];
                    out.insert(rest[..rest.find('"').unwrap()].to_string());
                }
            }
        }
    }
    let mut keys = BTreeSet::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut keys);
    keys
}

#[test]
fn every_key_used_in_code_has_a_message_in_every_locale() {
    let used = keys_used_in_code();
    assert!(used.len() > 40, "the scan found only {used:?}");
    for lang in Lang::ALL {
        let keys = all_keys(lang);
        let missing: Vec<_> = used.iter().filter(|k| !keys.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
    }
}

#[test]
fn english_has_no_chinese_punctuation() {
    const FULL_WIDTH: &[char] = &['（', '）', '：', '，', '。', '；', '！', '？', '、', '【', '】', '「', '」'];
    for (file, source) in FILES.iter().zip(locales::sources(Lang::En)) {
        for (n, line) in source.lines().enumerate() {
            assert!(!line.contains(FULL_WIDTH), "en/{file}:{}: {line}", n + 1);
        }
    }
}

#[test]
fn messages_with_variables_fill_them_in() {
    let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    for lang in Lang::ALL {
        let t = lang.messages();
        let texts = [
            t.working_days(3),
            t.calendar_days(3),
            t.clock_days_left(2, LimitUnit::WorkingDays),
            t.clock_days_left(-2, LimitUnit::CalendarDays),
            t.extension_days_for(ClockName::Investigation, LimitUnit::WorkingDays, 30),
            t.home_limit_handling(ClockName::Acceptance, TimeLimit { days: 5, unit: LimitUnit::WorkingDays }),
            t.home_limit_decision(
                ClockName::Decision,
                TimeLimit { days: 60, unit: LimitUnit::CalendarDays },
                ClockStart::Receipt,
                0,
            ),
            t.date_with_weekday(day),
            t.hint_and_length("hint", 10),
            t.calendar_saved(4),
            t.calendar_ends_warning(day),
            t.appeal_done("20261125-000042-7"),
            t.appeal_recorded("20261125-000042-7"),
            t.remedies_note(day),
            t.problem(crate::domain::complaint::Problem::TooLong { max: 10 }),
            t.problem(crate::domain::complaint::Problem::OutOfRange { max: 10 }),
            t.sms_filed("20261125-000042-7"),
            t.sms_accepted("20261125-000042-7", Some(day), day),
            t.sms_not_accepted("20261125-000042-7", "r"),
            t.sms_awaiting_citizen("20261125-000042-7", "e"),
            t.sms_extension_approved("20261125-000042-7", ClockName::Decision, day, "r"),
            t.sms_replied("20261125-000042-7"),
            t.urge_notice("20261125-000042-7"),
            t.deadline_reminder("20261125-000042-7", ClockName::Handling, Turn::Overdue, day),
        ];
        for text in texts {
            assert!(!text.contains('{') && !text.contains('\u{2068}'), "{}: {text}", lang.code());
        }
    }
}

#[test]
fn english_counts_one_and_many() {
    let t = Lang::En.messages();
    assert_eq!(t.working_days(1), "1 working day");
    assert_eq!(t.working_days(5), "5 working days");
    assert_eq!(t.working_days(0), "0 working days");
    assert_eq!(t.calendar_days(1), "1 day");
    assert_eq!(t.calendar_days(30), "30 days");
    assert_eq!(t.clock_days_left(-1, LimitUnit::WorkingDays), "1 working day late");
    assert_eq!(t.clock_days_left(1, LimitUnit::CalendarDays), "left 1 day");
    assert_eq!(t.clock_days_left(42, LimitUnit::CalendarDays), "left 42 days");
    assert_eq!(t.length_hint(500), "At most 500 characters");
    assert_eq!(Lang::Zh.messages().working_days(1), "1 个工作日");
}

#[test]
fn dates_carry_their_weekday() {
    let wednesday = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let sunday = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    assert_eq!(Lang::Zh.messages().date_with_weekday(wednesday), "2026-11-25（周三）");
    assert_eq!(Lang::Zh.messages().date_with_weekday(sunday), "2026-11-29（周日）");
    assert_eq!(Lang::En.messages().date_with_weekday(wednesday), "2026-11-25 (Wed)");
    assert_eq!(Lang::En.messages().date_with_weekday(sunday), "2026-11-29 (Sun)");
}

/// The complainant's text messages and the staff notices are sent in
/// Chinese, word for word as before they were moved into the catalogue.
#[test]
fn chinese_texts_sent_outside_the_pages_are_exact() {
    let t = Lang::Zh.messages();
    let no = "20261125-000042-7";
    let due = NaiveDate::from_ymd_opt(2027, 2, 24).unwrap();
    let (accepted_on, handling_due) = (NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(), Some(due));
    assert_eq!(
        t.sms_accepted(no, handling_due, accepted_on),
        "【12333】您的投诉（工单号 20261125-000042-7）已受理，我们最迟于 2027-02-24 答复。"
    );
    assert_eq!(
        t.sms_accepted(no, handling_due, due),
        "【12333】您的投诉（工单号 20261125-000042-7）已受理，我们最迟于 2027-02-24 答复。",
        "the last day is still a day to answer on"
    );
    assert_eq!(
        t.sms_accepted(no, Some(accepted_on), due),
        "【12333】您的投诉（工单号 20261125-000042-7）已受理。答复期限 2026-11-25 已过，我们将尽快答复。"
    );
    assert_eq!(t.sms_accepted(no, None, due), "【12333】您的投诉（工单号 20261125-000042-7）已受理，我们将尽快答复。");
    assert_eq!(
        t.sms_not_accepted(no, "不属于受理范围"),
        "【12333】您的投诉（工单号 20261125-000042-7）不予受理，理由：不属于受理范围"
    );
    assert_eq!(
        t.sms_awaiting_citizen(no, "劳动合同复印件。"),
        "【12333】办理您的投诉（工单号 20261125-000042-7）需要您在 10 个工作日内补充材料：劳动合同复印件。"
    );
    assert_eq!(
        Lang::En.messages().sms_awaiting_citizen(no, "A copy of your contract."),
        "[12333] To handle your complaint (ticket 20261125-000042-7) we need more evidence from you within 10 \
         working days: A copy of your contract."
    );
    // The extension names the clock it extends, as the status page does.
    assert_eq!(
        t.sms_extension_approved(no, ClockName::Decision, due, "需调取银行流水核实"),
        "【12333】您的投诉（工单号 20261125-000042-7）处理决定时限延长至 2027-02-24，理由：需调取银行流水核实"
    );
    assert_eq!(
        t.sms_extension_approved(no, ClockName::Investigation, due, "案情复杂"),
        "【12333】您的投诉（工单号 20261125-000042-7）调查处理时限延长至 2027-02-24，理由：案情复杂"
    );
    assert_eq!(
        t.sms_replied(no),
        "【12333】您的投诉（工单号 20261125-000042-7）已答复，请凭工单号和手机号查看并评价。"
    );
    assert_eq!(
        t.sms_filed(no),
        "【12333】您的投诉已登记，工单号 20261125-000042-7。请凭工单号和手机号码查询办理进度。"
    );
    assert_eq!(t.urge_notice(no), "投诉人催办工单 20261125-000042-7，请尽快办理。");
    assert_eq!(
        t.deadline_reminder(no, ClockName::Handling, Turn::Overdue, due),
        "工单 20261125-000042-7 的办理时限（2027-02-24）已超期，请及时办理。"
    );
    assert_eq!(
        t.deadline_reminder(no, ClockName::Acceptance, Turn::Overdue, due),
        "工单 20261125-000042-7 的受理决定时限（2027-02-24）已超期，请及时办理。"
    );
    assert_eq!(
        t.deadline_reminder(no, ClockName::Decision, Turn::DueSoon, due),
        "工单 20261125-000042-7 的处理决定时限（2027-02-24）即将到期，请及时办理。"
    );
}

#[test]
fn a_missing_message_shows_its_key() {
    let t = Lang::En.messages();
    assert_eq!(t.format("no-such-message", &[]), "no-such-message");
}
