### Shared by every page: the layout, names of channels, states, events and
### clocks, and the error pages.

app-name = 12333 劳动保障投诉工单系统
lang-switch = English
nav-home = 首页
nav-file = 我要投诉
nav-track = 查询进度
footer-hotline = 劳动保障咨询投诉电话 12333 · 所有时间均为北京时间
skip-to-content = 跳到正文
error-summary-title = 提交的信息有误，请按提示修改：
required-mark = （必填）
optional-mark = （选填）
yes = 是
no = 否
choose = 请选择
back-home = 返回首页

channel-web = 网上投诉
channel-hotline-12333 = 12333 热线
channel-transfer-12345 = 12345 转办
channel-walk-in = 现场投诉
channel-letter = 来信

state-received = 已登记
state-accepted = 已受理
state-not-accepted = 不予受理
state-assigned = 已分派
state-in-progress = 办理中
state-awaiting-citizen = 待补充材料
state-replied = 已答复
state-closed = 已办结
state-transferred = 已转办
state-reopened = 重新办理

event-filed = 投诉已登记
event-urged = 投诉人催办
event-deadline-recomputed = 节假日安排调整，时限已重新计算
event-note = 内部备注
event-rated = 投诉人评价答复
event-appealed = 投诉人对答复提出申诉

error-not-found-title = 未找到
error-not-found = 您要找的页面或记录不存在。
error-forbidden-title = 无权访问
error-forbidden = 您没有权限进行此操作。
api-key-required = 此接口需要有效的接口密钥（由本局管理员签发），请在 Authorization 请求头中以 Bearer 方式提交。
error-conflict-title = 操作冲突
error-bad-request-title = 请求有误
error-too-large-title = 提交的内容过大
error-too-large = 提交的内容超过了系统可接收的大小，请删减后再试。
error-unavailable-title = 暂时无法服务
error-internal-title = 系统错误
error-internal = 系统出现错误，您的操作没有生效。请稍后再试，或拨打 12333。
error-unprocessable-title = 信息有误
error-throttled-title = 尝试次数过多
csrf-rejected = 表单已过期，请刷新页面后重新提交。

clock-on-track = 正常
clock-due-soon = 即将到期
clock-overdue = 已超期
clock-met = 按期办结
clock-missed = 超期办结
clock-paused = 暂停计时
# The names of the two clocks: an ordinary complaint's handling and decision
# limits, a labour-security inspection's acceptance and investigation limits.
clock-title-handling = 办理时限
clock-title-acceptance = 受理决定时限
clock-title-decision = 处理决定时限
clock-title-investigation = 调查处理时限

event-evidence-received = 材料已补齐，恢复计时
event-transferred-outside = 已移交外部机关
event-extension-requested = 申请延期
event-extension-approved = 处理期限已延长
event-extension-rejected = 延期未获批准
event-viewed-personal-data = 查看完整个人信息
event-forbidden-access = 越权访问被拒绝
event-paused-while-overdue = 已超期后才暂停计时
event-looked-up = 话务员查询工单
# 补充材料期限届满，系统恢复计时。
pause-expired-detail = 补充材料期限已过，恢复计时

## Numbers of days, in the unit of a time limit

working-days = { $n } 个工作日
calendar-days = { $n } 天

## A date with its weekday. $date is in ISO order (2026-11-25), which reads
## the same in every language; $weekday is one of mon, tue, … sun.

date-with-weekday = { $date }（{ $weekday ->
        [mon] 周一
        [tue] 周二
        [wed] 周三
        [thu] 周四
        [fri] 周五
        [sat] 周六
       *[sun] 周日
    }）

## The hint under a form field

length-hint = 最多 { $max } 字
# A field's own hint followed by its length limit.
hint-and-length = { $hint }；{ $length }

# One routing condition, as people read it.
criterion = { $kind ->
        [category] 投诉类别：{ $value }
        [district] 区域：{ $value }
        [respondent_kind] 被投诉对象：{ $value }
        [channel] 渠道：{ $value }
       *[keyword] 关键词：{ $value }
    }
# What the history says of a filing.
filed-detail = 渠道：{ $channel }；承办部门：{ $department }
# A name and what is said of it, as in an error summary.
labelled = { $label }：{ $text }
list-separator = {"；"}

# Open311 GeoReport v2（/open311/v2/）：客户端及其用户看到的文字。
open311-service-notice = 已登记为工单 { $ticket }，由{ $department }办理。请记下工单号，可拨打 12333 查询进度。
open311-group-services = 社会保障经办服务
open311-group-conduct = 工作人员作风
open311-group-inspection = 劳动保障监察
open311-description-service-attitude = 工作人员态度恶劣、多次往返、办事效率低。
open311-description-policy-execution = 用人单位未缴或少缴社会保险；养老金、失业金核定错误；转移或退休审批违规。
open311-description-privacy-rights = 个人信息泄露、待遇被冒领、因经办机构原因记录缺失。
open311-description-process-convenience = 材料清单不清楚、网上渠道无法使用、自助终端不能使用。
open311-description-reply-appeal = 对此前的答复不满意，要求重新核查（请注明原工单号）。
open311-description-staff-misconduct = 索贿受贿、故意刁难、指名工作人员泄露信息。由纪检监察机构办理，也可拨打 12388。
open311-description-labour-inspection = 用人单位拖欠工资、未签订书面劳动合同、未缴纳社会保险、强迫无偿加班。
open311-keywords-service-attitude = 态度, 工作人员, 等候, 效率
open311-keywords-policy-execution = 社会保险, 养老金, 失业金, 退休, 转移
open311-keywords-privacy-rights = 个人信息, 泄露, 冒领, 记录
open311-keywords-process-convenience = 材料, 网上办事, 自助终端, 流程
open311-keywords-reply-appeal = 申诉, 答复, 复核
open311-keywords-staff-misconduct = 受贿, 违纪, 刁难, 纪检
open311-keywords-labour-inspection = 工资, 劳动合同, 加班, 用人单位
open311-true-false = true（是）或 false（否）
open311-error-api-key = 提交诉求须使用本局发放的有效 api_key。
open311-error-jurisdiction = 本服务只受理辖区 { $jurisdiction } 的诉求。
open311-error-service-code = 没有编码为 { $code } 的服务。
open311-error-service-code-required = 必须填写 service_code。
open311-error-not-found = 没有该诉求。
open311-error-format = 资源或格式不存在：请使用 .json 或 .xml。
open311-error-method = 该资源不支持此请求方法，仅支持 { $allowed }。
open311-error-date = { $parameter } 须为带时区的日期时间，例如 2026-11-25T10:00:00+08:00。
open311-error-status = status 只能是 open 或 closed。
open311-error-body = 诉求须以 application/x-www-form-urlencoded 格式提交。
open311-error-field = attribute[{ $attribute }]：{ $message }
open311-error-refused = 未登记诉求：{ $why }{ $where }
open311-key-service = 提交诉求所需的 api_key 由本局管理员发放；查询无须 api_key。
open311-error-span = start_date 与 end_date 之间不得超过 { $days } 天。

## A due date past the loaded holiday calendar ($year: the notice awaited).
clock-provisional = 暂定
due-provisional-note = 暂定：{ $year }年节假日安排尚未公布，此日期可能变动。
# 公开读取与输入的限度（见 docs/security.md）。
# $seconds 为客户端应等待的秒数。
open311-error-throttled = 来自此地址的查询过于频繁，请在 { $seconds } 秒后重试。
open311-error-between = { $parameter } 须为 { $min } 至 { $max } 之间的整数。
# $parameter 为参数名；$earliest、$latest 为可填写的最早和最晚年份。
date-out-of-range = { $parameter } 须为 { $earliest } 年至 { $latest } 年之间的日期。
open311-error-api-key-in-query = api_key 不得放在网址中（代理和日志会记录网址）。请放在提交的正文中，或使用 X-Api-Key 请求头。

## Written notices (受理告知, 不予受理告知, 延期告知, 处理意见)
written-notices-title = 书面告知
written-notices-intro = 本局作出的受理、不予受理、延期和处理意见决定均出具书面告知，可下载 PDF 文件保存或打印。
written-notice-kind-acceptance = 受理告知
written-notice-kind-refusal = 不予受理告知
written-notice-kind-extension = 延期告知
written-notice-kind-reply = 处理意见
written-notice-issued = 出具日期
written-notice-download = 下载 PDF
notice-font-missing = 书面告知暂时无法生成：服务器缺少中文字体。请稍后再试，或联系本局。
event-notice-downloaded = 下载书面告知

## Files on tickets
files-title = 材料
files-hint = 可上传照片（JPEG、PNG）或 PDF 文件：最多 10 个，每个不超过 10 MB，合计不超过 20 MB。照片中的拍摄时间、地点、设备等信息会在保存前删除。
field-attachments = 证据材料（可选）
files-kept = 已收到的文件（再次提交时无需重新选择）：
files-none = 暂无材料。
file-download = 下载
file-delete = 删除
file-delete-reason = 删除原因
file-internal = 仅内部可见
file-deleted = 已于 { $at } 删除：{ $reason }
file-size-kb = { $n } KB
file-size-mb = { $n } MB
file-refused-too-many = { $name }：一次最多上传 10 个文件，此文件未保存。
file-refused-file-too-large = { $name }：文件超过 10 MB，未保存。请压缩或分开拍摄后再上传。
file-refused-action-too-large = { $name }：本次上传的文件合计超过 20 MB，此文件未保存。
file-refused-empty = { $name }：文件是空的，未保存。
file-refused-heic = { $name }：这是 HEIC 格式的照片，暂不支持。请在手机相机设置中选择"兼容性最佳"（JPEG）后重新拍摄，或截图后上传。
file-refused-type = { $name }：只接受 JPEG、PNG 照片或 PDF 文件。
file-refused-damaged = { $name }：文件已损坏或格式与内容不符，未保存。
origin-filing = 投诉时提交
origin-intake = 受理登记时扫描
origin-evidence = 补充材料
origin-reply = 答复附件
origin-note = 内部备注附件
origin-api = 接口提交
event-attachments-added = 添加材料
event-attachment-downloaded = 下载材料
event-attachment-deleted = 删除材料
event-marked-repeat = 作为重复件办结
event-repeat-undone = 撤销重复件
event-joined-case-group = 并案办理
event-left-case-group = 移出并案
event-call-back-recorded = 回访
evidence-answer-title = 提交补充材料
evidence-answer-intro = 承办人请您补充以下材料。选择文件并填写验证码后提交，办理时限随即恢复计算。
evidence-answer-asked = 需要补充的材料
btn-send-evidence = 提交材料
evidence-answer-done = 材料已收到，办理时限已恢复计算，承办人已收到通知。
evidence-answer-no-files = 请至少选择一个文件。
evidence-answer-not-open = 此工单目前没有待补充的材料。
file-deleted-done = 文件已删除，删除原因已记入工单记录。
file-col-name = 文件
file-col-origin = 来源
file-col-state = 状态
