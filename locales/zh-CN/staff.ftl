### The staff pages: sign-in, the queue, a ticket and its actions, the
### dashboard and the reports.

nav-dashboard = 督办看板
nav-intake = 登记来电
nav-password = 修改密码
filter-all = 全部
filter-mine = 我的
filter-search = 搜索（工单号、被投诉单位、事实经过）
filter-apply = 筛选
next-page = 下一页
password-title = 修改密码
field-current-password = 当前密码
field-new-password = 新密码（至少 12 个字符）
field-repeat-password = 再次输入新密码
btn-change-password = 修改密码并重新登录
password-wrong-current = 当前密码不正确。
password-too-short = 新密码至少需要 12 个字符。
password-guessable = 该密码太容易被猜中：请勿使用常见密码、姓名、本局相关词语或演示密码；几个互不相关的词组合起来更安全。
password-same-as-current = 新密码不能与当前密码相同。
password-mismatch = 两次输入的新密码不一致。
dashboard-title = 督办看板
report-total = 全部
report-by-department = 按部门
report-by-caseworker = 按承办人
report-group = 分组
report-name = 名称
report-open = 在办
report-handling-due-today = 办理时限今日到期
report-handling-due-soon = 办理时限即将到期
report-handling-overdue = 办理时限已超期
report-decision-due-today = 决定时限今日到期
report-decision-due-soon = 决定时限即将到期
report-decision-overdue = 决定时限已超期
report-csv = 导出 CSV
reports-title = 统计报表
report-from = 起始日期
report-to = 截止日期
report-period-title = 期间内登记的工单
report-received = 登记
report-handling-on-time = 办理按期率
report-decision-on-time = 决定按期率
report-extensions = 延期 批准/申请
report-urges = 催办
report-satisfaction = 满意/基本满意/不满意
# The period report's CSV: one figure a column.
csv-handling-met = 办理按期
csv-handling-missed = 办理逾期办结
csv-handling-overdue = 办理逾期未办结
csv-decision-met = 决定按期
csv-decision-missed = 决定逾期作出
csv-decision-overdue = 决定逾期未作出
csv-extensions-requested = 延期申请
csv-extensions-approved = 延期批准
csv-satisfied = 满意
csv-basically-satisfied = 基本满意
csv-not-satisfied = 不满意
csv-handling-clock = 办理时限
csv-handling-due = 办理截止日
csv-handling-state = 办理时限状态
csv-decision-clock = 决定时限
csv-decision-due = 决定截止日
csv-decision-state = 决定时限状态
report-on-time-note = 按期率 = 按期办结 ÷（按期办结 + 超期办结 + 目前已超期未办结）。
report-aging-title = 在办工单账龄（自登记起的天数）
trend-title = 近 12 周趋势（按周）
trend-received = 登记
trend-closed = 办结
trend-overdue = 办理超期
note-label = 内部备注（不向投诉人显示）
note-add = 添加备注

nav-staff = 工作人员入口
nav-queue = 工单队列
nav-sign-out = 退出
sign-in-title = 工作人员登录
sign-in-required = 请先登录。
field-username = 用户名
field-password = 密码
btn-sign-in = 登录
sign-in-failed = 用户名或密码不正确。
sign-in-throttled = 登录失败次数过多，请稍候再试。

queue-title = 工单队列
queue-empty = 没有待办工单。
col-ticket = 工单号
col-category = 类别
col-state = 状态
col-department = 承办部门
col-handling = 办理时限
col-decision = 决定时限
col-complainant = 投诉人
col-received = 登记时间
col-assignee = 承办人
col-overdue-by = 超期
# Days until a clock's due date, or past it, in the clock's own unit
# ($unit is working_days or calendar_days). Shown after the clock's state
# ("已超期 · 超出 3 个工作日"), so the days past do not repeat the state.
clock-days-left = 剩余 { $unit ->
        [calendar_days] { $n } 天
       *[working_days] { $n } 个工作日
    }
clock-days-over = 超出 { $unit ->
        [calendar_days] { $n } 天
       *[working_days] { $n } 个工作日
    }

ticket-title = 工单详情
section-statement = 投诉内容
section-clocks = 时限
section-routing = 分派依据
section-actions = 可进行的操作
section-history = 办理记录（含内部记录）
section-reply = 答复内容
btn-show-full = 显示完整个人信息（将记入审计）
field-reason = 理由或说明
field-reply = 答复内容
field-target-department = 转至部门
field-assignee = 承办人
field-extension-days = 延期天数（最多 30 天）
# Which clock an extension adds to, and in which unit ($unit as above).
extension-days-for = { $clock }延长{ $unit ->
        [calendar_days] 天数（自然日，最多 { $max } 天）
       *[working_days] 工作日数（最多 { $max } 个工作日）
    }
btn-approve = 批准
btn-reject = 不批准
assignee-label = 承办人
unassigned = 未分派
extension-label = 延期
extension-pending = 待审批
extension-approved = 已批准
extension-rejected = 未批准
routed-by-rule = 规则
routed-default = 默认规则
routed-misconduct = 工作人员违规违纪一律由纪检监察机构办理
routed-appeal = 申诉由原答复部门办理
routed-to = 分派至
history-actor = 操作人
actor-citizen = 投诉人
actor-system = 系统
actor-client = 对接系统

action-accept = 受理
action-refuse = 不予受理
action-assign = 分派
action-claim = 认领
action-start = 开始办理
action-request-evidence = 要求补充材料（暂停计时）
action-evidence-received = 材料已补齐（恢复计时）
action-transfer = 转办
action-transfer-outside = 移交外部机关（结束工单）
action-reply = 答复
action-close = 办结
action-reopen = 重新办理
action-request-extension = 申请延期
action-decide-extension = 审批延期

nav-approvals = 延期审批
approvals-title = 待审批的延期申请
approvals-intro = 以下工单的承办人申请延长处理决定时限，请逐一批准或不批准。批准后，新的处理决定时限将以短信告知投诉人。
approvals-empty = 没有待审批的延期申请。
approvals-days = 申请延长
approvals-reason = 延期理由
approvals-requested-by = 承办人
col-handling-due = 办理时限
col-decision-due = 处理决定时限
received-on-label = 收到日期
recorded-at-label = 登记时间
confirm-title = 请确认
btn-confirm-action = 确认
btn-back-to-edit = 返回修改
action-reason-label = { $action ->
        [refuse] 不予受理理由
        [transfer] 转办说明
        [transfer_outside] 移交说明（移交哪个机关、为何移交）
        [request_evidence] 需补充的材料
        [request_extension] 延期理由
        [decide_extension] 驳回理由（驳回时必填）
        [reopen] 重新办理说明（选填）
       *[other] 理由或说明
    }
action-help = { $action ->
        [accept] 受理后开始计算处理期限，投诉人将收到受理短信，工单由您承办。
        [refuse] 不予受理后工单即结束，理由将以短信告知投诉人。
        [assign] 指定本部门的一名承办人。
        [claim] 由您承办此工单。
        [start] 开始办理；工单尚无承办人时由您承办。
        [request_evidence] 暂停办理时限，等待投诉人补充材料；最长 10 个工作日，每件工单只能要求一次。
        [evidence_received] 材料已收到，办理时限从今天起继续计算。
        [transfer] 转交本局另一部门办理，时限仍从原收到之日起计算。
        [transfer_outside] 移交本局以外的机关处理，工单随即结束，说明将以短信告知投诉人。
        [reply] 答复内容将以短信通知投诉人查看，提交后不能修改。
        [close] 办结后工单结束。
        [reopen] 重新开始办理时限；处理决定时限不重新计算。
        [request_extension] 申请延长处理决定时限，由督办人员审批；每件工单只能申请一次。
        [decide_extension] 批准后处理决定时限延长，并以短信告知投诉人；驳回须说明理由，理由告知申请人。
       *[other] {""}
    }
action-done = { $action ->
        [accept] 已受理。
        [refuse] 已不予受理，工单已结束。
        [assign] 已分派。
        [claim] 已由您承办。
        [start] 已开始办理。
        [request_evidence] 已要求补充材料。
        [evidence_received] 已确认收到材料。
        [transfer] 已转办。
        [transfer_outside] 已移交外部机关，工单已结束。
        [reply] 已答复，投诉人将收到短信。
        [close] 已办结。
        [reopen] 已重新办理。
        [request_extension] 已提交延期申请，等待审批。
        [decide_extension] 已审批延期申请。
       *[other] 已完成。
    }
# After asking for evidence, and after receiving it, on a ticket whose
# $clock (its name) a request for evidence stops.
action-done-clock-stopped = 已要求补充材料，{ $clock }暂停计时。
action-done-clock-runs-again = 已确认收到材料，{ $clock }恢复计时。
action-confirm = { $action ->
        [refuse] 不予受理后工单即结束，不能撤回。确认不予受理吗？
        [transfer_outside] 移交后工单即结束，不能撤回。确认移交吗？
        [reply] 答复将以短信通知投诉人，提交后不能修改。确认答复吗？
        [close] 办结后工单结束。确认办结吗？
       *[other] 确认执行此操作吗？
    }
note-done = 已添加内部备注。
period-missed = 超期办结 { $n }
period-overdue = 逾期未办 { $n }
period-figure-title = { $figure ->
        [received] 收到的工单
        [handling_counted] 计入办理按期率的工单
        [handling_met] 按期办结的工单
        [handling_missed] 超期办结的工单
        [handling_overdue] 逾期未办结的工单
        [decision_counted] 计入处理决定按期率的工单
        [decision_met] 按期作出处理决定的工单
        [decision_missed] 超期作出处理决定的工单
        [decision_overdue] 逾期未作出处理决定的工单
        [extension_requested] 申请延期的工单
        [extension_approved] 批准延期的工单
        [urged] 被催办的工单
        [paused_while_overdue] 已超期后才暂停计时的工单
        [rated_satisfied] 评价为满意的工单
        [rated_basically_satisfied] 评价为基本满意的工单
        [rated_not_satisfied] 评价为不满意的工单
        [call_backs] 答复后回访的工单
        [call_reached] 回访已联系上的工单
        [call_unreached] 回访无法联系的工单
        [call_satisfied] 回访满意的工单
        [call_basically_satisfied] 回访基本满意的工单
        [call_not_satisfied] 回访不满意的工单
       *[reopened_after_call] 回访不满意后重新办理的工单
    }（{ $from } 至 { $to } 收到）
partner-label = 来源
# $partner is the partner hotline's name, $order its own number for the work order.
transferred-by = 由{ $partner }转办，对方工单号 { $order }
# $client is the API client's name.
filed-through = 经{ $client }提交

## The staff inbox

nav-inbox = 通知
inbox-title = 我的通知
inbox-intro = 时限提醒（工作时间内送达，多件同时到期时合并为一条汇总）、延期审批结果、转入本部门的工单和申诉。汇总通知链接到所涉工单的列表。
inbox-empty = 没有通知。
inbox-mark-all-read = 全部标为已读
inbox-arrived = 送达时间
inbox-notice = 通知
inbox-link = 查看
inbox-mark-read = 标为已读
inbox-read = 已读
inbox-open-list = 打开列表
inbox-open-ticket = 打开工单
# 答复表单上说明答复由谁看到。
reply-audience-citizen = 投诉人凭工单号和手机号查询后，可在进度页面看到答复全文。
reply-audience-sms = 投诉人会收到一条短信，告知已答复；短信不含答复内容。
# $partner 为转办此工单的合作热线名称。
reply-audience-partner = { $partner }转办了此工单，将在回调中收到答复全文。
reply-audience-not-public = 公开的 Open311 查询只显示工单状态，从不显示答复。
# $seconds 为需等待的秒数。
password-throttled = 当前密码输错次数过多，请在 { $seconds } 秒后重试。

## The desk

report-paused = 暂停计时
report-paused-while-overdue = 超期后暂停
# $due is the due date that had passed when evidence was asked for.
paused-while-overdue-detail = 期限 { $due } 已过
# After a supervisor decides an extension request. $clock is the clock's
# name, $due its new last day.
extension-decided-done = { $decision ->
        [approved] 已批准工单 { $ticket } 的延期申请，{ $clock }延长至 { $due }。
       *[rejected] 已驳回工单 { $ticket } 的延期申请，驳回理由已告知申请人。
    }
ticket-complainant = 投诉人
nav-lookup = 查询工单
lookup-title = 查询工单
lookup-intro = 输入来电人提供的工单号，告诉来电人办理进度。此页只读，投诉人个人信息已隐去，每次查询都记入审计日志。
lookup-not-found = 没有这个工单号的工单，请与来电人核对后重新输入。
lookup-read-only = 只读：话务员不办理工单，如需催办请告知来电人在查询页面操作或转交承办部门。

## Related tickets

related-title = 相关工单
related-hint = 前后 90 天内：同一被投诉单位（统一社会信用代码或名称相同）、同一投诉人（手机号或身份证号相同），或同区县、同类别中内容相似（相似度 35% 及以上）的工单。
related-none = 未发现相关工单。
related-col-reason = 关联原因
related-same-respondent = 同一被投诉单位
related-same-complainant = 同一投诉人
related-similar = 内容相似（{ $percent }%）
queue-related-mark = 有相关
queue-related-hint = 有在办工单与本工单同一用人单位或同一投诉人

## Employers at risk

hotspots-title = 风险预警：被多次投诉的用人单位
hotspots-intro = 近 90 天内被投诉次数达到阈值的用人单位（按统一社会信用代码归并），统计期：
hotspots-none = 统计期内没有达到阈值的用人单位。
hotspot-threshold = 投诉次数不少于
hotspot-col-employer = 用人单位
hotspot-col-credit-code = 统一社会信用代码
hotspot-col-complaints = 投诉件数
hotspot-col-open = 在办
hotspot-col-overdue = 办理超期
hotspot-col-districts = 涉及区县
hotspot-col-trend = 近 13 周每周件数
hotspot-rising = 上升
hotspot-tickets-of = { $employer } 的投诉工单
nav-hotspots = 风险预警

## Repeats and case groups
repeat-title = 重复件与并案
repeat-hint = 同一投诉人就同一事项再次投诉的，可将后来的工单作为原工单的重复件办结，投诉人会收到短信，告知承办工单及其期限。不同投诉人反映同一事项的，请并案办理：一名承办人统一调查、统一答复，每张工单保留各自的期限和投诉人的评价、申诉权利。
repeat-of = 本工单已作为工单 { $carrier } 的重复件办结。理由：{ $reason }
repeat-carries = 作为本工单重复件办结的工单：
repeat-mark-title = 标为重复件
repeat-mark-carrier = 承办的原工单
repeat-mark-reason = 理由
repeat-mark-button = 作为重复件办结
repeat-mark-none = 相关工单中没有同一投诉人更早的在办工单。
repeat-undo-button = 撤销重复件，恢复单独办理
repeat-undo-reason = 撤销理由
repeat-done = 已作为重复件办结，投诉人将收到短信。
repeat-undone-done = 已撤销重复件，工单恢复单独办理。
repeat-refused-same = 不能将工单标为自身的重复件。
repeat-refused-ended = 本工单已办结或不予受理，不能再标为重复件。
repeat-refused-carrier-ended = 原工单已办结，请在原工单上处理（投诉人可对其申诉）。
repeat-refused-not-earlier = 原工单须早于本工单受理。
repeat-refused-other-complainant = 两张工单的手机号和身份证号均不相同，不是同一投诉人：请改为并案办理。
repeat-refused-in-group = 本工单在并案组中，请先移出并案。
repeat-refused-not-a-repeat = 本工单不是重复件。
repeat-refused-unknown = 请从相关工单中选择原工单。
group-title = 并案办理
group-members = 本组工单（主办工单：{ $lead }）
group-join-button = 将勾选的工单与本工单并案
group-join-hint = 并案后本组工单由本工单的承办人统一办理；每张工单保留各自的期限、投诉人和评价、申诉权利。只能并入本部门已受理且尚未答复的工单。
group-join-none = 请勾选要并案的工单。
group-joined-done = 已并案，本组共 { $count } 张工单。
group-reply-title = 统一答复本组
group-reply-hint = 答复一次写成，发送到本组每张已在办理的工单：每位投诉人收到各自工单的答复短信，并可各自评价和申诉。等待投诉人补充材料的工单不在此次答复之列。
group-reply-button = 答复本组全部工单
group-replied-done = 已答复 { $replied } 张工单{ $skipped ->
        [0] 。
       *[other] ；{ $skipped } 张未答复（等待补充材料或已答复）：{ $which }。
    }
group-leave-button = 将本工单移出并案
group-leave-reason = 移出理由
group-left-done = 本工单已移出并案。
join-refused = 工单 { $ticket } 不能并案：{ $why }
join-refused-not-accepted = 尚未受理
join-refused-ended = 已答复或已办结
join-refused-other-department = 属于其他部门
join-refused-in-another-group = 已在另一个并案组中
join-refused-unknown = 未找到该工单
group-refused-not-member = 本工单不在并案组中。
group-refused-nothing-to-reply = 本组没有可以答复的工单。

## Satisfaction call-backs
nav-calls = 回访
calls-title = 回访任务
calls-intro = 工单答复后，致电投诉人，记录是否联系上及其满意程度。未接通的，须在另一个工作日再次尝试；三次未接通记为无法联系。不能回访自己答复的工单。由 12345 等合作热线转来的工单由该热线回访。
calls-none = 没有待回访的工单。
calls-col-replied = 答复日期
calls-col-attempts = 已尝试次数
calls-col-last = 最近一次尝试
call-title = 回访
call-reply = 答复内容
call-show-number = 显示投诉人电话并开始回访
call-number = 联系电话
call-name = 投诉人
call-attempts = 回访记录
call-outcome = 回访结果
call-outcome-satisfied = 已联系：满意
call-outcome-basically-satisfied = 已联系：基本满意
call-outcome-not-satisfied = 已联系：不满意
call-outcome-not-reached = 未接通
call-note = 备注（投诉人的意见）
call-record = 记录本次回访
call-recorded = 已记录本次回访。
call-state-open = 待回访
call-state-reached = 已回访
call-state-unreached = 无法联系
call-refused-finished = 本次回访已经结束。
call-refused-own-reply = 不能回访自己答复的工单。
call-refused-same-day = 今天已尝试过一次，未接通须在另一个工作日再次尝试。
call-refused-rest-day = 今天不是工作日，未接通的尝试须在工作日进行。
call-refused-stale = 其他人刚刚记录了本次回访，请刷新后查看。
calls-on-ticket = 回访
report-call-backs = 回访（已联系 / 回访数 · 无法联系）
report-call-satisfaction = 回访满意度（满意 / 基本满意 / 不满意）
report-reopened-after-call = 回访不满意后重新办理
csv-call-backs = 回访数
csv-call-reached = 回访已联系
csv-call-unreached = 回访无法联系
csv-call-satisfied = 回访满意
csv-call-basically-satisfied = 回访基本满意
csv-call-not-satisfied = 回访不满意

## A group complaint taken by an agent
callers-title = 同一事项的其他投诉人
callers-label = 其他投诉人（每行一人）
# $max is the most callers at once.
callers-hint = 每行填写一人：姓名、身份证号、手机号，以空格或逗号分开，最多 { $max } 人。每人各得一个工单号（短信告知），工单内容与本工单相同，并与本工单并案办理；各自的期限、评价和申诉权利不变。
callers-button = 为以上投诉人登记并并案
callers-empty = 请至少填写一名投诉人。
callers-three-parts = 每行须为姓名、身份证号、手机号三项
# $line is the line's number, $problem what is wrong with it.
callers-line = 第 { $line } 行：{ $problem }
callers-too-many = 一次最多登记 { $max } 人。
# $count is how many tickets were added.
callers-added = 已为 { $count } 名投诉人登记工单，并与本工单并案。
callers-link = 同一事项还有其他来电人？登记并并案
