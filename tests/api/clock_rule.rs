//! One reading of the clocks, everywhere: a labour-security inspection
//! accepted on time is not late once its last day to accept has passed, so
//! the citizen cannot urge it and nobody hears of an urge until its
//! investigation runs out. And the figures the database counts at scale
//! agree ticket by ticket with the rule in `domain::clock_state`, over
//! tickets taken through random histories.

use crate::helpers::{complaint_json, complaint_with, Page, TestApp, CASEWORKER};
use chrono::{Days, NaiveDate, TimeZone, Utc};
use hotline::clock::Clock;
use hotline::domain::clock_state::{ClockState, TicketClocks};
use hotline::domain::figures::PeriodFigure;
use hotline::domain::workflow::effects::{apply, Command};
use hotline::domain::workflow::{allowed_actions, transition, Action, Role};
use hotline::store::reports::{self, Figure};
use hotline::store::tickets::{self, AssigneeFilter, ClockColumn, FigureFilter, QueueClock, QueueFilter, Ticket};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeSet;

crate::on_both_backends!(
    an_inspection_accepted_in_time_is_urged_only_once_its_investigation_runs_out,
    the_counted_figures_follow_the_clock_rule_ticket_by_ticket,
);

async fn urged_notices(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'urged'").await
}

async fn an_inspection_accepted_in_time_is_urged_only_once_its_investigation_runs_out(app: TestApp) {
    // Filed Wednesday 11-25: to be accepted by Wednesday 12-02.
    let form = complaint_with(&[("category", "labour_inspection"), ("facts.cause", "公司拖欠工资三个月")]);
    let no = app.file_complaint(&form).await.text_of("ticket-no");
    let id = app.ticket_id(&no).await;
    // Accepted on Friday 11-27: the investigation runs to 2027-02-19.
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 27, 2, 0, 0).unwrap());
    let caseworker = app.sign_in_as(CASEWORKER).await;
    assert_eq!(caseworker.accept(&id).await.status(), 303);

    // Thursday 12-03: the last day to accept has passed, but it was met.
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 3, 2, 0, 0).unwrap());
    let status = Page::of(app.track(&no).await).await;
    assert_eq!(status.text_of("handling-clock"), "按期办结");
    assert!(status.text_of("decision-clock").starts_with("正常"), "{}", status.text_of("decision-clock"));
    assert!(!status.has("#urge"), "nothing to urge");
    let refused = app.urge(&no).await;
    assert_eq!(refused.status(), 409);
    assert!(refused.text().await.unwrap().contains("尚未超期"));
    assert_eq!(urged_notices(&app).await, 0, "nobody is told of an urge");
    assert_eq!(app.count("SELECT COUNT(*) FROM urges").await, 0);
    let queue = caseworker.page("/staff").await;
    assert!(!queue.has(".badge.overdue"), "the queue agrees");

    // Monday 2027-02-22: the investigation ran out on Friday.
    app.clock.set(Utc.with_ymd_and_hms(2027, 2, 22, 2, 0, 0).unwrap());
    let status = Page::of(app.track(&no).await).await;
    assert!(status.text_of("decision-clock").starts_with("已超期"));
    assert!(status.has("#urge"), "the urge is offered");
    assert_eq!(app.urge(&no).await.status(), 200);
    let notice: String = sqlx::query_scalar(
        "SELECT recipient FROM notifications WHERE kind = 'urged' AND recipient_kind = 'caseworker'",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    let holder: String = sqlx::query_scalar("SELECT assignee_id FROM tickets WHERE id = $1")
        .bind(&id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(notice, holder, "the caseworker who accepted it hears of the urge");
}

/// The command a member submits for `action`, with valid input; None for
/// the actions these histories leave out (assignments and transfers name
/// other people and departments).
fn command(action: Action, approve: bool) -> Option<Command> {
    let reason = "核实情况".to_string();
    Some(match action {
        Action::Accept => Command::Accept,
        Action::Refuse => Command::Refuse { reason },
        Action::Claim => Command::Claim,
        Action::Start => Command::Start,
        Action::RequestEvidence => Command::RequestEvidence { what: reason },
        Action::EvidenceReceived => Command::EvidenceReceived,
        Action::TransferOutside => Command::TransferOutside { reason },
        Action::Reply => Command::Reply { text: "已办结".into() },
        Action::Close => Command::Close,
        Action::Reopen => Command::Reopen { reason },
        Action::RequestExtension => Command::RequestExtension { days: 30, reason },
        Action::DecideExtension => Command::DecideExtension { approve, reason },
        Action::Assign | Action::Transfer => return None,
    })
}

/// Takes a stored ticket through up to ten random actions, days or weeks
/// apart, by a caseworker or a supervisor, and stores the result.
async fn random_history(app: &TestApp, rng: &mut StdRng, ticket: Ticket, actors: &[String; 2]) {
    let cal = app.db.reference().current(&app.db).await.unwrap().calendar.clone();
    let mut lifecycle = ticket.lifecycle();
    let mut today = ticket.received_on;
    for _ in 0..rng.gen_range(0..10) {
        // Now and then a long silence, so that some decisions come late.
        today = today + Days::new(if rng.gen_bool(0.1) { rng.gen_range(30..70) } else { rng.gen_range(0..20) });
        let (role, actor) =
            if rng.gen_bool(0.7) { (Role::Caseworker, &actors[0]) } else { (Role::Supervisor, &actors[1]) };
        let offered = allowed_actions(lifecycle.state, role, lifecycle.flags_for(actor));
        let doable: Vec<(Action, Command)> =
            offered.into_iter().filter_map(|a| command(a, rng.gen_bool(0.5)).map(|c| (a, c))).collect();
        if doable.is_empty() {
            continue;
        }
        let (action, command) = doable[rng.gen_range(0..doable.len())].clone();
        let next = transition(lifecycle.state, action, role, lifecycle.flags_for(actor)).expect("offered");
        lifecycle = apply(command, &lifecycle, next, actor, today, &cal).after;
    }
    let after = ticket.with_lifecycle(lifecycle);
    let mut conn = app.db.pool().acquire().await.unwrap();
    assert!(tickets::update_lifecycle(&mut conn, &after, ticket.version, app.clock.now()).await.unwrap());
}

type Ids = BTreeSet<String>;

/// The tickets a dashboard or period figure lists, as the database selects them.
async fn listed(app: &TestApp, filter: FigureFilter<'_>) -> Ids {
    let mut conn = app.db.pool().acquire().await.unwrap();
    tickets::figure_list(&mut conn, &filter).await.unwrap().into_iter().map(|t| t.id).collect()
}

async fn the_counted_figures_follow_the_clock_rule_ticket_by_ticket(app: TestApp) {
    let mut rng = StdRng::seed_from_u64(12333);
    // Sixty tickets received on days from September to November 2026, a
    // third of them labour-security inspections.
    let mut received = Vec::new();
    for n in 0..60u64 {
        let day = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap() + Days::new(rng.gen_range(0..90));
        app.clock.set(Utc.from_utc_datetime(&day.and_hms_opt(2, 0, 0).unwrap()));
        let mut body = complaint_json();
        body["facts"]["when"] = serde_json::json!(format!("第{n}次"));
        if n % 3 == 0 {
            body["category"] = serde_json::json!("labour_inspection");
        }
        let filed = app.post_json("/api/v1/complaints", &body).await;
        assert_eq!(filed.status(), 201);
        let no = filed.json::<serde_json::Value>().await.unwrap()["ticket_no"].as_str().unwrap().to_string();
        received.push(app.ticket_id(&no).await);
    }
    let actors: [String; 2] = [
        sqlx::query_scalar("SELECT id FROM users WHERE username = 'caseworker'")
            .fetch_one(app.db.pool())
            .await
            .unwrap(),
        sqlx::query_scalar("SELECT id FROM users WHERE username = 'supervisor'")
            .fetch_one(app.db.pool())
            .await
            .unwrap(),
    ];
    for id in &received {
        let ticket = {
            let mut conn = app.db.pool().acquire().await.unwrap();
            tickets::find_by_id(&mut conn, id).await.unwrap().unwrap()
        };
        random_history(&app, &mut rng, ticket, &actors).await;
    }
    let stored: Vec<Ticket> = {
        let mut conn = app.db.pool().acquire().await.unwrap();
        let mut all = Vec::new();
        for id in &received {
            all.push(tickets::find_by_id(&mut conn, id).await.unwrap().unwrap());
        }
        all
    };
    let cal = app.db.reference().current(&app.db).await.unwrap().calendar.clone();
    let (from, to) = (NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());

    let mut seen = BTreeSet::new();
    // Looked at every eleventh day from September to March.
    let days = (0..18).map(|n| NaiveDate::from_ymd_opt(2026, 9, 10).unwrap() + Days::new(11 * n));
    for today in days {
        let soon_until = cal.add_working_days(today, 2);
        let rule = |pick: &dyn Fn(&Ticket, &TicketClocks) -> bool| -> Ids {
            stored.iter().filter(|t| pick(t, &t.clocks())).map(|t| t.id.clone()).collect()
        };
        let on = |c: &TicketClocks| c.on(&cal, today, 2);
        let open = |c: &TicketClocks| c.state.is_open();
        let figure = |clock: ClockColumn, figure: Figure| FigureFilter {
            department_id: None,
            assignee: AssigneeFilter::Anyone,
            clock,
            figure,
            today,
            soon_until,
            received_between: None,
            period_figure: None,
            after: None,
            limit: 1000,
        };
        let due_on = |t: &Ticket, clock: ClockColumn| match clock {
            ClockColumn::Handling => t.handling_due_on,
            ClockColumn::Decision => Some(t.decision_due_on),
        };
        for clock in [ClockColumn::Handling, ClockColumn::Decision] {
            let state = move |c: &TicketClocks| match clock {
                ClockColumn::Handling => on(c).handling,
                ClockColumn::Decision => on(c).decision,
            };
            let expected = [
                (Figure::Open, rule(&|_, c| open(c))),
                (Figure::Overdue, rule(&|_, c| open(c) && state(c) == ClockState::Overdue)),
                (
                    Figure::DueToday,
                    rule(&|t, c| open(c) && state(c) == ClockState::DueSoon && due_on(t, clock) == Some(today)),
                ),
                (
                    Figure::DueSoon,
                    rule(&|t, c| open(c) && state(c) == ClockState::DueSoon && due_on(t, clock) != Some(today)),
                ),
                (Figure::Paused, rule(&|_, c| open(c) && on(c).paused)),
            ];
            for (f, want) in expected {
                if !want.is_empty() {
                    seen.insert(format!("{clock:?} {f:?}"));
                }
                assert_eq!(listed(&app, figure(clock, f)).await, want, "{today}: {clock:?} {f:?}");
            }
        }

        // The dashboard's counts are the same conditions, summed.
        let counts = {
            let mut conn = app.db.pool().acquire().await.unwrap();
            reports::clock_counts(&mut conn, today, soon_until).await.unwrap()
        };
        let total = counts.iter().fold(reports::ClockCounts::default(), |mut total, c| {
            total.add(c);
            total
        });
        let n = |pick: &dyn Fn(&Ticket, &TicketClocks) -> bool| rule(pick).len() as i64;
        assert_eq!(total.handling_overdue, n(&|_, c| open(c) && on(c).handling == ClockState::Overdue), "{today}");
        assert_eq!(total.decision_overdue, n(&|_, c| open(c) && on(c).decision == ClockState::Overdue), "{today}");
        assert_eq!(total.paused, n(&|_, c| open(c) && on(c).paused), "{today}");

        // The queue's clock filters.
        for (clock, want) in [
            (QueueClock::Overdue, rule(&|_, c| open(c) && on(c).handling == ClockState::Overdue)),
            (QueueClock::Paused, rule(&|_, c| open(c) && on(c).paused)),
        ] {
            let filter = QueueFilter { clock: Some(clock), today, soon_until, limit: 1000, ..Default::default() };
            let mut conn = app.db.pool().acquire().await.unwrap();
            let got: Ids = tickets::queue(&mut conn, &filter).await.unwrap().into_iter().map(|t| t.id).collect();
            assert_eq!(got, want, "{today}: queue {clock:?}");
        }

        // The period report's on-time figures, closed tickets included.
        for (period_figure, want) in [
            (PeriodFigure::HandlingMet, rule(&|_, c| on(c).handling == ClockState::Met)),
            (PeriodFigure::HandlingMissed, rule(&|_, c| on(c).handling == ClockState::Missed)),
            (PeriodFigure::HandlingOverdue, rule(&|_, c| open(c) && on(c).handling == ClockState::Overdue)),
            (PeriodFigure::DecisionMet, rule(&|_, c| on(c).decision == ClockState::Met)),
            (PeriodFigure::DecisionMissed, rule(&|_, c| on(c).decision == ClockState::Missed)),
            (PeriodFigure::DecisionOverdue, rule(&|_, c| open(c) && on(c).decision == ClockState::Overdue)),
        ] {
            if !want.is_empty() {
                seen.insert(format!("{period_figure:?}"));
            }
            let filter = FigureFilter {
                received_between: Some((from, to)),
                period_figure: Some(period_figure),
                ..figure(ClockColumn::Handling, Figure::Open)
            };
            assert_eq!(listed(&app, filter).await, want, "{today}: {period_figure:?}");
        }
    }
    // The histories reached every kind of ticket the figures tell apart.
    for kind in [
        "Handling Overdue",
        "Handling DueSoon",
        "Handling Paused",
        "Decision Overdue",
        "HandlingMet",
        "HandlingMissed",
        "DecisionMet",
        "DecisionMissed",
    ] {
        assert!(seen.contains(kind), "no ticket was {kind}: {seen:?}");
    }
}
