### Texts sent outside the pages: text messages (SMS) to the complainant and
### internal notices to staff. They are sent in Chinese whatever language the
### sender's pages were in; the English entries keep the locales complete.
### $ticket is a ticket number with its hyphens (20261125-000042-7); dates are
### in ISO order (2026-11-25).

## Text messages to the complainant

sms-filed = 【12333】您的投诉已登记，工单号 { $ticket }。请凭工单号和手机号码查询办理进度。
# $due is the last day to answer; $when says whether it is still ahead,
# already past (a ticket received long before it was accepted), or unknown.
sms-accepted = 【12333】您的投诉（工单号 { $ticket }）已受理{ $when ->
        [past] 。答复期限 { $due } 已过，我们将尽快答复。
        [unknown] ，我们将尽快答复。
       *[ahead] ，我们最迟于 { $due } 答复。
    }
# $reason is the caseworker's own words.
sms-not-accepted = 【12333】您的投诉（工单号 { $ticket }）不予受理，理由：{ $reason }
# $evidence is the caseworker's own words, with their own punctuation: they
# end the message, so that no full stop is added to theirs.
sms-awaiting-citizen = 【12333】办理您的投诉（工单号 { $ticket }）需要您在 10 个工作日内补充材料：{ $evidence }
# $clock is the name of the decision clock that was extended.
sms-extension-approved = 【12333】您的投诉（工单号 { $ticket }）{ $clock }延长至 { $due }，理由：{ $reason }
sms-replied = 【12333】您的投诉（工单号 { $ticket }）已答复，请凭工单号和手机号查看并评价。
sms-repeat-marked = 【12333】您的投诉（工单号 { $ticket }）与您此前的工单 { $carrier } 反映同一事项，已并入该工单办理。{ $handling ->
        [none] {""}
       *[other] { $handling_clock }至 { $handling }，
    }{ $decision_clock }至 { $decision }。请凭工单号 { $carrier } 和手机号查询进度。
sms-repeat-undone = 【12333】您的投诉（工单号 { $ticket }）经复核不属于重复件，恢复单独办理，请凭工单号和手机号查询进度。

## Internal notices to staff

# $employer and $code name the employer; $count complaints within $days days.
employer-at-risk-notice = 风险预警：用人单位 { $employer }（{ $code }）近 { $days } 天内已被投诉 { $count } 次，请研判是否安排检查。

urge-notice = 投诉人催办工单 { $ticket }，请尽快办理。
# $clock is handling, acceptance, decision or investigation; $state is
# due_soon or overdue.
deadline-reminder = 工单 { $ticket } 的{ $clock ->
        [handling] 办理时限
        [acceptance] 受理决定时限
        [investigation] 调查处理时限
       *[decision] 处理决定时限
    }（{ $due }）{ $state ->
        [overdue] 已超期
       *[due_soon] 即将到期
    }，请及时办理。
sms-code = 【12333】您的验证码为 { $code }，{ $minutes } 分钟内有效。请勿告诉他人。
# $clock is handling or decision (a ticket's first or second clock); $state
# is due_soon or overdue; $count is a number of tickets.
reminder-digest = 您负责的 { $count } 件工单{ $clock ->
        [handling] 办理时限
       *[decision] 处理决定时限
    }{ $state ->
        [overdue] 已超期
       *[due_soon] 即将到期
    }，请打开列表及时办理。
# $department is the department's name.
reminder-digest-department = { $department }有 { $count } 件工单{ $clock ->
        [handling] 办理时限
       *[decision] 处理决定时限
    }{ $state ->
        [overdue] 已超期
       *[due_soon] 即将到期
    }，请打开列表查看。
# $decision is approved or rejected.
# $reason is the supervisor's reason for rejecting (empty when approved).
extension-decided = 工单 { $ticket } 的延期申请{ $decision ->
        [approved] 已获批准
       *[rejected] 未获批准，驳回理由：{ $reason }
    }。
transferred-in = 工单 { $ticket } 已转入本部门，请及时受理。
# $earlier is the ticket whose reply is appealed.
appeal-filed = 投诉人对工单 { $earlier } 的答复提出申诉，申诉工单为 { $ticket }。
evidence-received-notice = 投诉人已为工单 { $ticket } 提交补充材料（{ $files } 个文件），办理时限已恢复计算。
