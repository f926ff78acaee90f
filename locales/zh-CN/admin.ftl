### Administration: the holiday calendar, routing rules, the bureau's
### departments, categories and accounts.

calendar-title = 节假日日历
calendar-add = 新增或更正一天
calendar-date = 日期
calendar-kind = 类型
day-holiday = 法定节假日（休息）
day-makeup = 调休上班
calendar-name-zh = 中文名称
calendar-name-en = 英文名称
calendar-save = 保存并重新计算在办工单
calendar-remove = 删除
calendar-saved = 日历已更新。重新计算时限的在办工单数： { $count }
# $day is a date with its weekday.
calendar-ends-warning = 节假日日历即将用完，请尽快录入下一年度的安排。日历截止于 { $day }
calendar-empty-warning = 尚未录入节假日日历。
nav-calendar = 节假日日历
routing-title = 分派规则
bureau-title = 机构、类别与账号
bureau-categories = 投诉类别与时限
bureau-limits-note = 修改只影响此后登记的工单；已登记工单按登记时的时限计算。
bureau-departments = 部门
bureau-users = 工作人员账号
bureau-display-name = 姓名
bureau-role = 角色
bureau-initial-password = 初始密码（至少 12 个字符；该人员首次登录时须改为自己的密码）
bureau-add = 新增
bureau-wide = 全局（不属于某一部门）
role-agent = 12333 话务员
role-caseworker = 承办人员
role-supervisor = 督办人员
role-admin = 系统管理员
unit-working-days = 工作日
unit-calendar-days = 自然日
bureau-handling-ends = 办理时限止于
bureau-decision-starts = 决定时限起算于
handling-ends-reply = 答复
handling-ends-acceptance = 受理决定
decision-starts-receipt = 收到投诉之日
decision-starts-acceptance = 受理之日
calendar-save-short = 保存
routing-intro = 规则按顺序匹配，第一条全部条件都满足的规则决定承办部门；无条件的默认规则最后匹配。工作人员违规违纪一律由纪检监察机构办理，申诉由原答复部门办理。
routing-priority = 优先级
routing-conditions = 条件
routing-note = 说明
routing-default = （默认规则：无条件）
routing-enable = 启用
routing-disable = 停用
routing-try = 试一试：用样例投诉检验规则
routing-facts = 事实经过（用于关键词）
routing-try-button = 检验
routing-no-match = 没有规则匹配，且没有默认规则。
routing-new = 新增规则
routing-keywords = 关键词（逗号分隔，任一出现即匹配）
routing-create = 保存规则
nav-clients = API 客户端
clients-title = API 客户端
clients-intro = 凭密钥调用接口的系统：转入工单并接收签名回调的合作热线、Open311 客户端、报表工具。
clients-name = 名称
clients-kind = 类型
clients-key-prefix = 密钥
clients-callback-url = 回调地址
clients-callback-hint = 仅合作热线填写：接收回调的 http 或 https 地址。
clients-created = 登记时间
clients-status = 状态
clients-active = 有效
clients-revoked = 已吊销
clients-failing = 失败的回调
clients-register = 登记客户端
clients-register-button = 登记并签发密钥
clients-revoke = 吊销密钥
clients-empty = 尚未登记任何客户端。
kind-partner = 合作热线
kind-open311 = Open311 客户端
kind-reports = 报表工具
clients-issued-title = 密钥已签发
clients-issued-warning = 请立即复制，并通过安全渠道交给对方系统的负责人。以下内容只显示这一次：本局只保存密钥的摘要和加密后的签名密钥。
clients-key = API 密钥
clients-signing-secret = 签名密钥（用于核验回调的 X-Hotline-Signature）
clients-back = 返回客户端列表
nav-callbacks = 失败的回调
callbacks-title = 失败的回调
callbacks-intro = 尚未送达合作热线的回调。每条回调在 24 小时内按逐渐加长的间隔重试，之后停止，直到管理员重试。同一工单后续的回调排在它后面等待。
callbacks-empty = 没有失败的回调。
callbacks-ticket = 工单
callbacks-partner = 合作方
callbacks-event = 事件
callbacks-attempts = 尝试次数
callbacks-last = 最近结果
callbacks-next = 下次尝试
callbacks-gave-up = 已停止重试
callbacks-retry = 立即重试
callbacks-attempt-list = 每次尝试
callbacks-no-answer = 无响应
callbacks-retried = 该回调已重新排期，将在下一轮投递时发出。

## Importing a year's holiday notice from a file.
calendar-import-title = 导入年度节假日安排
calendar-import-intro = 上传国务院节假日安排通知的 holiday-cn JSON 文件或 iCalendar（.ics）文件。先显示将发生的变化，确认后才导入。
calendar-import-file = 文件
calendar-import-preview = 预览变化
calendar-import-confirm = 确认导入并重新计算在办工单
calendar-import-cancel = 取消
calendar-import-none = 没有变化：该通知已按原样导入。
calendar-import-added = 新增
calendar-import-changed = 更改
calendar-import-removed = 删除
calendar-import-tickets = 时限将变动的在办工单
calendar-import-newly-covered = 导入后该年度即视为已覆盖，落在该年度的期限不再是暂定。
calendar-import-no-file = 请选择要上传的文件。
# $years: the years loaded; $count: open tickets recomputed.
calendar-import-done = 已导入 { $years } 年节假日安排。重新计算时限的在办工单数：{ $count }
calendar-import-line = 第 { $line } 行：{ $reason }
# $problem is the problem's key; $detail the date or text it is about.
calendar-file-problem = { $problem ->
        [not_utf8] 文件不是 UTF-8 文本。
        [json] 不是有效的 holiday-cn JSON 文件：{ $detail }
        [bad_date] “{ $detail }”不是有效日期。
        [wrong_year] 日期不在文件所述年度内（日期 / 年度：{ $detail }）。
        [makeup_on_weekday] { $detail } 不是周六或周日，不能是调休上班日。
        [conflict] { $detail } 同时被列为放假和上班。
        [structure] iCalendar 格式有误：{ $detail }
        [not_all_day] 事件带有时刻；只读取全天事件（VALUE=DATE）。
        [bad_span] 事件的结束日期不在开始日期之后，或持续时间不是整天数。
        [missing_property] 事件缺少 { $detail }。
        [empty] 文件中没有任何日期。
       *[unknown_format] 既不是 holiday-cn JSON 文件，也不是 iCalendar 文件。
    }
calendar-years-title = 已导入的年度
calendar-col-year = 年度
calendar-col-notice = 通知
calendar-col-source = 来源
calendar-col-loaded = 导入时间
calendar-origin-release = 随版本发布
calendar-origin-import = 管理员导入
calendar-before = 原期限
calendar-after = 新期限
# $day is a date with its weekday.
calendar-covered-until = 日历覆盖至 { $day }。此后的期限为暂定。
## Text messages that did not go through

nav-notices = 失败的短信
notices-title = 失败的短信
notices-intro = 未能送达投诉人的短信。每条短信按逐渐加长的间隔重试，超过重试期限后停止，直到管理员重试。手机号已脱敏。
notices-empty = 没有失败的短信。
notices-ticket = 工单
notices-kind = 短信
notices-mobile = 手机号
notices-created = 产生时间
notices-attempts = 尝试次数
notices-last-error = 最近错误
notices-next = 下次尝试
notices-gave-up = 已停止重试
notices-retry = 立即重试
notices-retried = 该短信已重新排期，正在发送。
notice-filed = 受理编号
notice-one-time-code = 验证码
notice-accepted = 受理通知
notice-not-accepted = 不予受理通知
notice-awaiting-citizen = 补充材料通知
notice-extension-approved = 延期通知
notice-replied = 答复通知
notice-urged = 催办
notice-due-soon = 即将到期提醒
notice-overdue = 超期提醒
notice-extension-decided = 延期审批结果
notice-transferred-in = 转入工单
notice-appealed = 复核申请
notice-evidence-received = 收到补充材料
notice-repeat-marked = 重复件办结
notice-repeat-undone = 撤销重复件
notice-employer-at-risk = 风险预警

# What each administration form allows, said beside its field.
col-actions = 操作
bureau-handling-days = 办理时限（天数）
bureau-handling-days-hint = 1 至 60 天。
bureau-handling-unit = 办理时限的计日方式
bureau-decision-days = 决定时限（天数）
bureau-decision-days-hint = 1 至 365 天。
bureau-decision-unit = 决定时限的计日方式
bureau-extension-days = 最多可延长（天数）
bureau-extension-days-hint = 0 至 30 天；0 表示不可延长。
bureau-username-hint = 登录用：1 至 40 个英文字母、数字、下划线或点。
bureau-department-hint = 话务员和承办人员须属于一个部门；督办人员和系统管理员可不选。
bureau-add-user = 新增工作人员账号
admin-problem-handling-days = 请填写 1 至 60 之间的整数。
admin-problem-decision-days = 请填写 1 至 365 之间的整数。
admin-problem-extension-days = 请填写 0 至 30 之间的整数。
admin-problem-unit = 请选择“工作日”或“自然日”。
admin-problem-choose = 请从列表中选择一项。
admin-problem-username = 只能使用英文字母、数字、下划线和点，1 至 40 个字符。
admin-problem-username-taken = 此用户名已被使用，请换一个。
admin-problem-display-name = 请填写姓名，最多 100 个字符。
admin-problem-department = 话务员和承办人员须选择一个在用的部门。
admin-problem-self = 不能停用您自己正在使用的账号。
admin-problem-priority = 请填写整数，如 100；数字越小越先匹配。
admin-problem-active-department = 请从列表中选择一个在用的部门。
admin-problem-district = 请从列表中选择本局的行政区，或选择“任意行政区”。
admin-problem-date = 请填写一个有效日期（年-月-日），年份为四位数。
admin-problem-day-kind = 请选择“法定节假日（休息）”或“调休上班”。
admin-problem-client-name = 请填写名称，最多 100 个字符。
admin-problem-callback-url = 合作热线须填写 http 或 https 回调地址，且须为公网地址（本机、内网和链路本地地址只有列入 CALLBACK_ALLOWED_HOSTS 的才可使用）；其他类型不填。
routing-rule-no = 编号
routing-move-up = 上移
routing-move-down = 下移
routing-matched = 是否匹配
routing-satisfied = 满足的条件
routing-failed = 未满足的条件
calendar-col-was = 原为
calendar-col-becomes = 改为
