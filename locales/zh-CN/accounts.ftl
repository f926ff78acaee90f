### 工作人员账号：设置密码的一次性链接，以及由他人设定密码的账号首次登录。

invitation-title = 设置您的密码
invitation-intro = 请设置您今后登录使用的密码。本链接只能使用一次；设置后请在工作人员登录页登录。
invitation-account = 账号
invitation-valid-until = 链接有效期至
btn-set-password = 设置密码
invitation-done-title = 密码已设置
invitation-done = 请使用您的用户名和新密码登录。本链接不能再次使用。
invitation-expired-title = 链接已过期
invitation-expired = 链接的有效期为 24 小时；为同一账号生成新链接后，旧链接即失效。请联系管理员重新发送链接。
invitation-used-title = 链接已被使用
invitation-used = 每个链接只能设置一次密码。如果不是您本人使用的，请立即告知管理员并申请新的链接。
invitation-unknown-title = 链接无效
invitation-unknown = 请确认链接已完整复制，或联系管理员重新发送链接。
btn-go-to-sign-in = 前往登录
password-change-required = 您的密码是由他人设定的。请先设置您自己的密码，然后用新密码重新登录。
reset-link-button = 重置链接
reset-link-title = 密码重置链接
reset-link-warning = 此链接只显示一次。请当面或通过仅该人员本人可见的渠道交给对方。链接只能使用一次，有效期 24 小时，并使之前的链接失效；在链接被使用之前，当前密码仍然有效。
reset-link-back = 返回账号列表
