//! The message catalogue. Every string of the UI is here, in Simplified
//! Chinese (the default) and English, side by side so that neither language
//! can miss an entry: the macro below refuses to compile a line without both.

use crate::domain::complaint::{Problem, RefusalReason};
use crate::domain::credit_code::CreditCodeError;
use crate::domain::district::DistrictCodeError;
use crate::domain::mobile::MobileError;
use crate::domain::resident_id::ResidentIdError;
use crate::domain::ticket_no::TicketNoError;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use std::convert::Infallible;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

pub const LANG_COOKIE: &str = "lang";

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn from_key(key: &str) -> Option<Lang> {
        match key {
            "zh" | "zh-CN" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn messages(self) -> &'static Messages {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    /// The other language, for the switch link on every page.
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// Picks the text of this language from a pair stored in the database.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The user's choice (cookie) wins; otherwise the first of zh/en that the
    /// browser lists in Accept-Language; otherwise Chinese.
    pub fn negotiate(cookie: Option<&str>, accept_language: Option<&str>) -> Lang {
        if let Some(lang) = cookie.and_then(Lang::from_key) {
            return lang;
        }
        let Some(accept) = accept_language else {
            return Lang::Zh;
        };
        let mut best: Option<(f32, Lang)> = None;
        for part in accept.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let quality =
                pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
            let lang = if tag == "zh" || tag.starts_with("zh-") {
                Lang::Zh
            } else if tag == "en" || tag.starts_with("en-") {
                Lang::En
            } else {
                continue;
            };
            if best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, lang));
            }
        }
        best.map(|(_, lang)| lang).unwrap_or(Lang::Zh)
    }
}

/// Reads the cookie header for one cookie's value.
pub fn cookie_value<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts.headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(
        |pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then_some(v)
        },
    )
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let accept = parts.headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        Ok(Lang::negotiate(cookie_value(parts, LANG_COOKIE), accept))
    }
}

macro_rules! catalogue {
    ($($key:ident: $zh:expr, $en:expr;)*) => {
        /// All fixed strings of the UI in one language.
        pub struct Messages {
            pub lang: Lang,
            $(pub $key: &'static str,)*
        }
        pub static ZH: Messages = Messages { lang: Lang::Zh, $($key: $zh,)* };
        pub static EN: Messages = Messages { lang: Lang::En, $($key: $en,)* };
    };
}

catalogue! {
    app_name: "12333 劳动保障投诉工单系统", "12333 Labour and Social Security Complaints";
    bureau_name: "示范市人力资源和社会保障局", "Demo City Human Resources and Social Security Bureau";
    lang_switch: "English", "中文";
    nav_home: "首页", "Home";
    nav_file: "我要投诉", "File a complaint";
    nav_track: "查询进度", "Track a ticket";
    footer_hotline: "劳动保障咨询投诉电话 12333 · 所有时间均为北京时间", "Labour and social security hotline 12333 · all times are China time (UTC+8)";
    skip_to_content: "跳到正文", "Skip to content";
    error_summary_title: "提交的信息有误，请按提示修改：", "There is a problem with what you entered:";
    required_mark: "（必填）", "(required)";
    optional_mark: "（选填）", "(optional)";
    yes: "是", "Yes";
    no: "否", "No";
    choose: "请选择", "Please choose";
    back_home: "返回首页", "Back to the home page";

    home_title: "劳动保障投诉", "Labour and social security complaints";
    home_intro: "对社会保险经办、劳动保障监察和本局工作人员的问题，您可以在这里投诉。我们按工作日计算办理时限，您可以随时凭工单号查询进度。", "Here you can complain about social insurance services, labour-security enforcement and the conduct of this bureau's staff. Handling limits count in working days, and you can follow your ticket at any time with its number.";
    home_accepts: "我们受理以下投诉", "What we accept complaints about";
    home_handling_limit: "办理时限", "Handling limit";
    home_working_days: "个工作日", "working days";
    home_not_accepted: "以下事项不在受理范围：已进入诉讼、行政复议程序的事项；住房公积金（请拨 12329）、税务（请拨 12366）及其他部门事项（请拨 12345）；对政策本身的意见；已处理完毕且无新事实、新证据的事项（请走信访渠道）。", "Not accepted here: matters before a court or in administrative reconsideration; the housing provident fund (call 12329), tax (call 12366) or other departments (call 12345); opinions about a policy itself; matters already settled with no new facts or evidence (use the petition channel).";
    home_channels: "投诉渠道", "Ways to complain";
    channel_web_desc: "网上投诉：在本网站填写投诉表", "Online: fill in the form on this site";
    channel_hotline_desc: "拨打 12333 热线，由话务员代为登记", "Call the 12333 hotline and an agent records it for you";
    channel_12345_desc: "12345 政务服务便民热线转办", "Transferred from the 12345 government service hotline";
    channel_walk_in_desc: "到各区人社服务大厅现场投诉", "In person at a district service hall";
    channel_letter_desc: "来信投诉", "By letter";
    btn_file: "我要投诉", "File a complaint";
    btn_track: "查询工单进度", "Follow a ticket";

    channel_web: "网上投诉", "Web form";
    channel_hotline_12333: "12333 热线", "12333 hotline";
    channel_transfer_12345: "12345 转办", "12345 transfer";
    channel_walk_in: "现场投诉", "Walk-in";
    channel_letter: "来信", "Letter";

    screen_title: "投诉前请先回答三个问题", "Three questions before you complain";
    screen_intro: "这些问题帮助判断您的事项是否由本局受理。如不属于本局受理范围，我们会告诉您应向哪里反映。", "These questions tell whether this bureau can accept your matter. If it cannot, we tell you where to turn instead.";
    screen_q_legal: "该事项是否已由法院审理，或正在行政复议、行政诉讼程序中？", "Is the matter before a court, or in administrative reconsideration or litigation?";
    screen_q_topic: "您反映的事项属于哪一类？", "What is the matter about?";
    topic_social_security: "社会保险、劳动保障或本局的服务与工作人员", "Social insurance, labour security, or this bureau's services and staff";
    topic_housing_fund: "住房公积金", "The housing provident fund";
    topic_tax: "税务", "Tax";
    topic_other_department: "其他部门的事项", "Another department's matter";
    topic_policy_itself: "对政策规定本身有意见（而不是政策执行有偏差）", "The policy itself (not how it was carried out)";
    screen_q_settled: "该事项是否多年前已处理完毕，且您没有新的事实或证据？", "Was the matter settled years ago, with no new facts or evidence?";
    btn_continue: "继续", "Continue";

    refused_title: "本事项不在投诉受理范围", "This matter cannot be accepted as a complaint";
    refused_intro: "根据您的回答，本局不能将该事项作为投诉受理，也不会生成工单。", "From your answers, the bureau cannot accept this matter as a complaint, and no ticket has been created.";
    refused_where: "您可以这样办理：", "Where to turn instead:";
    btn_change_answers: "修改回答", "Change my answers";

    form_title: "填写投诉", "Your complaint";
    form_intro: "请如实填写投诉的六要素：时间、地点、人物、起因、经过、结果。带 * 的为必填项。", "Please state the six elements: when, where, who, the cause, the course of events and the result. Fields marked * are required.";
    section_matter: "投诉事项", "The matter";
    section_facts: "事实经过（六要素）", "What happened (the six elements)";
    section_complainant: "投诉人", "About you";
    section_respondent: "被投诉对象", "Whom you complain about";
    section_intake: "受理信息", "Intake";
    field_channel: "投诉渠道", "Channel";
    field_received_on: "收到日期", "Date received";
    hint_received_on: "来信或转办件按实际收到日期登记，时限从该日起算。格式：2026-11-25", "For a letter or transfer, the day it arrived: time limits count from it. Format: 2026-11-25";
    field_category: "投诉类别", "Category";
    field_district: "事发区域", "District";
    field_when: "时间", "When";
    hint_when: "事情发生的时间，例如：2026年10月起", "When it happened, e.g. since October 2026";
    field_where: "地点", "Where";
    hint_where: "事情发生的地点，例如：某区社保服务中心3号窗口", "Where it happened, e.g. window 3 of a district service centre";
    field_who: "人物", "Who";
    hint_who: "涉及的单位或人员", "The organisations or people involved";
    field_cause: "起因", "Cause";
    hint_cause: "事情因何而起", "How it started";
    field_course: "经过", "Course of events";
    hint_course: "事情的经过，包括您已经采取的行动", "What happened, including what you have already done";
    field_result: "结果", "Result";
    hint_result: "目前的结果或造成的影响", "The outcome so far, or the harm done";
    field_demand: "诉求", "What you ask for";
    hint_demand: "您希望本局做什么", "What you want the bureau to do";
    field_complainant_name: "姓名", "Name";
    field_id_number: "居民身份证号码", "Resident ID number";
    hint_id_number: "18 位，最后一位可能是 X", "18 characters; the last may be X";
    field_mobile: "手机号码", "Mobile number";
    hint_mobile: "用于接收短信通知和查询进度", "For text messages and to follow your ticket";
    field_respondent_kind: "对象类型", "Kind";
    respondent_employer: "用人单位", "Employer";
    respondent_bureau_office: "人社部门的窗口或机构", "A bureau office or service point";
    respondent_bureau_staff: "人社部门的工作人员", "A member of the bureau's staff";
    field_respondent_name: "单位或机构名称", "Name of the organisation";
    field_credit_code: "统一社会信用代码", "Unified social credit code";
    hint_credit_code: "18 位，投诉用人单位时必填，可在营业执照上找到", "18 characters, required for an employer; printed on its business licence";
    field_staff_name: "工作人员姓名", "Staff member's name";
    field_staff_number: "工号", "Staff number";
    hint_staff: "如知道请填写", "If you know it";
    field_earlier_ticket: "原工单号", "Earlier ticket number";
    hint_earlier_ticket: "仅对回复结果申诉时填写，例如 20261125-000042-7", "Only for an appeal against a reply, e.g. 20261125-000042-7";
    field_screening_topic: "事项类别", "Kind of matter";
    hint_length_prefix: "最多", "At most";
    hint_length_suffix: "字", "characters";
    btn_review: "下一步：核对信息", "Next: check your complaint";

    review_title: "请核对您的投诉", "Check your complaint";
    review_intro: "以下是将要登记的内容。确认无误后请点击“确认提交”，提交后将生成工单号；如需修改请点击“返回修改”。", "This is the record that will be stored. If it is right, confirm it to receive your ticket number; otherwise go back and correct it.";
    btn_edit: "返回修改", "Correct it";
    btn_confirm: "确认提交", "Confirm and submit";

    filed_title: "投诉已提交", "Your complaint has been filed";
    filed_ticket_no: "工单号", "Ticket number";
    filed_keep: "请记下工单号。凭工单号和手机号码可以随时查询办理进度。", "Please keep the ticket number. With it and your mobile number you can follow progress at any time.";
    filed_department: "承办部门", "Handling department";
    filed_received: "受理登记时间", "Received";
    filed_handling_due: "预计办结日期", "Expected answer by";
    filed_decision_due: "书面处理决定最迟日期", "Written decision at the latest by";
    filed_handling_note: "办理时限按工作日计算，节假日不计入。", "Handling limits count working days; public holidays do not count.";
    filed_misconduct_note: "涉及工作人员违规违纪的投诉由纪检监察机构办理，您也可以拨打 12388 反映。", "Complaints about staff misconduct are handled by the discipline inspection body; you may also call 12388.";
    btn_track_this: "查询此工单", "Follow this ticket";

    track_title: "查询工单进度", "Follow a ticket";
    track_intro: "请输入工单号和投诉时登记的手机号码。", "Enter the ticket number and the mobile number you gave when filing.";
    field_ticket_no: "工单号", "Ticket number";
    hint_ticket_no: "15 位数字，可带或不带连字符", "15 digits, with or without hyphens";
    btn_lookup: "查询", "Look up";
    track_not_found: "未找到与该工单号和手机号码相符的工单，请核对后再试。", "No ticket matches that ticket number and mobile number. Please check both and try again.";
    status_title: "工单进度", "Ticket progress";
    status_state: "当前状态", "Status";
    status_category: "投诉类别", "Category";
    status_complainant: "投诉人", "Complainant";
    status_history: "办理记录", "History";
    status_at: "时间", "Time";
    status_event: "事项", "Event";

    state_received: "已登记", "Received";
    state_accepted: "已受理", "Accepted";
    state_not_accepted: "不予受理", "Not accepted";
    state_assigned: "已分派", "Assigned";
    state_in_progress: "办理中", "In progress";
    state_awaiting_citizen: "待补充材料", "Awaiting your evidence";
    state_replied: "已答复", "Replied";
    state_closed: "已办结", "Closed";
    state_transferred: "已转办", "Transferred";
    state_reopened: "重新办理", "Reopened";

    event_filed: "投诉已登记", "Complaint registered";
    event_urged: "投诉人催办", "The complainant urged the ticket";
    event_deadline_recomputed: "节假日安排调整，时限已重新计算", "The holiday calendar changed; time limits were recomputed";
    calendar_title: "节假日日历", "Holiday calendar";
    calendar_add: "新增或更正一天", "Add or correct a day";
    calendar_date: "日期", "Date";
    calendar_kind: "类型", "Kind";
    day_holiday: "法定节假日（休息）", "Public holiday (off)";
    day_makeup: "调休上班", "Make-up workday";
    calendar_name_zh: "中文名称", "Chinese name";
    calendar_name_en: "英文名称", "English name";
    calendar_save: "保存并重新计算在办工单", "Save and recompute open tickets";
    calendar_remove: "删除", "Remove";
    calendar_saved: "日历已更新。重新计算时限的在办工单数：", "Calendar updated. Open tickets whose limits were recomputed:";
    calendar_form_error: "请填写有效日期、选择类型，并填写中英文名称。", "Give a valid date, choose a kind, and fill in both names.";
    calendar_ends_warning: "节假日日历即将用完，请尽快录入下一年度的安排。日历截止于", "The holiday calendar runs out soon: enter next year's notice. It ends on";
    calendar_empty_warning: "尚未录入节假日日历。", "No holiday calendar has been entered.";
    nav_calendar: "节假日日历", "Calendar";
    nav_dashboard: "督办看板", "Dashboard";
    nav_intake: "登记来电", "New intake";
    nav_password: "修改密码", "Change password";
    filter_all: "全部", "All";
    filter_mine: "我的", "Mine";
    filter_search: "搜索（工单号、被投诉单位、事实经过）", "Search (ticket number, respondent, statement)";
    filter_apply: "筛选", "Filter";
    next_page: "下一页", "Next page";
    password_title: "修改密码", "Change password";
    field_current_password: "当前密码", "Current password";
    field_new_password: "新密码（至少 10 个字符）", "New password (at least 10 characters)";
    field_repeat_password: "再次输入新密码", "Repeat the new password";
    btn_change_password: "修改密码并重新登录", "Change password and sign in again";
    password_wrong_current: "当前密码不正确。", "The current password is not correct.";
    password_too_short: "新密码至少需要 10 个字符。", "The new password needs at least 10 characters.";
    password_mismatch: "两次输入的新密码不一致。", "The two new passwords differ.";
    dashboard_title: "督办看板", "Supervision dashboard";
    report_total: "全部", "All";
    report_by_department: "按部门", "By department";
    report_by_caseworker: "按承办人", "By caseworker";
    report_group: "分组", "Group";
    report_name: "名称", "Name";
    report_open: "在办", "Open";
    report_handling_due_today: "办理时限今日到期", "Handling due today";
    report_handling_due_soon: "办理时限即将到期", "Handling due soon";
    report_handling_overdue: "办理时限已超期", "Handling overdue";
    report_decision_due_today: "决定时限今日到期", "Decision due today";
    report_decision_due_soon: "决定时限即将到期", "Decision due soon";
    report_decision_overdue: "决定时限已超期", "Decision overdue";
    report_csv: "导出 CSV", "Export CSV";
    reports_title: "统计报表", "Reports";
    report_from: "起始日期", "From";
    report_to: "截止日期", "To";
    report_period_title: "期间内登记的工单", "Tickets received";
    report_received: "登记", "Received";
    report_handling_on_time: "办理按期率", "Handling on time";
    report_decision_on_time: "决定按期率", "Decision on time";
    report_extensions: "延期 批准/申请", "Extensions approved / requested";
    report_urges: "催办", "Urges";
    report_satisfaction: "满意/基本满意/不满意", "Satisfied / basically / not";
    report_on_time_note: "按期率 = 按期办结 ÷（按期办结 + 超期办结 + 目前已超期未办结）。", "On time = met ÷ (met + missed + overdue and still open).";
    report_aging_title: "在办工单账龄（自登记起的天数）", "Open tickets by age (days since receipt)";
    trend_title: "近 12 周趋势（按周）", "The last 12 weeks";
    trend_received: "登记", "Received";
    trend_closed: "办结", "Closed";
    trend_overdue: "办理超期", "Became overdue";
    routing_title: "分派规则", "Routing rules";
    bureau_title: "机构、类别与账号", "Bureau, categories and accounts";
    note_label: "内部备注（不向投诉人显示）", "Internal note (never shown to the complainant)";
    note_add: "添加备注", "Add note";
    event_note: "内部备注", "Internal note";
    bureau_categories: "投诉类别与时限", "Categories and their limits";
    bureau_limits_note: "修改只影响此后登记的工单；已登记工单按登记时的时限计算。", "Changes apply to tickets filed from now on; filed tickets keep the limits they were filed under.";
    bureau_departments: "部门", "Departments";
    bureau_department_id: "部门代码（小写字母、数字、下划线）", "Code (lower-case letters, digits, underscore)";
    bureau_users: "工作人员账号", "Staff accounts";
    bureau_display_name: "姓名", "Display name";
    bureau_role: "角色", "Role";
    bureau_initial_password: "初始密码（至少 10 个字符）", "Initial password (at least 10 characters)";
    bureau_add: "新增", "Add";
    bureau_wide: "全局（不属于某一部门）", "Bureau-wide";
    role_agent: "12333 话务员", "12333 agent";
    role_caseworker: "承办人员", "Caseworker";
    role_supervisor: "督办人员", "Supervisor";
    role_admin: "系统管理员", "Administrator";
    unit_working_days: "工作日", "working days";
    unit_calendar_days: "自然日", "calendar days";
    calendar_save_short: "保存", "Save";
    admin_invalid: "输入有误", "Invalid input";
    admin_duplicate: "已存在", "Already exists";
    routing_intro: "规则按顺序匹配，第一条全部条件都满足的规则决定承办部门；无条件的默认规则最后匹配。工作人员违规违纪一律由纪检监察机构办理，申诉由原答复部门办理。", "Rules are tried in order; the first whose every condition holds names the department. Default rules (no conditions) come last. Staff misconduct always goes to discipline inspection, and an appeal to the department that replied.";
    routing_priority: "优先级", "Priority";
    routing_conditions: "条件", "Conditions";
    routing_note: "说明", "Note";
    routing_default: "（默认规则：无条件）", "(default rule: no conditions)";
    routing_enable: "启用", "Enable";
    routing_disable: "停用", "Disable";
    routing_try: "试一试：用样例投诉检验规则", "Try a sample complaint against the rules";
    routing_facts: "事实经过（用于关键词）", "Statement (for keywords)";
    routing_try_button: "检验", "Try";
    routing_no_match: "没有规则匹配，且没有默认规则。", "No rule matches and there is no default rule.";
    routing_new: "新增规则", "New rule";
    routing_keywords: "关键词（逗号分隔，任一出现即匹配）", "Keywords (comma-separated; any one matches)";
    routing_create: "保存规则", "Save rule";
    routing_form_error: "请填写整数优先级、选择有效的部门，区域代码只能是数字。", "Give a whole-number priority and a valid department; a district prefix is digits only.";
    event_rated: "投诉人评价答复", "The complainant rated the reply";
    event_appealed: "投诉人对答复提出申诉", "The complainant appealed against the reply";
    btn_urge: "催办", "Urge";
    urge_hint: "工单已超过办理时限，您可以催办（每个工作日一次）。", "This ticket is past its time limit: you may urge it (once per working day).";
    urge_done: "已收到您的催办，我们已通知承办人员。", "Your urge has been received and the caseworker has been told.";
    urge_already: "今天已经催办过了，请下一个工作日再催办。", "You have already urged this ticket today; you may urge again on the next working day.";
    urge_not_overdue: "工单尚未超期，暂不能催办。", "The ticket is not overdue, so it cannot be urged yet.";
    rate_title: "评价答复", "Rate the reply";
    field_rating: "您对答复是否满意？", "Are you satisfied with the reply?";
    rating_satisfied: "满意", "Satisfied";
    rating_basically_satisfied: "基本满意", "Basically satisfied";
    rating_not_satisfied: "不满意", "Not satisfied";
    field_comment: "意见（选填）", "Comment (optional)";
    btn_rate: "提交评价", "Submit rating";
    rate_done: "感谢您的评价。", "Thank you for your rating.";
    rate_already: "您已经评价过这份答复。", "You have already rated this reply.";
    rate_not_replied: "工单尚未答复，暂不能评价。", "The ticket has not been answered yet.";
    your_rating: "您的评价", "Your rating";
    appeal_title: "对答复提出申诉", "Appeal against the reply";
    appeal_hint: "如对答复不满意，可在答复后 30 日内提出申诉，申诉将交原答复部门重新审查。", "If you are not satisfied, you may appeal within 30 days of the reply; the department that replied re-examines it.";
    field_appeal_reason: "申诉理由", "Why you appeal";
    btn_appeal: "提出申诉", "Appeal";
    appeal_done: "申诉已登记，新工单号：", "Your appeal is registered; its ticket number is ";
    appeal_closed: "该答复目前不能申诉。", "This reply cannot be appealed now.";
    appeal_already: "您已经对这份答复提出过申诉。", "You have already appealed against this reply.";

    error_not_found_title: "未找到", "Not found";
    error_not_found: "您要找的页面或记录不存在。", "The page or record you asked for does not exist.";
    error_forbidden_title: "无权访问", "Not allowed";
    error_forbidden: "您没有权限进行此操作。", "You are not allowed to do this.";
    error_conflict_title: "操作冲突", "Conflict";
    error_bad_request_title: "请求有误", "Bad request";
    error_too_large_title: "提交的内容过大", "Too much sent";
    error_too_large: "提交的内容超过了系统可接收的大小，请删减后再试。", "What was sent is larger than the system accepts. Please shorten it and try again.";
    error_unavailable_title: "暂时无法服务", "Temporarily unavailable";
    error_internal_title: "系统错误", "Something went wrong";
    error_internal: "系统出现错误，您的操作没有生效。请稍后再试，或拨打 12333。", "Something went wrong and nothing was changed. Please try again later, or call 12333.";
    error_unprocessable_title: "信息有误", "Invalid input";
    conflict_stale: "其他人刚刚修改了这张工单，请刷新页面后再操作。", "Someone else changed this ticket just now. Please reload it and try again.";
    refusal_state: "工单当前状态下不能进行此操作。", "This action is not possible in the ticket's current state.";
    refusal_role: "您的角色不能进行此操作。", "Your role cannot take this action.";
    refusal_evidence_twice: "补充材料只能要求一次。", "Evidence can be requested only once.";
    refusal_extension_used: "延期只能申请一次，本工单已经申请过。", "An extension can be requested only once, and this ticket has had one.";
    refusal_no_extension: "没有待审批的延期申请。", "There is no extension request awaiting a decision.";
    refusal_extension_pending: "已有一个延期申请正在等待审批。", "An extension request is already awaiting a decision.";
    error_throttled_title: "尝试次数过多", "Too many attempts";

    nav_staff: "工作人员入口", "Staff";
    nav_queue: "工单队列", "Queue";
    nav_sign_out: "退出", "Sign out";
    sign_in_title: "工作人员登录", "Staff sign-in";
    sign_in_required: "请先登录。", "Please sign in first.";
    field_username: "用户名", "Username";
    field_password: "密码", "Password";
    btn_sign_in: "登录", "Sign in";
    sign_in_failed: "用户名或密码不正确。", "The username or password is not correct.";
    sign_in_throttled: "登录失败次数过多，请 15 分钟后再试。", "Too many failed sign-ins. Please try again in 15 minutes.";
    csrf_rejected: "表单已过期，请刷新页面后重新提交。", "This form has expired. Please reload the page and submit again.";

    queue_title: "工单队列", "Work queue";
    queue_empty: "没有待办工单。", "No open tickets.";
    col_ticket: "工单号", "Ticket";
    col_category: "类别", "Category";
    col_state: "状态", "Status";
    col_department: "承办部门", "Department";
    col_handling: "办理时限", "Handling limit";
    col_decision: "决定时限", "Decision limit";
    col_complainant: "投诉人", "Complainant";
    col_received: "登记时间", "Received";
    col_assignee: "承办人", "Caseworker";
    col_overdue_by: "超期", "Overdue by";
    days_left_suffix: "剩余", "left";
    days_over_suffix: "已超期", "overdue";

    clock_on_track: "正常", "On track";
    clock_due_soon: "即将到期", "Due soon";
    clock_overdue: "已超期", "Overdue";
    clock_met: "按期办结", "Met";
    clock_missed: "超期办结", "Missed";
    clock_paused: "暂停计时", "Paused";

    ticket_title: "工单详情", "Ticket";
    section_statement: "投诉内容", "The statement";
    section_clocks: "时限", "Time limits";
    section_routing: "分派依据", "Routing";
    section_actions: "可进行的操作", "Actions";
    section_history: "办理记录（含内部记录）", "History (including internal entries)";
    section_reply: "答复内容", "Reply";
    btn_show_full: "显示完整个人信息（将记入审计）", "Show personal data in full (audited)";
    field_reason: "理由或说明", "Reason or note";
    field_reply: "答复内容", "Reply to the citizen";
    field_target_department: "转至部门", "Transfer to";
    field_assignee: "承办人", "Assignee";
    field_extension_days: "延期天数（最多 30 天）", "Extension days (at most 30)";
    btn_approve: "批准", "Approve";
    btn_reject: "不批准", "Reject";
    assignee_label: "承办人", "Assignee";
    unassigned: "未分派", "Unassigned";
    extension_label: "延期", "Extension";
    extension_pending: "待审批", "awaiting a decision";
    extension_approved: "已批准", "approved";
    extension_rejected: "未批准", "rejected";
    routed_by_rule: "规则", "rule";
    routed_default: "默认规则", "the default rule";
    routed_misconduct: "工作人员违规违纪一律由纪检监察机构办理", "staff misconduct always goes to the discipline inspection body";
    routed_appeal: "申诉由原答复部门办理", "an appeal goes to the department that replied";
    routed_to: "分派至", "Routed to";
    history_actor: "操作人", "By";
    actor_citizen: "投诉人", "Complainant";
    actor_system: "系统", "System";

    action_accept: "受理", "Accept";
    action_refuse: "不予受理", "Refuse";
    action_assign: "分派", "Assign";
    action_claim: "认领", "Claim";
    action_start: "开始办理", "Start work";
    action_request_evidence: "要求补充材料（暂停计时）", "Ask for evidence (pauses the clock)";
    action_evidence_received: "材料已补齐（恢复计时）", "Evidence received (resume the clock)";
    action_transfer: "转办", "Transfer";
    action_transfer_outside: "移交外部机关（结束工单）", "Hand to an outside body (ends the ticket)";
    action_reply: "答复", "Reply";
    action_close: "办结", "Close";
    action_reopen: "重新办理", "Reopen";
    action_request_extension: "申请延期", "Request an extension";
    action_decide_extension: "审批延期", "Decide the extension";

    event_evidence_received: "材料已补齐，恢复计时", "Evidence received; the clock runs again";
    event_transferred_outside: "已移交外部机关", "Handed to an outside body";
    event_extension_requested: "申请延期", "Extension requested";
    event_extension_approved: "处理期限已延长", "Decision limit extended";
    event_extension_rejected: "延期未获批准", "Extension rejected";
    event_viewed_personal_data: "查看完整个人信息", "Viewed personal data in full";
    event_forbidden_access: "越权访问被拒绝", "Access refused";
}

impl Messages {
    pub fn channel_name(&self, key: &str) -> &'static str {
        match key {
            "web" => self.channel_web,
            "hotline_12333" => self.channel_hotline_12333,
            "transfer_12345" => self.channel_transfer_12345,
            "walk_in" => self.channel_walk_in,
            "letter" => self.channel_letter,
            _ => "",
        }
    }

    pub fn respondent_kind_name(&self, key: &str) -> &'static str {
        match key {
            "employer" => self.respondent_employer,
            "bureau_office" => self.respondent_bureau_office,
            "bureau_staff" => self.respondent_bureau_staff,
            _ => "",
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

    pub fn state_name(&self, key: &str) -> &'static str {
        match key {
            "received" => self.state_received,
            "accepted" => self.state_accepted,
            "not_accepted" => self.state_not_accepted,
            "assigned" => self.state_assigned,
            "in_progress" => self.state_in_progress,
            "awaiting_citizen" => self.state_awaiting_citizen,
            "replied" => self.state_replied,
            "closed" => self.state_closed,
            "transferred" => self.state_transferred,
            "reopened" => self.state_reopened,
            _ => "",
        }
    }

    pub fn event_name(&self, action: &str) -> &'static str {
        match action {
            "filed" => self.event_filed,
            "evidence_received" => self.event_evidence_received,
            "transferred_outside" => self.event_transferred_outside,
            "extension_requested" => self.event_extension_requested,
            "extension_approved" => self.event_extension_approved,
            "extension_rejected" => self.event_extension_rejected,
            "viewed_personal_data" => self.event_viewed_personal_data,
            "urged" => self.event_urged,
            "note" => self.event_note,
            "deadline_recomputed" => self.event_deadline_recomputed,
            "rated" => self.event_rated,
            "appealed" => self.event_appealed,
            "forbidden_access" => self.event_forbidden_access,
            other => self.state_name(other),
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
            _ => "",
        }
    }

    pub fn conflict(&self, conflict: &crate::web::error::Conflict) -> String {
        use crate::web::error::Conflict;
        match conflict {
            Conflict::StaleVersion => self.conflict_stale.to_string(),
            Conflict::Refused(refusal) => self.refusal_of_action(*refusal).to_string(),
        }
    }

    pub fn refusal_of_action(&self, refusal: crate::domain::workflow::Refusal) -> &'static str {
        use crate::domain::workflow::Refusal::*;
        match refusal {
            NotAllowedInState => self.refusal_state,
            NotAllowedForRole => self.refusal_role,
            EvidenceAlreadyRequested => self.refusal_evidence_twice,
            ExtensionAlreadyUsed => self.refusal_extension_used,
            NoExtensionPending => self.refusal_no_extension,
            ExtensionAlreadyPending => self.refusal_extension_pending,
        }
    }

    pub fn action_name(&self, action: crate::domain::workflow::Action) -> &'static str {
        use crate::domain::workflow::Action::*;
        match action {
            Accept => self.action_accept,
            Refuse => self.action_refuse,
            Assign => self.action_assign,
            Claim => self.action_claim,
            Start => self.action_start,
            RequestEvidence => self.action_request_evidence,
            EvidenceReceived => self.action_evidence_received,
            Transfer => self.action_transfer,
            TransferOutside => self.action_transfer_outside,
            Reply => self.action_reply,
            Close => self.action_close,
            Reopen => self.action_reopen,
            RequestExtension => self.action_request_extension,
            DecideExtension => self.action_decide_extension,
        }
    }

    pub fn problem_required(&self) -> &'static str {
        match self.lang {
            Lang::Zh => "此项必须填写。",
            Lang::En => "This is required.",
        }
    }

    pub fn rating_name(&self, key: &str) -> &'static str {
        match key {
            "satisfied" => self.rating_satisfied,
            "basically_satisfied" => self.rating_basically_satisfied,
            "not_satisfied" => self.rating_not_satisfied,
            _ => "",
        }
    }

    pub fn clock_name(&self, key: &str) -> &'static str {
        match key {
            "on_track" => self.clock_on_track,
            "due_soon" => self.clock_due_soon,
            "overdue" => self.clock_overdue,
            "met" => self.clock_met,
            "missed" => self.clock_missed,
            "paused" => self.clock_paused,
            _ => "",
        }
    }

    pub fn length_hint(&self, max: usize) -> String {
        format!("{} {max} {}", self.hint_length_prefix, self.hint_length_suffix)
    }

    pub fn working_days(&self, n: i64) -> String {
        match self.lang {
            Lang::Zh => format!("{n} 个工作日"),
            Lang::En if n == 1 => "1 working day".to_string(),
            Lang::En => format!("{n} working days"),
        }
    }

    pub fn calendar_days(&self, n: i64) -> String {
        match self.lang {
            Lang::Zh => format!("{n} 天"),
            Lang::En if n == 1 => "1 day".to_string(),
            Lang::En => format!("{n} days"),
        }
    }

    /// So many days of a limit, in the limit's own unit.
    pub fn days_in(&self, unit: crate::domain::deadline::LimitUnit, n: i64) -> String {
        match unit {
            crate::domain::deadline::LimitUnit::WorkingDays => self.working_days(n),
            crate::domain::deadline::LimitUnit::CalendarDays => self.calendar_days(n),
        }
    }

    /// Where the citizen is sent for a refused situation (DOMAIN.md).
    pub fn refusal(&self, reason: RefusalReason) -> (&'static str, &'static str) {
        use RefusalReason::*;
        match (self.lang, reason) {
            (Lang::Zh, InLegalProcedure) => {
                ("该事项已进入诉讼、行政复议或行政诉讼程序。", "请通过该法定程序继续办理，本局不再作为投诉受理。")
            }
            (Lang::En, InLegalProcedure) => (
                "The matter is before a court, or in administrative reconsideration or litigation.",
                "It is handled by that procedure; the bureau does not take it as a complaint.",
            ),
            (Lang::Zh, HousingFund) => ("住房公积金事项不属于人社部门职责。", "请拨打住房公积金服务热线 12329。"),
            (Lang::En, HousingFund) => (
                "The housing provident fund is not a social-security matter.",
                "Please call the housing provident fund hotline 12329.",
            ),
            (Lang::Zh, Tax) => ("税务事项不属于人社部门职责。", "请拨打纳税服务热线 12366。"),
            (Lang::En, Tax) => ("Tax is not a social-security matter.", "Please call the tax service hotline 12366."),
            (Lang::Zh, OtherDepartment) => {
                ("该事项属于其他部门职责。", "请拨打 12345 政务服务便民热线，由其转交主管部门。")
            }
            (Lang::En, OtherDepartment) => (
                "The matter belongs to another department.",
                "Please call the 12345 government service hotline, which passes it to the right department.",
            ),
            (Lang::Zh, PolicyItself) => {
                ("对政策规定本身的意见不属于投诉。", "您可以向人民代表大会或人民政府提出意见建议。")
            }
            (Lang::En, PolicyItself) => (
                "An opinion about a policy itself is not a complaint.",
                "You may send it as a suggestion to the people's congress or the government.",
            ),
            (Lang::Zh, SettledWithoutNewFacts) => {
                ("该事项已处理完毕，且没有新的事实或证据。", "如仍有异议，请通过信访渠道反映。")
            }
            (Lang::En, SettledWithoutNewFacts) => (
                "The matter was settled earlier and there are no new facts or evidence.",
                "If you still disagree, please use the petition (xinfang) channel.",
            ),
        }
    }

    /// The message shown beside a field for one problem.
    pub fn problem(&self, problem: Problem) -> String {
        let zh = self.lang == Lang::Zh;
        let pick = |zh_text: &str, en_text: &str| if zh { zh_text.to_string() } else { en_text.to_string() };
        match problem {
            Problem::Required => pick("此项必须填写。", "This is required."),
            Problem::TooLong { max } => {
                if zh {
                    format!("不能超过 {max} 个字。")
                } else {
                    format!("Must be at most {max} characters.")
                }
            }
            Problem::UnknownChoice => pick("请从列表中选择。", "Please choose one of the options."),
            Problem::ResidentId(e) => match e {
                ResidentIdError::Empty => pick("此项必须填写。", "This is required."),
                ResidentIdError::Length => pick("身份证号码应为 18 位。", "A resident ID number has 18 characters."),
                ResidentIdError::Characters => pick(
                    "身份证号码前 17 位应为数字，最后一位为数字或 X。",
                    "The first 17 characters must be digits and the last a digit or X.",
                ),
                ResidentIdError::Province => pick(
                    "身份证号码的前两位不是有效的省级行政区代码。",
                    "The first two digits are not a valid province code.",
                ),
                ResidentIdError::BirthDate => pick(
                    "身份证号码中的出生日期（第 7–14 位）无效。",
                    "The birth date in the number (characters 7–14) is not a valid date.",
                ),
                ResidentIdError::CheckDigit => pick(
                    "身份证号码校验位不正确，请逐位核对。",
                    "The check character does not match; please check every digit.",
                ),
            },
            Problem::CreditCode(e) => match e {
                CreditCodeError::Empty => pick("此项必须填写。", "This is required."),
                CreditCodeError::Length => {
                    pick("统一社会信用代码应为 18 位。", "A unified social credit code has 18 characters.")
                }
                CreditCodeError::Characters => pick(
                    "统一社会信用代码只能包含数字和大写字母（不含 I、O、Z、S、V）。",
                    "Only digits and capital letters other than I, O, Z, S and V are allowed.",
                ),
                CreditCodeError::CheckCharacter => pick(
                    "统一社会信用代码校验位不正确，请核对。",
                    "The check character does not match; please check the code.",
                ),
            },
            Problem::Mobile(e) => match e {
                MobileError::Empty => pick("此项必须填写。", "This is required."),
                MobileError::Format => pick(
                    "请填写 11 位手机号码，例如 13812345678。",
                    "Enter an 11-digit mobile number, e.g. 13812345678.",
                ),
            },
            Problem::District(e) => match e {
                DistrictCodeError::Empty => pick("此项必须填写。", "This is required."),
                DistrictCodeError::Format | DistrictCodeError::Province => {
                    pick("区域代码应为 6 位行政区划代码。", "A district is a 6-digit administrative division code.")
                }
            },
            Problem::UnknownDistrict => pick("请选择本市的一个区。", "Please choose one of the city's districts."),
            Problem::TicketNo(e) => match e {
                TicketNoError::Empty => pick("此项必须填写。", "This is required."),
                TicketNoError::Format => pick("工单号应为 15 位数字。", "A ticket number has 15 digits."),
                TicketNoError::Date => {
                    pick("工单号前 8 位应为日期。", "The first 8 digits of a ticket number are a date.")
                }
                TicketNoError::CheckDigit => pick(
                    "工单号有误（校验位不符），请逐位核对。",
                    "That ticket number is mistyped (its check digit does not match); please check every digit.",
                ),
            },
            Problem::EarlierTicketRequired => {
                pick("对回复结果申诉时，请填写原工单号。", "An appeal must give the earlier ticket number.")
            }
            Problem::EarlierTicketNotFound => {
                pick("未找到该原工单，请核对工单号。", "No ticket has that number; please check it.")
            }
            Problem::CreditCodeRequired => pick(
                "投诉用人单位时，请填写其统一社会信用代码。",
                "For an employer, give its unified social credit code.",
            ),
            Problem::BadDate => pick("请按 2026-11-25 的格式填写日期。", "Enter a date like 2026-11-25."),
            Problem::DateInFuture => pick("日期不能晚于今天。", "The date cannot be after today."),
            Problem::DateTooOld => pick("日期不能早于一年前。", "The date cannot be more than a year ago."),
            Problem::StaffOnly => pick("此项只能由工作人员填写。", "Only staff can set this."),
            Problem::OutOfRange { max } => {
                if zh {
                    format!("请填写 0 到 {max} 之间的整数。")
                } else {
                    format!("Enter a whole number from 0 to {max}.")
                }
            }
            Problem::ExactlyOneOf => pick(
                "请给出 working_days 或 calendar_days 两者之一。",
                "Give exactly one of working_days or calendar_days.",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_the_default_and_the_cookie_wins() {
        assert_eq!(Lang::negotiate(None, None), Lang::Zh);
        assert_eq!(Lang::negotiate(None, Some("fr-FR,de;q=0.8")), Lang::Zh);
        assert_eq!(Lang::negotiate(None, Some("en-US,en;q=0.9")), Lang::En);
        assert_eq!(Lang::negotiate(None, Some("en;q=0.5,zh-CN;q=0.9")), Lang::Zh);
        assert_eq!(Lang::negotiate(Some("zh"), Some("en-US")), Lang::Zh);
        assert_eq!(Lang::negotiate(Some("en"), None), Lang::En);
        assert_eq!(Lang::negotiate(Some("xx"), Some("en")), Lang::En);
    }

    #[test]
    fn every_form_field_has_a_label_in_both_languages() {
        for field in crate::web::forms::COMPLAINT_FIELDS {
            assert!(!ZH.field_label(field).is_empty(), "{field}");
            assert!(!EN.field_label(field).is_empty(), "{field}");
        }
    }
}
