//! [`Messages`]: what the code reads. A fixed string is a field, formatted
//! once per language at first use, so rendering a page formats none of them;
//! a message with variables is a method that formats its Fluent message
//! with the arguments given.

use super::locales::{self, Bundle};
use super::Lang;
use crate::domain::attachment::{FileRefusal, Origin};
use crate::domain::audit::AuditAction;
use crate::domain::callbacks::CallbackEvent;
use crate::domain::category::{Channel, RespondentKind};
use crate::domain::clock_state::ClockState;
use crate::domain::complaint::{Problem, RefusalReason};
use crate::domain::credit_code::CreditCodeError;
use crate::domain::deadline::{ClockName, ClockStart, HandlingEnd, LimitUnit, TimeLimit};
use crate::domain::district::DistrictCodeError;
use crate::domain::follow_up::Rating;
use crate::domain::mobile::MobileError;
use crate::domain::notice::WrittenNoticeKind;
use crate::domain::outbox::NoticeKind;
use crate::domain::password::PasswordProblem;
use crate::domain::reminders::{Clock, Turn};
use crate::domain::resident_id::ResidentIdError;
use crate::domain::ticket_no::TicketNoError;
use crate::domain::workflow::effects::Event;
use crate::domain::workflow::{Action, Refusal, TicketState};
use chrono::{Datelike, NaiveDate, Weekday};
use fluent_bundle::{FluentArgs, FluentValue};
use std::sync::LazyLock;

static ZH: LazyLock<Messages> = LazyLock::new(|| Messages::load(Lang::Zh));
static EN: LazyLock<Messages> = LazyLock::new(|| Messages::load(Lang::En));

/// The fixed strings, one field each. The field `some_name` is the Fluent
/// message `some-name`.
macro_rules! fixed_strings {
    ($($field:ident,)*) => {
        /// Everything the system says in one language.
        pub struct Messages {
            pub lang: Lang,
            bundle: Bundle,
            $(pub $field: &'static str,)*
        }

        impl Messages {
            #[cfg(test)]
            pub(super) const FIELDS: &[&str] = &[$(stringify!($field)),*];

            fn load(lang: Lang) -> Messages {
                let (bundle, problems) = locales::bundle(lang);
                for problem in &problems {
                    tracing::error!(%problem, "a translation file has a problem");
                }
                $(let $field = fixed(&bundle, lang, stringify!($field));)*
                Messages { lang, bundle, $($field,)* }
            }
        }
    };
}

fixed_strings! {
    // common.ftl
    app_name, lang_switch, nav_home, nav_file, nav_track, footer_hotline, skip_to_content,
    error_summary_title, required_mark, optional_mark, yes, no, choose, back_home, channel_web,
    channel_hotline_12333, channel_transfer_12345, channel_walk_in, channel_letter, state_received, state_accepted,
    state_not_accepted, state_assigned, state_in_progress, state_awaiting_citizen, state_replied, state_closed,
    state_transferred, state_reopened, event_filed, event_urged, event_deadline_recomputed, event_note,
    event_rated, event_appealed, error_not_found_title, error_not_found, error_forbidden_title, error_forbidden, api_key_required,
    error_conflict_title, error_bad_request_title, error_too_large_title, error_too_large, error_unavailable_title,
    error_internal_title, error_internal, error_unprocessable_title, error_throttled_title, csrf_rejected,
    clock_on_track, clock_due_soon, clock_overdue, clock_met, clock_missed, clock_paused, event_evidence_received,
    event_transferred_outside, event_extension_requested, event_extension_approved, event_extension_rejected,
    event_viewed_personal_data, event_forbidden_access, clock_title_handling, clock_title_acceptance,
    clock_title_decision, clock_title_investigation,
    // citizen.ftl
    home_title, home_intro, home_accepts, home_limits, home_not_accepted, home_channels, channel_web_desc,
    channel_hotline_desc, channel_12345_desc, channel_walk_in_desc, channel_letter_desc, btn_file, btn_track,
    screen_title, screen_intro, screen_q_legal, screen_q_topic, topic_social_security, topic_housing_fund,
    topic_tax, topic_other_department, topic_policy_itself, screen_q_settled, btn_continue, refused_title,
    refused_intro, refused_where, btn_change_answers, form_title, form_intro, section_matter, section_facts,
    section_complainant, section_respondent, section_intake, field_channel, field_received_on, hint_received_on,
    field_category, field_district, field_when, hint_when, field_where, hint_where, field_who, hint_who,
    field_cause, hint_cause, field_course, hint_course, field_result, hint_result, field_demand, hint_demand,
    field_complainant_name, field_id_number, hint_id_number, field_mobile, hint_mobile, field_respondent_kind,
    respondent_employer, respondent_bureau_office, respondent_bureau_staff, field_respondent_name,
    field_credit_code, hint_credit_code, field_staff_name, field_staff_number, hint_staff, field_earlier_ticket,
    hint_earlier_ticket, field_screening_topic, btn_review, review_title, review_intro, btn_edit, btn_confirm,
    filed_title, filed_ticket_no, filed_keep, filed_department, filed_received, filed_handling_due,
    filed_decision_due, filed_acceptance_due, filed_handling_note, filed_misconduct_note, btn_track_this, track_title, track_intro,
    field_ticket_no, hint_ticket_no, btn_lookup, track_not_found, status_title, status_state, status_category,
    status_complainant, status_history, status_at, status_event, btn_urge, urge_hint, urge_done, urge_already,
    urge_not_overdue, rate_title, field_rating, rating_satisfied, rating_basically_satisfied, rating_not_satisfied,
    field_comment, btn_rate, rate_done, rate_already, rate_not_replied, your_rating, appeal_title, appeal_hint,
    field_appeal_reason, btn_appeal, appeal_closed, appeal_already, remedies_title, remedy_reconsideration,
    remedy_lawsuit, code_title, code_hint, btn_send_code, field_code, hint_code, code_too_soon,
    evidence_title, evidence_what, evidence_until, evidence_ways, evidence_in_person, evidence_phone,
    // staff.ftl
    nav_dashboard, nav_intake, nav_password, filter_all, filter_mine, filter_search, filter_apply, next_page,
    password_title, field_current_password, field_new_password, field_repeat_password, btn_change_password,
    password_wrong_current, password_too_short, password_guessable, password_same_as_current, password_mismatch, dashboard_title, report_total,
    report_by_department, report_by_caseworker, report_group, report_name, report_open, report_handling_due_today,
    report_handling_due_soon, report_handling_overdue, report_decision_due_today, report_decision_due_soon,
    report_decision_overdue, report_csv, reports_title, report_from, report_to, report_period_title,
    report_received, report_handling_on_time, report_decision_on_time, report_extensions, report_urges,
    report_satisfaction, csv_handling_met, csv_handling_missed, csv_handling_overdue, csv_decision_met,
    csv_decision_missed, csv_decision_overdue, csv_extensions_requested, csv_extensions_approved, csv_satisfied,
    csv_basically_satisfied, csv_not_satisfied, csv_handling_clock, csv_handling_due, csv_handling_state,
    csv_decision_clock, csv_decision_due, csv_decision_state, report_on_time_note, report_aging_title, trend_title, trend_received, trend_closed,
    trend_overdue, note_label, note_add, nav_staff, nav_queue, nav_sign_out, sign_in_title, sign_in_required,
    field_username, field_password, btn_sign_in, sign_in_failed, sign_in_throttled, queue_title, queue_empty,
    col_ticket, col_category, col_state, col_department, col_handling, col_decision, col_complainant, col_received,
    col_assignee, col_overdue_by, ticket_title, section_statement, section_clocks, section_routing,
    section_actions, section_history, section_reply, btn_show_full, field_reason, field_reply,
    field_target_department, field_assignee, field_extension_days, btn_approve, btn_reject, assignee_label,
    unassigned, extension_label, extension_pending, extension_approved, extension_rejected, routed_by_rule,
    routed_default, routed_misconduct, routed_appeal, routed_to, history_actor, actor_citizen, actor_system, actor_client,
    action_accept, action_refuse, action_assign, action_claim, action_start, action_request_evidence,
    action_evidence_received, action_transfer, action_transfer_outside, action_reply, action_close, action_reopen,
    action_request_extension, action_decide_extension, nav_approvals, approvals_title, approvals_intro,
    approvals_empty, approvals_days, approvals_reason, approvals_requested_by, col_handling_due, col_decision_due,
    received_on_label, recorded_at_label, confirm_title, btn_confirm_action, btn_back_to_edit, note_done,
    partner_label,
    // admin.ftl
    calendar_title, calendar_add, calendar_date, calendar_kind, day_holiday, day_makeup, calendar_name_zh,
    calendar_name_en, calendar_save, calendar_remove, calendar_empty_warning, nav_calendar,
    routing_title, bureau_title, bureau_categories, bureau_limits_note, bureau_departments,
    bureau_users, bureau_display_name, bureau_role, bureau_initial_password, bureau_add, bureau_wide, role_agent,
    role_caseworker, role_supervisor, role_admin, unit_working_days, unit_calendar_days, calendar_save_short, bureau_handling_ends,
    bureau_decision_starts, handling_ends_reply, handling_ends_acceptance, decision_starts_receipt,
    decision_starts_acceptance,
    clock_provisional, calendar_import_title, calendar_import_intro, calendar_import_file, calendar_import_preview, calendar_import_confirm, calendar_import_cancel, calendar_import_none, calendar_import_added, calendar_import_changed, calendar_import_removed, calendar_import_tickets, calendar_import_newly_covered, calendar_import_no_file, calendar_years_title, calendar_col_year, calendar_col_notice, calendar_col_source, calendar_col_loaded, calendar_origin_release, calendar_origin_import, calendar_before, calendar_after,
    routing_intro, routing_priority, routing_conditions, routing_note,
    routing_default, routing_enable, routing_disable, routing_try, routing_facts, routing_try_button,
    routing_no_match, routing_new, routing_keywords, routing_create,
    nav_clients, clients_title, clients_intro, clients_name, clients_kind, clients_key_prefix,
    clients_callback_url, clients_callback_hint, clients_created, clients_status, clients_active, clients_revoked,
    clients_failing, clients_register, clients_register_button, clients_revoke, clients_empty,
    kind_partner, kind_open311, kind_reports, clients_issued_title, clients_issued_warning, clients_key,
    clients_signing_secret, clients_back, nav_callbacks, callbacks_title, callbacks_intro, callbacks_empty,
    callbacks_ticket, callbacks_partner, callbacks_event, callbacks_attempts, callbacks_last, callbacks_next,
    callbacks_gave_up, callbacks_retry, callbacks_attempt_list, callbacks_no_answer, callbacks_retried,
    nav_notices, notices_title, notices_intro, notices_empty, notices_ticket, notices_kind, notices_mobile,
    notices_created, notices_attempts, notices_last_error, notices_next, notices_gave_up, notices_retry,
    notices_retried, notice_filed, notice_one_time_code, notice_accepted, notice_not_accepted,
    notice_awaiting_citizen, notice_extension_approved, notice_replied, notice_urged, notice_due_soon,
    notice_overdue, notice_extension_decided, notice_transferred_in, notice_appealed,
    // admin.ftl: what each administration form allows
    col_actions, bureau_handling_days, bureau_handling_days_hint, bureau_handling_unit, bureau_decision_days,
    bureau_decision_days_hint, bureau_decision_unit, bureau_extension_days, bureau_extension_days_hint,
    bureau_username_hint, bureau_department_hint, bureau_add_user, admin_problem_handling_days,
    admin_problem_decision_days, admin_problem_extension_days, admin_problem_unit, admin_problem_choose,
    admin_problem_username, admin_problem_username_taken, admin_problem_display_name, admin_problem_department,
    admin_problem_self, admin_problem_priority, admin_problem_active_department, admin_problem_district,
    admin_problem_date, admin_problem_day_kind, admin_problem_client_name, admin_problem_callback_url,
    routing_rule_no, routing_move_up, routing_move_down, routing_matched, routing_satisfied, routing_failed,
    calendar_col_was, calendar_col_becomes,
    // staff.ftl: the inbox
    nav_inbox, inbox_title, inbox_intro, inbox_empty, inbox_mark_all_read, inbox_arrived, inbox_notice, inbox_link,
    inbox_mark_read, inbox_read, inbox_open_list, inbox_open_ticket,
    // staff.ftl: the desk
    report_paused, report_paused_while_overdue, ticket_complainant, nav_lookup, lookup_title, lookup_intro,
    lookup_not_found, lookup_read_only, event_paused_while_overdue, event_looked_up, pause_expired_detail,
    // problems.ftl
    conflict_stale, refusal_state, refusal_role, refusal_evidence_twice, refusal_extension_used,
    refusal_no_extension, refusal_extension_pending, refusal_already_yours, field_confirmation,
    // bureau.ftl
    nav_organisation, org_title, org_intro, org_profile, org_name_zh, org_name_en, org_address_zh, org_address_en,
    org_hours_zh, org_hours_en, org_hotlines, org_hotlines_hint, org_districts, org_departments, org_add_district,
    org_edit_district, org_add_department, org_edit_department, org_code, org_code_hint, org_department_id,
    org_department_id_hint, org_kind, org_district, org_no_district, org_status, org_active, org_inactive,
    org_deactivate, org_reactivate, org_edit, org_save, org_add, org_saved, kind_intake, kind_section,
    kind_service_centre, kind_district_service_centre, kind_inspection, kind_information, kind_discipline,
    org_problem_required, org_problem_too_long, org_problem_district_code, org_problem_department_id,
    org_problem_kind, org_problem_unknown_district, org_problem_taken, org_problem_departments_in_district,
    org_problem_accounts_in_department, org_problem_last_discipline, routing_any_district, routing_any,
    // accounts.ftl
    invitation_title, invitation_intro, invitation_account, invitation_valid_until, btn_set_password,
    invitation_done_title, invitation_done, invitation_expired_title, invitation_expired, invitation_used_title,
    invitation_used, invitation_unknown_title, invitation_unknown, btn_go_to_sign_in, password_change_required,
    reset_link_button, reset_link_title, reset_link_warning, reset_link_back,
    // common.ftl: written notices
    written_notices_title, written_notices_intro, written_notice_kind_acceptance, written_notice_kind_refusal,
    written_notice_kind_extension, written_notice_kind_reply, written_notice_issued, written_notice_download,
    notice_font_missing, event_notice_downloaded,
    // common.ftl: files on tickets
    files_title, files_hint, field_attachments, files_kept, files_none, file_download, file_delete,
    file_delete_reason, file_internal, event_attachments_added, event_attachment_downloaded,
    event_attachment_deleted, evidence_answer_title, evidence_answer_intro, evidence_answer_asked,
    btn_send_evidence, evidence_answer_done, evidence_answer_no_files, evidence_answer_not_open, origin_filing,
    origin_intake, file_deleted_done, file_col_name, file_col_origin, file_col_state,
    origin_evidence, origin_reply, origin_note, origin_api, notice_evidence_received,
    // staff.ftl: related tickets
    related_title, related_hint, related_none, related_col_reason, related_same_respondent,
    related_same_complainant, queue_related_mark, queue_related_hint,
    // staff.ftl: employers at risk
    hotspots_title, hotspots_intro, hotspots_none, hotspot_threshold, hotspot_col_employer, hotspot_col_credit_code,
    hotspot_col_complaints, hotspot_col_open, hotspot_col_overdue, hotspot_col_districts, hotspot_col_trend,
    hotspot_rising, nav_hotspots,
    // staff.ftl: repeats and case groups
    event_marked_repeat, event_repeat_undone, event_joined_case_group, event_left_case_group, notice_repeat_marked,
    notice_repeat_undone, notice_employer_at_risk, repeat_title, repeat_hint, repeat_carries, repeat_mark_title, repeat_mark_carrier,
    repeat_mark_reason, repeat_mark_button, repeat_mark_none, repeat_undo_button, repeat_undo_reason, repeat_done,
    repeat_undone_done, repeat_refused_same, repeat_refused_ended, repeat_refused_carrier_ended,
    repeat_refused_not_earlier, repeat_refused_other_complainant, repeat_refused_in_group,
    repeat_refused_not_a_repeat, repeat_refused_unknown, group_title, group_join_button, group_join_hint,
    group_join_none, group_reply_title, group_reply_hint, group_reply_button, group_leave_button,
    group_leave_reason, group_left_done, join_refused_not_accepted, join_refused_ended,
    join_refused_other_department, join_refused_in_another_group, join_refused_unknown, group_refused_not_member,
    group_refused_nothing_to_reply,
    // staff.ftl: satisfaction call-backs
    nav_calls, calls_title, calls_intro, calls_none, calls_col_replied, calls_col_attempts, calls_col_last,
    call_title, call_reply, call_show_number, call_number, call_name, call_attempts, call_outcome,
    call_outcome_satisfied, call_outcome_basically_satisfied, call_outcome_not_satisfied, call_outcome_not_reached,
    call_note, call_record, call_recorded, call_state_open, call_state_reached, call_state_unreached,
    call_refused_finished, call_refused_own_reply, call_refused_same_day, call_refused_rest_day, call_refused_stale,
    calls_on_ticket, report_call_backs, report_call_satisfaction, report_reopened_after_call, csv_call_backs,
    csv_call_reached, csv_call_unreached, csv_call_satisfied, csv_call_basically_satisfied, csv_call_not_satisfied,
    event_call_back_recorded,
    // staff.ftl: a group complaint taken by an agent
    callers_title, callers_label, callers_button, callers_empty, callers_three_parts, callers_link,
}

/// Formats a fixed string once; it lives as long as the program, like the
/// static [`Messages`] that holds it.
fn fixed(bundle: &Bundle, lang: Lang, field: &str) -> &'static str {
    format_message(bundle, lang, &field.replace('_', "-"), &[]).leak()
}

/// A missing message or argument is logged and shows as its key rather than
/// failing the page; the tests in `catalogue_tests.rs` keep that from being
/// shipped.
fn format_message(bundle: &Bundle, lang: Lang, key: &str, args: &[(&str, FluentValue)]) -> String {
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        tracing::error!(key, lang = lang.code(), "no such message");
        return key.to_string();
    };
    let args: FluentArgs = args.iter().map(|(name, value)| (*name, value.clone())).collect();
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&args), &mut errors).into_owned();
    if !errors.is_empty() {
        tracing::error!(key, lang = lang.code(), ?errors, "formatting a message failed");
    }
    text
}

impl Messages {
    pub(super) fn of(lang: Lang) -> &'static Messages {
        match lang {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    /// The one way to every message that is not a field: those with
    /// variables, and the few fixed ones chosen by an enum. Keys are string
    /// literals at every call, so that the tests can find them in the source.
    pub(super) fn format(&self, key: &str, args: &[(&str, FluentValue)]) -> String {
        format_message(&self.bundle, self.lang, key, args)
    }

    pub fn channel_name(&self, channel: Channel) -> &'static str {
        match channel {
            Channel::Web => self.channel_web,
            Channel::Hotline12333 => self.channel_hotline_12333,
            Channel::Transfer12345 => self.channel_transfer_12345,
            Channel::WalkIn => self.channel_walk_in,
            Channel::Letter => self.channel_letter,
        }
    }

    pub fn respondent_kind_name(&self, kind: RespondentKind) -> &'static str {
        match kind {
            RespondentKind::Employer => self.respondent_employer,
            RespondentKind::BureauOffice => self.respondent_bureau_office,
            RespondentKind::BureauStaff => self.respondent_bureau_staff,
        }
    }

    pub fn topic_name(&self, key: &str) -> &'static str {
        match key {
            "social_security" => self.topic_social_security,
            "housing_fund" => self.topic_housing_fund,
            "tax" => self.topic_tax,
            "other_department" => self.topic_other_department,
            "policy_itself" => self.topic_policy_itself,
            _ => "",
        }
    }

    pub fn state_name(&self, state: TicketState) -> &'static str {
        match state {
            TicketState::Received => self.state_received,
            TicketState::Accepted => self.state_accepted,
            TicketState::NotAccepted => self.state_not_accepted,
            TicketState::Assigned => self.state_assigned,
            TicketState::InProgress => self.state_in_progress,
            TicketState::AwaitingCitizen => self.state_awaiting_citizen,
            TicketState::Replied => self.state_replied,
            TicketState::Closed => self.state_closed,
            TicketState::Transferred => self.state_transferred,
            TicketState::Reopened => self.state_reopened,
        }
    }

    /// What a partner was told, in the words of the ticket's history.
    pub fn callback_event_name(&self, event: CallbackEvent) -> &'static str {
        match event {
            CallbackEvent::Accepted => self.state_accepted,
            CallbackEvent::Refused => self.state_not_accepted,
            CallbackEvent::Extended => self.event_extension_approved,
            CallbackEvent::Replied => self.state_replied,
            CallbackEvent::Closed => self.state_closed,
        }
    }

    pub fn notice_kind_name(&self, kind: NoticeKind) -> &'static str {
        match kind {
            NoticeKind::Filed => self.notice_filed,
            NoticeKind::OneTimeCode => self.notice_one_time_code,
            NoticeKind::Accepted => self.notice_accepted,
            NoticeKind::NotAccepted => self.notice_not_accepted,
            NoticeKind::AwaitingCitizen => self.notice_awaiting_citizen,
            NoticeKind::ExtensionApproved => self.notice_extension_approved,
            NoticeKind::Replied => self.notice_replied,
            NoticeKind::Urged => self.notice_urged,
            NoticeKind::DueSoon => self.notice_due_soon,
            NoticeKind::Overdue => self.notice_overdue,
            NoticeKind::ExtensionDecided => self.notice_extension_decided,
            NoticeKind::TransferredIn => self.notice_transferred_in,
            NoticeKind::Appealed => self.notice_appealed,
            NoticeKind::EvidenceReceived => self.notice_evidence_received,
            NoticeKind::RepeatMarked => self.notice_repeat_marked,
            NoticeKind::RepeatUndone => self.notice_repeat_undone,
            NoticeKind::EmployerAtRisk => self.notice_employer_at_risk,
        }
    }

    /// A history entry's name. Entries about the bureau rather than a
    /// ticket never reach a ticket's history; they are named by their key.
    pub fn event_name(&self, action: AuditAction) -> &'static str {
        match action {
            AuditAction::Filed => self.event_filed,
            AuditAction::Lifecycle(event) => match event {
                Event::Accepted => self.state_accepted,
                Event::NotAccepted => self.state_not_accepted,
                Event::Assigned => self.state_assigned,
                Event::InProgress => self.state_in_progress,
                Event::AwaitingCitizen => self.state_awaiting_citizen,
                Event::EvidenceReceived => self.event_evidence_received,
                Event::Transferred => self.state_transferred,
                Event::TransferredOutside => self.event_transferred_outside,
                Event::Replied => self.state_replied,
                Event::Closed => self.state_closed,
                Event::Reopened => self.state_reopened,
                Event::ExtensionRequested => self.event_extension_requested,
                Event::ExtensionApproved => self.event_extension_approved,
                Event::ExtensionRejected => self.event_extension_rejected,
                Event::PausedWhileOverdue => self.event_paused_while_overdue,
                Event::MarkedRepeat => self.event_marked_repeat,
                Event::RepeatUndone => self.event_repeat_undone,
                Event::JoinedCaseGroup => self.event_joined_case_group,
                Event::LeftCaseGroup => self.event_left_case_group,
            },
            AuditAction::ViewedPersonalData => self.event_viewed_personal_data,
            AuditAction::Urged => self.event_urged,
            AuditAction::Note => self.event_note,
            AuditAction::DeadlineRecomputed => self.event_deadline_recomputed,
            AuditAction::Rated => self.event_rated,
            AuditAction::Appealed => self.event_appealed,
            AuditAction::ForbiddenAccess => self.event_forbidden_access,
            AuditAction::LookedUp => self.event_looked_up,
            AuditAction::NoticeDownloaded => self.event_notice_downloaded,
            AuditAction::AttachmentsAdded => self.event_attachments_added,
            AuditAction::AttachmentDownloaded => self.event_attachment_downloaded,
            AuditAction::AttachmentDeleted => self.event_attachment_deleted,
            AuditAction::CallBackRecorded => self.event_call_back_recorded,
            bureau => bureau.key(),
        }
    }

    /// Why a file sent as `name` was not kept.
    pub fn file_refused(&self, name: &str, refusal: FileRefusal) -> String {
        let key = match refusal {
            FileRefusal::TooMany => "file-refused-too-many",
            FileRefusal::FileTooLarge => "file-refused-file-too-large",
            FileRefusal::ActionTooLarge => "file-refused-action-too-large",
            FileRefusal::Empty => "file-refused-empty",
            FileRefusal::Heic => "file-refused-heic",
            FileRefusal::Type => "file-refused-type",
            FileRefusal::Damaged => "file-refused-damaged",
        };
        self.format(key, &[("name", name.into())])
    }

    /// A file's size as people read it: KB below a megabyte, MB with one
    /// decimal above.
    pub fn file_size(&self, bytes: i64) -> String {
        const MB: i64 = 1024 * 1024;
        if bytes < MB {
            self.format("file-size-kb", &[("n", ((bytes + 1023) / 1024).max(1).into())])
        } else {
            self.format("file-size-mb", &[("n", format!("{:.1}", bytes as f64 / MB as f64).into())])
        }
    }

    /// The action a file came with.
    pub fn attachment_origin(&self, origin: Origin) -> &'static str {
        match origin {
            Origin::Filing => self.origin_filing,
            Origin::Intake => self.origin_intake,
            Origin::Evidence => self.origin_evidence,
            Origin::Reply => self.origin_reply,
            Origin::Note => self.origin_note,
            Origin::Api => self.origin_api,
        }
    }

    /// When a file was deleted and why (staff only).
    pub fn attachment_deleted(&self, at: &str, reason: &str) -> String {
        self.format("file-deleted", &[("at", at.into()), ("reason", reason.into())])
    }

    /// A written notice's name.
    pub fn written_notice_kind(&self, kind: WrittenNoticeKind) -> &'static str {
        match kind {
            WrittenNoticeKind::Acceptance => self.written_notice_kind_acceptance,
            WrittenNoticeKind::Refusal => self.written_notice_kind_refusal,
            WrittenNoticeKind::Extension => self.written_notice_kind_extension,
            WrittenNoticeKind::Reply => self.written_notice_kind_reply,
        }
    }

    /// The label of a form field by its name, used in the error summary.
    pub fn field_label(&self, field: &str) -> &'static str {
        match field {
            "channel" => self.field_channel,
            "received_on" => self.field_received_on,
            "category" => self.field_category,
            "district" => self.field_district,
            "facts.when" => self.field_when,
            "facts.where" => self.field_where,
            "facts.who" => self.field_who,
            "facts.cause" => self.field_cause,
            "facts.course" => self.field_course,
            "facts.result" => self.field_result,
            "demand" => self.field_demand,
            "complainant.name" => self.field_complainant_name,
            "complainant.id_number" => self.field_id_number,
            "complainant.mobile" => self.field_mobile,
            "respondent.kind" => self.field_respondent_kind,
            "respondent.name" => self.field_respondent_name,
            "respondent.credit_code" => self.field_credit_code,
            "respondent.staff_name" => self.field_staff_name,
            "respondent.staff_number" => self.field_staff_number,
            "earlier_ticket_no" => self.field_earlier_ticket,
            "ticket_no" => self.field_ticket_no,
            "mobile" => self.field_mobile,
            "screening.topic" => self.field_screening_topic,
            "idempotency_key" => self.field_confirmation,
            "code" => self.field_code,
            _ => "",
        }
    }

    /// What is wrong with a new password, shown beside its field.
    pub fn password_problem(&self, problem: PasswordProblem) -> &'static str {
        match problem {
            PasswordProblem::TooShort => self.password_too_short,
            PasswordProblem::SameAsCurrent => self.password_same_as_current,
            PasswordProblem::Guessable => self.password_guessable,
        }
    }

    pub fn refusal_of_action(&self, refusal: Refusal) -> &'static str {
        match refusal {
            Refusal::NotAllowedInState => self.refusal_state,
            Refusal::NotAllowedForRole => self.refusal_role,
            Refusal::EvidenceAlreadyRequested => self.refusal_evidence_twice,
            Refusal::ExtensionAlreadyUsed => self.refusal_extension_used,
            Refusal::NoExtensionPending => self.refusal_no_extension,
            Refusal::ExtensionAlreadyPending => self.refusal_extension_pending,
            Refusal::AlreadyYours => self.refusal_already_yours,
        }
    }

    pub fn action_name(&self, action: Action) -> &'static str {
        match action {
            Action::Accept => self.action_accept,
            Action::Refuse => self.action_refuse,
            Action::Assign => self.action_assign,
            Action::Claim => self.action_claim,
            Action::Start => self.action_start,
            Action::RequestEvidence => self.action_request_evidence,
            Action::EvidenceReceived => self.action_evidence_received,
            Action::Transfer => self.action_transfer,
            Action::TransferOutside => self.action_transfer_outside,
            Action::Reply => self.action_reply,
            Action::Close => self.action_close,
            Action::Reopen => self.action_reopen,
            Action::RequestExtension => self.action_request_extension,
            Action::DecideExtension => self.action_decide_extension,
        }
    }

    pub fn rating_name(&self, rating: Rating) -> &'static str {
        match rating {
            Rating::Satisfied => self.rating_satisfied,
            Rating::BasicallySatisfied => self.rating_basically_satisfied,
            Rating::NotSatisfied => self.rating_not_satisfied,
        }
    }

    pub fn clock_name(&self, state: ClockState) -> &'static str {
        match state {
            ClockState::OnTrack => self.clock_on_track,
            ClockState::DueSoon => self.clock_due_soon,
            ClockState::Overdue => self.clock_overdue,
            ClockState::Met => self.clock_met,
            ClockState::Missed => self.clock_missed,
            ClockState::Paused => self.clock_paused,
        }
    }

    /// What a clock's date on the filed page is: the last day to decide on
    /// acceptance, to answer, or to decide in writing.
    pub fn filed_due(&self, name: ClockName) -> &'static str {
        match name {
            ClockName::Acceptance => self.filed_acceptance_due,
            ClockName::Handling => self.filed_handling_due,
            ClockName::Decision | ClockName::Investigation => self.filed_decision_due,
        }
    }

    /// How a clock that starts at acceptance counts, on the filed page: its
    /// limit and the extension an approval may add (none when 0).
    pub fn filed_from_acceptance_note(&self, limit: TimeLimit, extension_days: u32) -> String {
        let days = self.days_in(limit.unit, i64::from(limit.days));
        let extension = match extension_days {
            0 => "none".to_string(),
            n => self.days_in(limit.unit, i64::from(n)),
        };
        self.format("filed-from-acceptance-note", &[("days", days.into()), ("extension", extension.into())])
    }

    /// What a clock is called: 办理时限, 受理决定时限, 处理决定时限, 调查处理时限.
    pub fn clock_title(&self, name: ClockName) -> &'static str {
        match name {
            ClockName::Handling => self.clock_title_handling,
            ClockName::Acceptance => self.clock_title_acceptance,
            ClockName::Decision => self.clock_title_decision,
            ClockName::Investigation => self.clock_title_investigation,
        }
    }

    pub fn handling_end_name(&self, end: HandlingEnd) -> &'static str {
        match end {
            HandlingEnd::Reply => self.handling_ends_reply,
            HandlingEnd::Acceptance => self.handling_ends_acceptance,
        }
    }

    pub fn clock_start_name(&self, start: ClockStart) -> &'static str {
        match start {
            ClockStart::Receipt => self.decision_starts_receipt,
            ClockStart::Acceptance => self.decision_starts_acceptance,
        }
    }

    // ------------------------------------------------------- with variables

    pub fn working_days(&self, n: i64) -> String {
        self.format("working-days", &[("n", n.into())])
    }

    pub fn calendar_days(&self, n: i64) -> String {
        self.format("calendar-days", &[("n", n.into())])
    }

    /// So many days of a limit, in the limit's own unit.
    pub fn days_in(&self, unit: LimitUnit, n: i64) -> String {
        match unit {
            LimitUnit::WorkingDays => self.working_days(n),
            LimitUnit::CalendarDays => self.calendar_days(n),
        }
    }

    /// One routing condition: what kind it is and its value, by name.
    pub fn criterion(&self, kind: &str, value: &str) -> String {
        self.format("criterion", &[("kind", kind.into()), ("value", value.into())])
    }

    /// Where a partner's transfer came from, and the partner's own number.
    pub fn transferred_by(&self, partner: &str, order: &str) -> String {
        self.format("transferred-by", &[("partner", partner.into()), ("order", order.into())])
    }

    /// Why a ticket is related, as the ticket page says it.
    pub fn related_reason(&self, reason: crate::domain::related::Reason) -> String {
        use crate::domain::related::Reason;
        match reason {
            Reason::SameRespondent => self.related_same_respondent.to_string(),
            Reason::SameComplainant => self.related_same_complainant.to_string(),
            Reason::SimilarStatement { percent } => {
                self.format("related-similar", &[("percent", i64::from(percent).into())])
            }
        }
    }

    /// What a repeat's page says of the ticket that carries its matter.
    pub fn repeat_of(&self, carrier: &str, reason: &str) -> String {
        self.format("repeat-of", &[("carrier", carrier.into()), ("reason", reason.into())])
    }

    /// The heading of a case group's list, naming its lead ticket.
    pub fn group_members(&self, lead: &str) -> String {
        self.format("group-members", &[("lead", lead.into())])
    }

    pub fn group_joined_done(&self, count: usize) -> String {
        self.format("group-joined-done", &[("count", (count as i64).into())])
    }

    /// What the group's reply did: how many it replied to, and which it
    /// left out.
    pub fn group_replied_done(&self, replied: usize, skipped: &[String]) -> String {
        self.format(
            "group-replied-done",
            &[
                ("replied", (replied as i64).into()),
                ("skipped", (skipped.len() as i64).into()),
                ("which", skipped.join("、").into()),
            ],
        )
    }

    /// Why a ticket could not join, by its number.
    pub fn join_refused(&self, ticket_no: &str, refusal: Option<crate::domain::case_handling::JoinRefusal>) -> String {
        use crate::domain::case_handling::JoinRefusal;
        let why = match refusal {
            Some(JoinRefusal::NotAccepted) => self.join_refused_not_accepted,
            Some(JoinRefusal::Ended) => self.join_refused_ended,
            Some(JoinRefusal::OtherDepartment) => self.join_refused_other_department,
            Some(JoinRefusal::InAnotherGroup) => self.join_refused_in_another_group,
            None => self.join_refused_unknown,
        };
        self.format("join-refused", &[("ticket", ticket_no.into()), ("why", why.into())])
    }

    /// Why a ticket could not be marked a repeat.
    pub fn repeat_refused(&self, refusal: crate::domain::case_handling::RepeatRefusal) -> &'static str {
        use crate::domain::case_handling::RepeatRefusal;
        match refusal {
            RepeatRefusal::SameTicket => self.repeat_refused_same,
            RepeatRefusal::Ended => self.repeat_refused_ended,
            RepeatRefusal::CarrierEnded => self.repeat_refused_carrier_ended,
            RepeatRefusal::CarrierNotEarlier => self.repeat_refused_not_earlier,
            RepeatRefusal::OtherComplainant => self.repeat_refused_other_complainant,
            RepeatRefusal::InCaseGroup => self.repeat_refused_in_group,
        }
    }

    pub fn callers_hint(&self, max: usize) -> String {
        self.format("callers-hint", &[("max", (max as i64).into())])
    }

    /// One line of the callers' list and what is wrong with it.
    pub fn callers_line(&self, line: usize, problem: &str) -> String {
        self.format("callers-line", &[("line", (line as i64).into()), ("problem", problem.into())])
    }

    pub fn callers_too_many(&self, max: usize) -> String {
        self.format("callers-too-many", &[("max", (max as i64).into())])
    }

    pub fn callers_added(&self, count: usize) -> String {
        self.format("callers-added", &[("count", (count as i64).into())])
    }

    /// A call-back's outcome as the caller chose it.
    pub fn call_outcome_name(&self, outcome: crate::domain::satisfaction_calls::CallOutcome) -> &'static str {
        use crate::domain::follow_up::Rating;
        use crate::domain::satisfaction_calls::CallOutcome;
        match outcome {
            CallOutcome::Reached(Rating::Satisfied) => self.call_outcome_satisfied,
            CallOutcome::Reached(Rating::BasicallySatisfied) => self.call_outcome_basically_satisfied,
            CallOutcome::Reached(Rating::NotSatisfied) => self.call_outcome_not_satisfied,
            CallOutcome::NotReached => self.call_outcome_not_reached,
        }
    }

    pub fn call_state_name(&self, state: crate::domain::satisfaction_calls::CallState) -> &'static str {
        use crate::domain::satisfaction_calls::CallState;
        match state {
            CallState::Open => self.call_state_open,
            CallState::Reached => self.call_state_reached,
            CallState::Unreached => self.call_state_unreached,
        }
    }

    pub fn call_refused(&self, refusal: crate::domain::satisfaction_calls::AttemptRefusal) -> &'static str {
        use crate::domain::satisfaction_calls::AttemptRefusal;
        match refusal {
            AttemptRefusal::Finished => self.call_refused_finished,
            AttemptRefusal::OwnReply => self.call_refused_own_reply,
            AttemptRefusal::SameDay => self.call_refused_same_day,
            AttemptRefusal::RestDay => self.call_refused_rest_day,
        }
    }

    /// The heading of the tickets counted for one employer.
    pub fn hotspot_tickets_of(&self, employer: &str) -> String {
        self.format("hotspot-tickets-of", &[("employer", employer.into())])
    }

    /// The API client a ticket was filed through.
    pub fn filed_through(&self, client: &str) -> String {
        self.format("filed-through", &[("client", client.into())])
    }

    /// An API client's kind, by name.
    pub fn client_kind_name(&self, kind: crate::domain::api_key::ClientKind) -> &'static str {
        use crate::domain::api_key::ClientKind;
        match kind {
            ClientKind::Partner => self.kind_partner,
            ClientKind::Open311 => self.kind_open311,
            ClientKind::Reports => self.kind_reports,
        }
    }

    /// A filing in the history: the channel and the department, by name.
    pub fn filed_detail(&self, channel: &str, department: &str) -> String {
        self.format("filed-detail", &[("channel", channel.into()), ("department", department.into())])
    }

    /// A name and what is said of it ("Mobile: must have 11 digits"), with
    /// the language's own colon.
    pub fn labelled(&self, label: &str, text: &str) -> String {
        self.format("labelled", &[("label", label.into()), ("text", text.into())])
    }

    /// Between the items of a list written out in a sentence.
    pub fn list_separator(&self) -> String {
        self.format("list-separator", &[])
    }

    /// Tickets of a period finished after their due date.
    pub fn period_missed(&self, n: i64) -> String {
        self.format("period-missed", &[("n", n.into())])
    }

    /// Tickets of a period past their due date and not finished.
    pub fn period_overdue(&self, n: i64) -> String {
        self.format("period-overdue", &[("n", n.into())])
    }

    /// The title of the list behind a period report's figure.
    pub fn period_figure_title(&self, figure: crate::domain::figures::PeriodFigure, from: &str, to: &str) -> String {
        let args = [("figure", figure.key().into()), ("from", from.into()), ("to", to.into())];
        self.format("period-figure-title", &args)
    }

    /// The label of the text an action asks for (its reason, the evidence
    /// needed, …).
    pub fn action_reason_label(&self, action: crate::domain::workflow::Action) -> String {
        self.format("action-reason-label", &[("action", action.key().into())])
    }

    /// What an action does, shown beside its button.
    pub fn action_help(&self, action: crate::domain::workflow::Action) -> String {
        self.format("action-help", &[("action", action.key().into())])
    }

    /// Said after an action was carried out.
    pub fn action_done(&self, action: crate::domain::workflow::Action) -> String {
        self.format("action-done", &[("action", action.key().into())])
    }

    /// Said after an action was carried out, with what became of the clock a
    /// request for evidence stops (`evidence_stops`, None when no clock is
    /// stopped by it): only a clock actually stopped is said to be paused,
    /// and only one that was stopped to run again.
    pub fn action_done_for(
        &self,
        action: crate::domain::workflow::Action,
        evidence_stops: Option<ClockName>,
    ) -> String {
        use crate::domain::workflow::Action;
        match (action, evidence_stops) {
            (Action::RequestEvidence, Some(clock)) => {
                self.format("action-done-clock-stopped", &[("clock", self.clock_title(clock).into())])
            }
            (Action::EvidenceReceived, Some(clock)) => {
                self.format("action-done-clock-runs-again", &[("clock", self.clock_title(clock).into())])
            }
            _ => self.action_done(action),
        }
    }

    /// The question before an action that cannot be undone.
    pub fn action_confirm(&self, action: crate::domain::workflow::Action) -> String {
        self.format("action-confirm", &[("action", action.key().into())])
    }

    /// The days until a clock's due date in the clock's own unit, or past
    /// it when `n` is negative.
    pub fn clock_days_left(&self, n: i64, unit: LimitUnit) -> String {
        let unit = ("unit", unit.key().into());
        if n >= 0 {
            self.format("clock-days-left", &[("n", n.into()), unit])
        } else {
            self.format("clock-days-over", &[("n", (-n).into()), unit])
        }
    }

    /// The extension request's field: which clock it extends, in which unit.
    pub fn extension_days_for(&self, clock: ClockName, unit: LimitUnit, max: u32) -> String {
        self.format(
            "extension-days-for",
            &[("clock", self.clock_title(clock).into()), ("unit", unit.key().into()), ("max", max.into())],
        )
    }

    /// A handling clock on the home page: "办理时限 15 个工作日".
    pub fn home_limit_handling(&self, clock: ClockName, limit: TimeLimit) -> String {
        let days = self.days_in(limit.unit, i64::from(limit.days));
        self.format("home-limit-handling", &[("clock", self.clock_title(clock).into()), ("days", days.into())])
    }

    /// A decision clock on the home page, with the event it counts from and
    /// the extension an approval may add (none when `extension_days` is 0).
    pub fn home_limit_decision(
        &self,
        clock: ClockName,
        limit: TimeLimit,
        start: ClockStart,
        extension_days: u32,
    ) -> String {
        let days = self.days_in(limit.unit, i64::from(limit.days));
        let extension = match extension_days {
            0 => "none".to_string(),
            n => self.days_in(limit.unit, i64::from(n)),
        };
        self.format(
            "home-limit-decision",
            &[
                ("clock", self.clock_title(clock).into()),
                ("days", days.into()),
                ("start", start.key().into()),
                ("extension", extension.into()),
            ],
        )
    }

    /// `2026-11-25（周三）`: ISO order reads the same in both languages.
    pub fn date_with_weekday(&self, day: NaiveDate) -> String {
        let weekday = match day.weekday() {
            Weekday::Mon => "mon",
            Weekday::Tue => "tue",
            Weekday::Wed => "wed",
            Weekday::Thu => "thu",
            Weekday::Fri => "fri",
            Weekday::Sat => "sat",
            Weekday::Sun => "sun",
        };
        let date = day.format("%Y-%m-%d").to_string();
        self.format("date-with-weekday", &[("date", date.into()), ("weekday", weekday.into())])
    }

    pub fn length_hint(&self, max: usize) -> String {
        self.format("length-hint", &[("max", max.into())])
    }

    /// A field's own hint followed by its length limit.
    pub fn hint_and_length(&self, hint: &str, max: usize) -> String {
        let length = self.length_hint(max);
        self.format("hint-and-length", &[("hint", hint.into()), ("length", length.into())])
    }

    pub fn calendar_saved(&self, recomputed: usize) -> String {
        self.format("calendar-saved", &[("count", recomputed.into())])
    }

    /// Beside a due date past the loaded calendar.
    pub fn due_provisional_note(&self, awaited_year: i32) -> String {
        self.format("due-provisional-note", &[("year", awaited_year.to_string().into())])
    }

    pub fn calendar_import_done(&self, years: &str, recomputed: usize) -> String {
        self.format("calendar-import-done", &[("years", years.into()), ("count", recomputed.into())])
    }

    /// Why a holiday file was refused: the problem (by its key), what it is
    /// about, and the line when one is to blame.
    pub fn calendar_file_error(&self, e: &crate::domain::calendar_file::FileError) -> String {
        let reason = self.format(
            "calendar-file-problem",
            &[("problem", e.problem.key().into()), ("detail", e.problem.detail().into())],
        );
        match e.line {
            Some(line) => self.format("calendar-import-line", &[("line", line.into()), ("reason", reason.into())]),
            None => reason,
        }
    }

    pub fn calendar_covered_until(&self, last_day: NaiveDate) -> String {
        let day = self.date_with_weekday(last_day);
        self.format("calendar-covered-until", &[("day", day.into())])
    }

    pub fn calendar_ends_warning(&self, last_day: NaiveDate) -> String {
        let day = self.date_with_weekday(last_day);
        self.format("calendar-ends-warning", &[("day", day.into())])
    }

    pub fn appeal_done(&self, appeal_ticket_no: &str) -> String {
        self.format("appeal-done", &[("ticket", appeal_ticket_no.into())])
    }

    /// The appeal as the earlier ticket's history records it.
    pub fn appeal_recorded(&self, appeal_ticket_no: &str) -> String {
        self.format("appeal-recorded", &[("ticket", appeal_ticket_no.into())])
    }

    /// What follows if the evidence asked for does not arrive in time: with
    /// `paused_clock`, the clock stopped meanwhile runs again.
    pub fn evidence_note(&self, paused_clock: Option<ClockName>) -> String {
        match paused_clock {
            Some(clock) => self.format("evidence-paused-note", &[("clock", self.clock_title(clock).into())]),
            None => self.format("evidence-note", &[]),
        }
    }

    /// Providing evidence by phone: which numbers, and what to give them.
    pub fn evidence_by_phone(&self, hotlines: &str, ticket_no: &str) -> String {
        self.format("evidence-by-phone", &[("hotlines", hotlines.into()), ("ticket", ticket_no.into())])
    }

    /// How the remedies' end dates are counted from the reply of `replied_on`.
    pub fn remedies_note(&self, replied_on: NaiveDate) -> String {
        let replied = self.date_with_weekday(replied_on);
        self.format("remedies-note", &[("replied", replied.into())])
    }

    /// Where the citizen is sent for a refused situation (DOMAIN.md): what
    /// the situation is, and where to turn instead.
    pub fn refusal(&self, reason: RefusalReason) -> (String, String) {
        match reason {
            RefusalReason::InLegalProcedure => (
                self.format("refused-in-legal-procedure-why", &[]),
                self.format("refused-in-legal-procedure-where", &[]),
            ),
            RefusalReason::HousingFund => {
                (self.format("refused-housing-fund-why", &[]), self.format("refused-housing-fund-where", &[]))
            }
            RefusalReason::Tax => (self.format("refused-tax-why", &[]), self.format("refused-tax-where", &[])),
            RefusalReason::OtherDepartment => {
                (self.format("refused-other-department-why", &[]), self.format("refused-other-department-where", &[]))
            }
            RefusalReason::PolicyItself => {
                (self.format("refused-policy-itself-why", &[]), self.format("refused-policy-itself-where", &[]))
            }
            RefusalReason::SettledWithoutNewFacts => (
                self.format("refused-settled-without-new-facts-why", &[]),
                self.format("refused-settled-without-new-facts-where", &[]),
            ),
        }
    }

    pub fn problem_required(&self) -> String {
        self.format("problem-required", &[])
    }

    /// The message shown beside a field for one problem.
    pub fn problem(&self, problem: Problem) -> String {
        match problem {
            Problem::Required
            | Problem::ResidentId(ResidentIdError::Empty)
            | Problem::CreditCode(CreditCodeError::Empty)
            | Problem::Mobile(MobileError::Empty)
            | Problem::District(DistrictCodeError::Empty)
            | Problem::TicketNo(TicketNoError::Empty) => self.problem_required(),
            Problem::TooLong { max } => self.format("problem-too-long", &[("max", max.into())]),
            Problem::UnknownChoice => self.format("problem-unknown-choice", &[]),
            Problem::ResidentId(ResidentIdError::Length) => self.format("problem-resident-id-length", &[]),
            Problem::ResidentId(ResidentIdError::Characters) => self.format("problem-resident-id-characters", &[]),
            Problem::ResidentId(ResidentIdError::Province) => self.format("problem-resident-id-province", &[]),
            Problem::ResidentId(ResidentIdError::BirthDate) => self.format("problem-resident-id-birth-date", &[]),
            Problem::ResidentId(ResidentIdError::CheckDigit) => self.format("problem-resident-id-check-digit", &[]),
            Problem::CreditCode(CreditCodeError::Length) => self.format("problem-credit-code-length", &[]),
            Problem::CreditCode(CreditCodeError::Characters) => self.format("problem-credit-code-characters", &[]),
            Problem::CreditCode(CreditCodeError::CheckCharacter) => {
                self.format("problem-credit-code-check-character", &[])
            }
            Problem::Mobile(MobileError::Format) => self.format("problem-mobile-format", &[]),
            Problem::District(DistrictCodeError::Format | DistrictCodeError::Province) => {
                self.format("problem-district-format", &[])
            }
            Problem::UnknownDistrict => self.format("problem-unknown-district", &[]),
            Problem::TicketNo(TicketNoError::Format) => self.format("problem-ticket-no-format", &[]),
            Problem::TicketNo(TicketNoError::Date) => self.format("problem-ticket-no-date", &[]),
            Problem::TicketNo(TicketNoError::CheckDigit) => self.format("problem-ticket-no-check-digit", &[]),
            Problem::EarlierTicketRequired => self.format("problem-earlier-ticket-required", &[]),
            Problem::EarlierTicketNotFound => self.format("problem-earlier-ticket-not-found", &[]),
            Problem::CreditCodeRequired => self.format("problem-credit-code-required", &[]),
            Problem::EmployerRequired => self.format("problem-employer-required", &[]),
            Problem::BadDate => self.format("problem-bad-date", &[]),
            Problem::DateOutOfRange => self.problem_date_out_of_range(),
            Problem::DateInFuture => self.format("problem-date-in-future", &[]),
            Problem::DateTooOld => self.format("problem-date-too-old", &[]),
            Problem::StaffOnly => self.format("problem-staff-only", &[]),
            Problem::OutOfRange { max } => self.format("problem-out-of-range", &[("max", max.into())]),
            Problem::ExactlyOneOf => self.format("problem-exactly-one-of", &[]),
            Problem::CodeWrong => self.format("problem-code-wrong", &[]),
            Problem::CodeExpired => self.format("problem-code-expired", &[]),
            Problem::IdempotencyKeyReused => self.format("problem-idempotency-key-reused", &[]),
            Problem::PartnerOrderIdReused => self.format("problem-partner-order-id-reused", &[]),
            Problem::TooManyFilings { minutes } => {
                self.format("problem-too-many-filings", &[("minutes", minutes.into())])
            }
            Problem::TransferTooOld { max_days } => {
                self.format("problem-transfer-too-old", &[("max", max_days.into())])
            }
            Problem::ControlCharacter => self.format("problem-control-character", &[]),
        }
    }

    // --------------------------------------------- text messages and notices

    /// The old lookup address's answer, naming the new one.
    pub fn api_lookup_moved(&self, path: &str) -> String {
        self.format("api-lookup-moved", &[("path", path.into())])
    }

    pub fn sms_code(&self, code: &str, minutes: i64) -> String {
        self.format("sms-code", &[("code", code.into()), ("minutes", minutes.into())])
    }

    /// The status page's note that a code is on its way to this (masked)
    /// mobile: queued at `time` (China time, HH:MM), lasting `minutes`.
    pub fn code_sent(&self, masked_mobile: &str, time: &str, minutes: i64) -> String {
        self.format(
            "code-sent",
            &[("mobile", masked_mobile.into()), ("time", time.into()), ("minutes", minutes.into())],
        )
    }

    /// A lookup refused after too many failures, with the wait in minutes.
    pub fn lookup_throttled(&self, minutes: u64) -> String {
        self.format("lookup-throttled", &[("minutes", minutes.into())])
    }

    /// A filing refused after too many from one address or for one person,
    /// with the wait in minutes.
    pub fn filing_throttled(&self, minutes: u64) -> String {
        self.format("filing-throttled", &[("minutes", minutes.into())])
    }

    pub fn sms_filed(&self, ticket_no: &str) -> String {
        self.format("sms-filed", &[("ticket", ticket_no.into())])
    }

    /// The answer is promised by `due` only while that day is still ahead:
    /// a ticket received long before it was accepted (a letter, a transfer)
    /// may be past it already, and is told so.
    pub fn sms_accepted(&self, ticket_no: &str, due: Option<NaiveDate>, today: NaiveDate) -> String {
        let when = match due {
            Some(due) if due < today => "past",
            Some(_) => "ahead",
            None => "unknown",
        };
        let due = due.map(|d| d.to_string()).unwrap_or_default();
        self.format("sms-accepted", &[("ticket", ticket_no.into()), ("due", due.into()), ("when", when.into())])
    }

    pub fn sms_not_accepted(&self, ticket_no: &str, reason: &str) -> String {
        self.format("sms-not-accepted", &[("ticket", ticket_no.into()), ("reason", reason.into())])
    }

    pub fn sms_awaiting_citizen(&self, ticket_no: &str, evidence: &str) -> String {
        self.format("sms-awaiting-citizen", &[("ticket", ticket_no.into()), ("evidence", evidence.into())])
    }

    /// `clock` is the decision clock that was extended, named as the pages
    /// name it, so the text and the status page speak of the same date.
    pub fn sms_extension_approved(
        &self,
        ticket_no: &str,
        clock: ClockName,
        decision_due: NaiveDate,
        reason: &str,
    ) -> String {
        let due = decision_due.to_string();
        self.format(
            "sms-extension-approved",
            &[
                ("ticket", ticket_no.into()),
                ("clock", self.clock_title(clock).into()),
                ("due", due.into()),
                ("reason", reason.into()),
            ],
        )
    }

    /// The repeat's text message: the ticket that carries the matter, and
    /// its clocks' last days (the handling clock's while it runs).
    pub fn sms_repeat_marked(
        &self,
        ticket_no: &str,
        carrier_no: &str,
        handling: Option<(ClockName, NaiveDate)>,
        decision: (ClockName, NaiveDate),
    ) -> String {
        let (handling_clock, handling) = match handling {
            Some((clock, due)) => (self.clock_title(clock), due.to_string()),
            None => ("", "none".to_string()),
        };
        self.format(
            "sms-repeat-marked",
            &[
                ("ticket", ticket_no.into()),
                ("carrier", carrier_no.into()),
                ("handling_clock", handling_clock.into()),
                ("handling", handling.into()),
                ("decision_clock", self.clock_title(decision.0).into()),
                ("decision", decision.1.to_string().into()),
            ],
        )
    }

    /// The inspection brigade's notice of an employer reaching the threshold.
    pub fn employer_at_risk_notice(&self, employer: &str, code: &str, count: i64, days: i64) -> String {
        self.format(
            "employer-at-risk-notice",
            &[("employer", employer.into()), ("code", code.into()), ("count", count.into()), ("days", days.into())],
        )
    }

    pub fn sms_repeat_undone(&self, ticket_no: &str) -> String {
        self.format("sms-repeat-undone", &[("ticket", ticket_no.into())])
    }

    pub fn sms_replied(&self, ticket_no: &str) -> String {
        self.format("sms-replied", &[("ticket", ticket_no.into())])
    }

    pub fn urge_notice(&self, ticket_no: &str) -> String {
        self.format("urge-notice", &[("ticket", ticket_no.into())])
    }

    /// The holder's notice that the citizen sent the evidence asked for.
    pub fn evidence_received_notice(&self, ticket_no: &str, files: usize) -> String {
        self.format("evidence-received-notice", &[("ticket", ticket_no.into()), ("files", files.into())])
    }

    /// A reminder of one ticket's clock, named as that ticket names it.
    pub fn deadline_reminder(&self, ticket_no: &str, clock: ClockName, turn: Turn, due: NaiveDate) -> String {
        let due = due.to_string();
        self.format(
            "deadline-reminder",
            &[
                ("ticket", ticket_no.into()),
                ("clock", clock.key().into()),
                ("state", turn.key().into()),
                ("due", due.into()),
            ],
        )
    }

    /// One notice for many reminders.
    pub fn reminder_digest(&self, count: usize, clock: Clock, turn: Turn) -> String {
        let count = i64::try_from(count).unwrap_or(i64::MAX);
        self.format(
            "reminder-digest",
            &[("count", count.into()), ("clock", clock.key().into()), ("state", turn.key().into())],
        )
    }

    /// A supervisor's digest of one department.
    pub fn reminder_digest_department(&self, department: &str, count: usize, clock: Clock, turn: Turn) -> String {
        let count = i64::try_from(count).unwrap_or(i64::MAX);
        self.format(
            "reminder-digest-department",
            &[
                ("department", department.into()),
                ("count", count.into()),
                ("clock", clock.key().into()),
                ("state", turn.key().into()),
            ],
        )
    }

    /// The holder's notice of the decision on their extension request, with
    /// the supervisor's reason when it was rejected.
    pub fn extension_decided(&self, ticket_no: &str, approved: bool, reason: &str) -> String {
        let decision = if approved { "approved" } else { "rejected" };
        self.format(
            "extension-decided",
            &[("ticket", ticket_no.into()), ("decision", decision.into()), ("reason", reason.into())],
        )
    }

    /// What the supervisor is told after deciding: the ticket, the outcome
    /// and, when approved, the clock's new last day.
    pub fn extension_decided_done(&self, ticket_no: &str, approved: bool, clock: ClockName, due: NaiveDate) -> String {
        let decision = if approved { "approved" } else { "rejected" };
        let args = [
            ("ticket", ticket_no.into()),
            ("decision", decision.into()),
            ("clock", self.clock_title(clock).into()),
            ("due", due.to_string().into()),
        ];
        self.format("extension-decided-done", &args)
    }

    /// The detail of a history entry saying evidence was asked for late.
    pub fn paused_while_overdue_detail(&self, due: &str) -> String {
        self.format("paused-while-overdue-detail", &[("due", due.into())])
    }

    pub fn transferred_in(&self, ticket_no: &str) -> String {
        self.format("transferred-in", &[("ticket", ticket_no.into())])
    }

    pub fn appeal_filed(&self, ticket_no: &str, earlier: &str) -> String {
        self.format("appeal-filed", &[("ticket", ticket_no.into()), ("earlier", earlier.into())])
    }

    // ---- Open311 GeoReport v2 ----

    /// What a client is told once its request is filed.
    pub fn open311_service_notice(&self, ticket: &str, department: &str) -> String {
        self.format("open311-service-notice", &[("ticket", ticket.into()), ("department", department.into())])
    }

    /// The group a category's service is listed under.
    pub fn open311_group(&self, category: crate::domain::category::Category) -> String {
        use crate::domain::category::Category;
        match category {
            Category::StaffMisconduct => self.format("open311-group-conduct", &[]),
            Category::LabourInspection => self.format("open311-group-inspection", &[]),
            _ => self.format("open311-group-services", &[]),
        }
    }

    /// What a category's complaints are about, with examples.
    pub fn open311_description(&self, category: crate::domain::category::Category) -> String {
        use crate::domain::category::Category;
        match category {
            Category::ServiceAttitude => self.format("open311-description-service-attitude", &[]),
            Category::PolicyExecution => self.format("open311-description-policy-execution", &[]),
            Category::PrivacyRights => self.format("open311-description-privacy-rights", &[]),
            Category::ProcessConvenience => self.format("open311-description-process-convenience", &[]),
            Category::ReplyAppeal => self.format("open311-description-reply-appeal", &[]),
            Category::StaffMisconduct => self.format("open311-description-staff-misconduct", &[]),
            Category::LabourInspection => self.format("open311-description-labour-inspection", &[]),
        }
    }

    /// Comma-separated words a client may search services by.
    pub fn open311_keywords(&self, category: crate::domain::category::Category) -> String {
        use crate::domain::category::Category;
        match category {
            Category::ServiceAttitude => self.format("open311-keywords-service-attitude", &[]),
            Category::PolicyExecution => self.format("open311-keywords-policy-execution", &[]),
            Category::PrivacyRights => self.format("open311-keywords-privacy-rights", &[]),
            Category::ProcessConvenience => self.format("open311-keywords-process-convenience", &[]),
            Category::ReplyAppeal => self.format("open311-keywords-reply-appeal", &[]),
            Category::StaffMisconduct => self.format("open311-keywords-staff-misconduct", &[]),
            Category::LabourInspection => self.format("open311-keywords-labour-inspection", &[]),
        }
    }

    /// How a yes/no attribute is answered.
    pub fn open311_true_false(&self) -> String {
        self.format("open311-true-false", &[])
    }

    /// Where a client gets its key, as the discovery document says.
    pub fn open311_key_service(&self) -> String {
        self.format("open311-key-service", &[])
    }

    pub fn open311_error_api_key(&self) -> String {
        self.format("open311-error-api-key", &[])
    }

    pub fn open311_error_jurisdiction(&self, jurisdiction: &str) -> String {
        self.format("open311-error-jurisdiction", &[("jurisdiction", jurisdiction.into())])
    }

    pub fn open311_error_service_code(&self, code: &str) -> String {
        self.format("open311-error-service-code", &[("code", code.into())])
    }

    pub fn open311_error_service_code_required(&self) -> String {
        self.format("open311-error-service-code-required", &[])
    }

    pub fn open311_error_not_found(&self) -> String {
        self.format("open311-error-not-found", &[])
    }

    pub fn open311_error_format(&self) -> String {
        self.format("open311-error-format", &[])
    }

    pub fn open311_error_method(&self, allowed: &str) -> String {
        self.format("open311-error-method", &[("allowed", allowed.into())])
    }

    pub fn open311_error_date(&self, parameter: &str) -> String {
        self.format("open311-error-date", &[("parameter", parameter.into())])
    }

    /// A list's dates further apart than the specification allows.
    pub fn open311_error_span(&self, days: i64) -> String {
        self.format("open311-error-span", &[("days", days.into())])
    }

    pub fn open311_error_status(&self) -> String {
        self.format("open311-error-status", &[])
    }

    pub fn open311_error_body(&self) -> String {
        self.format("open311-error-body", &[])
    }

    /// One field's problem, naming the attribute that carries it.
    pub fn open311_error_field(&self, attribute: &str, message: &str) -> String {
        self.format("open311-error-field", &[("attribute", attribute.into()), ("message", message.into())])
    }

    /// A refused situation: why, and where to turn instead.
    pub fn open311_error_refused(&self, reason: RefusalReason) -> String {
        let (why, where_) = self.refusal(reason);
        self.format("open311-error-refused", &[("why", why.into()), ("where", where_.into())])
    }
}
