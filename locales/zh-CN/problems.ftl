### Why input or an action was not accepted: field problems, refused matters
### (what happened and where to turn), and refused actions.

## A staff action that cannot be carried out now

conflict-stale = 其他人刚刚修改了这张工单，请刷新页面后再操作。
refusal-state = 工单当前状态下不能进行此操作。
refusal-role = 您的角色不能进行此操作。
refusal-evidence-twice = 补充材料只能要求一次。
refusal-extension-used = 延期只能申请一次，本工单已经申请过。
refusal-no-extension = 没有待审批的延期申请。
refusal-extension-pending = 已有一个延期申请正在等待审批。
refusal-already-yours = 您已是此工单的承办人。
field-confirmation = 确认提交

## A problem with one field, shown beside it

problem-required = 此项必须填写。
problem-too-long = 不能超过 { $max } 个字。
problem-unknown-choice = 请从列表中选择。
problem-resident-id-length = 身份证号码应为 18 位。
problem-resident-id-characters = 身份证号码前 17 位应为数字，最后一位为数字或 X。
problem-resident-id-province = 身份证号码的前两位不是有效的省级行政区代码。
problem-resident-id-birth-date = 身份证号码中的出生日期（第 7–14 位）无效。
problem-resident-id-check-digit = 身份证号码校验位不正确，请逐位核对。
problem-credit-code-length = 统一社会信用代码应为 18 位。
problem-credit-code-characters = 统一社会信用代码只能包含数字和大写字母（不含 I、O、Z、S、V）。
problem-credit-code-check-character = 统一社会信用代码校验位不正确，请核对。
problem-mobile-format = 请填写 11 位手机号码，例如 13812345678。
problem-district-format = 区域代码应为 6 位行政区划代码。
problem-unknown-district = 请选择本市的一个区。
problem-ticket-no-format = 工单号应为 15 位数字。
problem-ticket-no-date = 工单号前 8 位应为日期。
problem-ticket-no-check-digit = 工单号有误（校验位不符），请逐位核对。
problem-earlier-ticket-required = 对回复结果申诉时，请填写原工单号。
problem-earlier-ticket-not-found = 未找到该原工单，请核对工单号。
problem-credit-code-required = 投诉用人单位时，请填写其统一社会信用代码。
problem-employer-required = 劳动保障监察投诉的被投诉方应为用人单位，请选择“用人单位”并填写其统一社会信用代码。
problem-bad-date = 请按 2026-11-25 的格式填写日期。
problem-date-in-future = 日期不能晚于今天。
problem-date-too-old = 日期不能早于一年前。
problem-staff-only = 此项只能由工作人员填写。
problem-out-of-range = 请填写 0 到 { $max } 之间的整数。
problem-exactly-one-of = 请给出 working_days 或 calendar_days 两者之一。

## A matter the bureau does not take as a complaint: why (-why), and where
## the citizen turns instead (-where).

refused-in-legal-procedure-why = 该事项已进入诉讼、行政复议或行政诉讼程序。
refused-in-legal-procedure-where = 请通过该法定程序继续办理，本局不再作为投诉受理。
refused-housing-fund-why = 住房公积金事项不属于人社部门职责。
refused-housing-fund-where = 请拨打住房公积金服务热线 12329。
refused-tax-why = 税务事项不属于人社部门职责。
refused-tax-where = 请拨打纳税服务热线 12366。
refused-other-department-why = 该事项属于其他部门职责。
refused-other-department-where = 请拨打 12345 政务服务便民热线，由其转交主管部门。
refused-policy-itself-why = 对政策规定本身的意见不属于投诉。
refused-policy-itself-where = 您可以向人民代表大会或人民政府提出意见建议。
refused-settled-without-new-facts-why = 该事项已处理完毕，且没有新的事实或证据。
refused-settled-without-new-facts-where = 如仍有异议，请通过信访渠道反映。
problem-code-wrong = 验证码不正确，请核对短信后重新输入。
problem-code-expired = 验证码已失效（超过 10 分钟、输错 5 次或尚未获取），请重新获取验证码。
problem-idempotency-key-reused = 该提交编号已用于另一份投诉，不能用于内容不同的投诉。请重新填写并提交。
problem-too-many-filings = 过去一小时内已用此信息提交多件投诉，请 { $minutes } 分钟后再试；您填写的内容已保留。
problem-partner-order-id-reused = 该工单编号已用于内容不同的工单。内容有变化的工单请使用新编号；原样重发可查回原工单。
problem-transfer-too-old = 转办工单须在转办后 { $max } 日内送达；请以本次发送的时间重新转办。
problem-control-character = 内容中含有无法保存的控制字符，请重新输入。
# $earliest、$latest 为可填写的最早和最晚年份。
problem-date-out-of-range = 请填写 { $earliest } 年至 { $latest } 年之间的日期。
