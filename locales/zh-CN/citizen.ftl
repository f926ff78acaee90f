### The public pages: home, screening, the complaint form, review, the filed
### ticket, tracking, and the citizen's urge, rating and appeal.

home-title = 劳动保障投诉
home-intro = 对社会保险经办、劳动保障监察和本局工作人员的问题，您可以在这里投诉。我们按工作日计算办理时限，您可以随时凭工单号查询进度。
home-accepts = 我们受理以下投诉
home-limits = 时限
# A category's two clocks on the home page: $clock is the clock's name, $days
# its length ("15 个工作日"); $start is receipt or acceptance; $extension the
# most an approved extension adds, empty when none may be.
home-limit-handling = { $clock } { $days }
home-limit-decision = { $clock } { $days }，自{ $start ->
        [acceptance] 受理
       *[receipt] 收到投诉
    }之日起计算{ $extension ->
        [none] {""}
       *[other] ，经批准可延长 { $extension }
    }
home-not-accepted = 以下事项不在受理范围：已进入诉讼、行政复议程序的事项；住房公积金（请拨 12329）、税务（请拨 12366）及其他部门事项（请拨 12345）；对政策本身的意见；已处理完毕且无新事实、新证据的事项（请走信访渠道）。
home-channels = 投诉渠道
channel-web-desc = 网上投诉：在本网站填写投诉表
channel-hotline-desc = 拨打 12333 热线，由话务员代为登记
channel-12345-desc = 12345 政务服务便民热线转办
channel-walk-in-desc = 到各区人社服务大厅现场投诉
channel-letter-desc = 来信投诉
btn-file = 我要投诉
btn-track = 查询工单进度

screen-title = 投诉前请先回答三个问题
screen-intro = 这些问题帮助判断您的事项是否由本局受理。如不属于本局受理范围，我们会告诉您应向哪里反映。
screen-q-legal = 该事项是否已由法院审理，或正在行政复议、行政诉讼程序中？
screen-q-topic = 您反映的事项属于哪一类？
topic-social-security = 社会保险、劳动保障或本局的服务与工作人员
topic-housing-fund = 住房公积金
topic-tax = 税务
topic-other-department = 其他部门的事项
topic-policy-itself = 对政策规定本身有意见（而不是政策执行有偏差）
screen-q-settled = 该事项是否多年前已处理完毕，且您没有新的事实或证据？
btn-continue = 继续

refused-title = 本事项不在投诉受理范围
refused-intro = 根据您的回答，本局不能将该事项作为投诉受理，也不会生成工单。
refused-where = 您可以这样办理：
btn-change-answers = 修改回答

form-title = 填写投诉
form-intro = 请如实填写投诉的六要素：时间、地点、人物、起因、经过、结果。带 * 的为必填项。
section-matter = 投诉事项
section-facts = 事实经过（六要素）
section-complainant = 投诉人
section-respondent = 被投诉对象
section-intake = 受理信息
field-channel = 投诉渠道
field-received-on = 收到日期
hint-received-on = 来信或转办件按实际收到日期登记，时限从该日起算。格式：2026-11-25
field-category = 投诉类别
field-district = 事发区域
field-when = 时间
hint-when = 事情发生的时间，例如：2026年10月起
field-where = 地点
hint-where = 事情发生的地点，例如：某区社保服务中心3号窗口
field-who = 人物
hint-who = 涉及的单位或人员
field-cause = 起因
hint-cause = 事情因何而起
field-course = 经过
hint-course = 事情的经过，包括您已经采取的行动
field-result = 结果
hint-result = 目前的结果或造成的影响
field-demand = 诉求
hint-demand = 您希望本局做什么
field-complainant-name = 姓名
field-id-number = 居民身份证号码
hint-id-number = 18 位，最后一位可能是 X
field-mobile = 手机号码
hint-mobile = 用于接收短信通知和查询进度
field-respondent-kind = 对象类型
respondent-employer = 用人单位
respondent-bureau-office = 人社部门的窗口或机构
respondent-bureau-staff = 人社部门的工作人员
field-respondent-name = 单位或机构名称
field-credit-code = 统一社会信用代码
hint-credit-code = 18 位，投诉用人单位时必填，可在营业执照上找到
field-staff-name = 工作人员姓名
field-staff-number = 工号
hint-staff = 如知道请填写
field-earlier-ticket = 原工单号
hint-earlier-ticket = 仅对回复结果申诉时填写，例如 20261125-000042-7
field-screening-topic = 事项类别
btn-review = 下一步：核对信息

review-title = 请核对您的投诉
review-intro = 以下是将要登记的内容。确认无误后请点击“确认提交”，提交后将生成工单号；如需修改请点击“返回修改”。
btn-edit = 返回修改
btn-confirm = 确认提交

filed-title = 投诉已提交
filed-ticket-no = 工单号
filed-keep = 请记下工单号。凭工单号和手机号码可以随时查询办理进度。
filed-department = 承办部门
filed-received = 受理登记时间
filed-handling-due = 预计办结日期
filed-decision-due = 书面处理决定最迟日期
filed-acceptance-due = 受理期限
# A clock that starts at acceptance (a labour-security inspection): $days is
# its length ("60 个工作日"), $extension what an approval may add, or none.
filed-from-acceptance-note = 受理后，调查处理时限自受理之日起计算，为 { $days }{ $extension ->
        [none] {""}
       *[other] ，经批准可延长 { $extension }
    }。上面的书面处理决定最迟日期按最迟受理日推算，受理后按实际受理日重新计算。
filed-handling-note = 办理时限按工作日计算，节假日不计入。
filed-misconduct-note = 涉及工作人员违规违纪的投诉由纪检监察机构办理，您也可以拨打 12388 反映。
btn-track-this = 查询此工单

track-title = 查询工单进度
track-intro = 请输入工单号和投诉时登记的手机号码。
field-ticket-no = 工单号
hint-ticket-no = 15 位数字，可带或不带连字符
btn-lookup = 查询
track-not-found = 未找到与该工单号和手机号码相符的工单，请核对后再试。
status-title = 工单进度
status-state = 当前状态
status-category = 投诉类别
status-complainant = 投诉人
status-history = 办理记录
status-at = 时间
status-event = 事项
btn-urge = 催办
urge-hint = 工单已超过办理时限，您可以催办（每个工作日一次）。
urge-done = 已收到您的催办，我们已通知承办人员。
urge-already = 今天已经催办过了，请下一个工作日再催办。
urge-not-overdue = 工单尚未超期，暂不能催办。
rate-title = 评价答复
field-rating = 您对答复是否满意？
rating-satisfied = 满意
rating-basically-satisfied = 基本满意
rating-not-satisfied = 不满意
field-comment = 意见（选填）
btn-rate = 提交评价
rate-done = 感谢您的评价。
rate-already = 您已经评价过这份答复。
rate-not-replied = 工单尚未答复，暂不能评价。
your-rating = 您的评价
appeal-title = 对答复提出申诉
appeal-hint = 如对答复不满意，可在答复后 30 日内提出申诉，申诉将交原答复部门重新审查。
field-appeal-reason = 申诉理由
btn-appeal = 提出申诉
appeal-done = 申诉已登记，新工单号：{ $ticket }
appeal-closed = 该答复目前不能申诉。
appeal-already = 您已经对这份答复提出过申诉。
# In the ticket's history, for the citizen and for staff.
appeal-recorded = 申诉，新工单号 { $ticket }

remedies-title = 不服处理决定的救济途径
remedy-reconsideration = 申请行政复议的最后一日
remedy-lawsuit = 提起行政诉讼的最后一日
# $replied is the reply's date with its weekday.
remedies-note = 答复日 { $replied } 视为您收到处理决定之日。对处理决定不服的，可以自收到之日起 60 日内申请行政复议，或者 6 个月内提起行政诉讼；收到当日不计入，期限最后一日为休息日或法定节假日的，顺延至其后第一个工作日。

evidence-title = 需要您补充材料
evidence-what = 需要补充的材料
evidence-until = 请在此日期前提供（含当日）
evidence-ways = 提供方式
evidence-in-person = 送到现场
evidence-phone = 电话
# $clock is the name of the clock stopped while the evidence is awaited.
evidence-paused-note = 收到材料前，{ $clock }暂停计时。届时仍未收到的，{ $clock }自动恢复计时，我们将根据现有材料办理。
evidence-note = 届时仍未收到的，我们将根据现有材料办理。
# $hotlines are the bureau's numbers; $ticket is the ticket number.
evidence-by-phone = 拨打 { $hotlines }，并说明工单号 { $ticket }

code-title = 短信验证码
code-hint = 催办、评价或申诉前，请先获取短信验证码。验证码发送到登记的手机号码，10 分钟内有效，可用于一次操作。
btn-send-code = 发送验证码
field-code = 短信验证码
hint-code = 6 位数字
# $mobile is masked, e.g. 138****5678; $time is when the text was queued,
# China time (14:05); $minutes is how long the code lasts.
code-sent = 验证码短信已于北京时间 { $time } 发往 { $mobile }，可能需要一分钟左右才能收到。验证码 { $minutes } 分钟内有效。
code-too-soon = 验证码刚刚发送过，请稍候一分钟再重新获取。
# $minutes is a whole number of minutes.
lookup-throttled = 查询失败次数过多，请 { $minutes } 分钟后再试。
# $minutes is a whole number of minutes.
filing-throttled = 短时间内从此网络提交的投诉过多，请 { $minutes } 分钟后再试，或拨打 12333。
api-lookup-moved = 此地址已停用：请改用 POST { $path }，在请求体中提交手机号码。
