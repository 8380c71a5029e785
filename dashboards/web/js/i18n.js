// Chinese first; English for whoever switches. The choice is kept in localStorage. Rule names come from the server
// (pipelines/contracts/rule-names.ts), the same names the settlement's exports print.
import { RULE_NAMES } from './rule-names.js'

const STRINGS = {
  zh: {
    appName: 'callqa 质检工作台',
    signIn: '登录',
    signOut: '退出',
    username: '用户名',
    password: '密码',
    nav: { queue: '质检队列', appeals: '申诉', calibrations: '校准', dashboards: '报表', settlements: '月度结算', mine: '我的通话', users: '用户管理', audit: '操作日志' },
    roles: { agent: '坐席', inspector: '质检员', supervisor: '主管', admin: '管理员' },
    lang: 'English',
    keysTitle: '快捷键',
    keys: {
      queue: [['j / k', '下一条 / 上一条'], ['Enter', '打开通话'], ['n / p', '下一页 / 上一页'], ['/', '筛选'], ['?', '显示快捷键']],
      call: [['空格', '播放 / 暂停'], ['j / k', '下一条 / 上一条违规项'], ['c', '确认违规'], ['o', '推翻（需填写理由）'], ['s', '提交复核'], ['Esc', '返回队列'], ['?', '显示快捷键']],
    },
    filters: { from: '开始日期', to: '结束日期（含当天）', team: '班组', agent: '坐席工号', rule: '规则', anyRule: '全部规则', minScore: '最低分', maxScore: '最高分', status: '状态', pending: '待复核', reviewed: '已复核', all: '全部', view: '范围', queueView: '需复核', allView: '全部通话', assignee: '分派给', mine: '只看分派给我的', apply: '筛选', reason: '原因', anyReason: '全部原因' },
    queue: { title: '质检队列', total: (n) => `共 ${n} 通`, page: (a, b) => `第 ${a} / ${b} 页`, prev: '上一页', next: '下一页', empty: '没有符合条件的通话', assign: '分派给…', assigned: (n, who) => `已将 ${n} 通分派给 ${who}`, pickCalls: '请先勾选通话', pickInspector: '请选择质检员' },
    cols: { time: '时间', agent: '坐席', team: '班组', score: '机评分', reviewed: '复核分', failed: '违规项', reason: '原因', assignee: '质检员', number: '客户号码' },
    reasons: { fatal: '致命', failed: '违规', sample: '抽检', pass: '通过' },
    call: {
      back: '← 返回', transcript: '转写', results: '评分项', noAudio: '没有可播放的录音', agent: '坐席', customer: '客户', unknown: '未分声道',
      machine: '机评', reviewedScore: '复核分', confirm: '确认', overturn: '推翻', comment: '备注 / 推翻理由', overall: '总体意见', submit: '提交复核', saved: '复核已保存',
      saveNext: '提交并打开下一通', noNext: '队列里没有下一通了',
      pass: '通过', fail: '不合格', na: '不适用', deduction: (n) => `扣 ${n} 分`, fatal: '致命', fatalZero: '致命（整通计 0 分）', history: '处理记录', appeals: '申诉',
      appeal: '申诉', appealReason: '申诉理由（至少 5 个字）', fileAppeal: '提交申诉', filed: '申诉已提交', underAppeal: '申诉中，复核结论不能再改',
      reviewOf: (who, at) => `${who} 于 ${at} 复核`, noReview: '尚未复核', decide: '裁决', uphold: '申诉成立', reject: '驳回', decisionComment: '裁决意见',
      ring: '振铃', duration: '时长', hangup: '挂机方', seconds: (n) => `${n} 秒`,
      bySound: { 'same-sound': '同音匹配', 'near-sound': '近音匹配' }, heard: (heard, phrase) => `转写为“${heard}”，按读音判定为“${phrase}”，请听录音确认`,
      score: '当前得分', status: { machine: '机评，未复核', reviewed: '已复核', 'under-appeal': '申诉中', appealed: '申诉已裁决' },
      verdict: {
        confirmed: (n) => `复核确认，扣 ${n} 分`, overturned: '复核推翻，不扣分', adjusted: (n, m) => `复核确认，调整为扣 ${n} 分（机评 ${m} 分）`,
        added: (n) => `质检补录，扣 ${n} 分`, upheld: '申诉成立，不扣分', open: '申诉中', rejected: '申诉驳回', pending: '待复核',
      },
      points: '扣分', pointsHint: (m) => `机评 ${m} 分；调整需写理由`,
      addTitle: '补录机评漏检的违规', addRule: '补录一条', removeAdded: '删除', addedRule: '规则', addedPoints: '扣分', addedFatal: '致命',
      addedFrom: '开始', addedTo: '结束', addedNow: '取当前播放位置', addedQuote: '原话（可选）', addedReason: '补录理由',
      addedBy: '质检补录',
      problems: {
        undecided: (names) => `还有违规项没有选择确认或推翻：${names}`,
        needReason: (names) => `推翻或调整扣分需要填写理由：${names}`,
        addedIncomplete: '补录的违规需要选择规则、填写扣分（0.5–100）、时间（分:秒）和理由',
      },
      reviewerSaid: (who) => `${who} 的复核意见`,
      reviewComment: '总体意见',
    },
    appeals: { title: '申诉', open: '待裁决', upheld: '成立', rejected: '驳回', none: '没有申诉', call: '通话', rule: '规则', reason: '理由', filedBy: '申诉人', reviewer: '复核人', status: '状态', decidedBy: '裁决人' },
    calibrations: { title: '校准', create: '新建校准', callId: '通话编号', name: '标题', inspectors: '质检员（逗号分隔）', submitted: '已提交', waiting: '等待其他质检员提交后显示结果', agreement: '一致率', majority: '多数意见', kappa: 'Fleiss κ', perInspector: '质检员与多数意见一致率', none: '没有校准任务', open: '进入' },
    actions: {
      'review.save': '复核', 'appeal.file': '申诉', 'appeal.decide': '裁决申诉', 'call.assign': '分派', 'call.unassign': '取消分派', 'calibration.create': '创建校准', 'calibration.review': '校准评分',
      'settlement.draft': '生成结算草稿', 'settlement.sign': '签发结算', 'user.create': '创建用户', 'user.update': '修改用户', 'user.password': '修改密码', 'user.password-reset': '重置密码',
    },
    settle: {
      title: '月度结算', month: '月份', draft: '按已确认违规生成结算草稿', none: '本月还没有结算版本', version: '版本', status: '状态', createdBy: '生成人',
      fines: '罚款（元）', rewards: '奖励（元）', net: '合计（元）', signedBy: '签发人', draft_: '草稿', signed: '已签发', sign: '签发', print: '打印',
      confirmSign: (m, v) => `确认签发 ${m} 第 ${v} 版？签发后不可更改，更正需生成新版本。`, signedNote: (who, at) => `${who} 于 ${at} 签发，不可更改；更正请生成新版本`,
      draftNote: '草稿：核对无误后由主管签发', calls: '通话', reviewed: '已复核', average: '月均分（复核分优先）', confirmed: '确认违规', fatal: '致命', total: '合计',
      warningsTitle: '签发前请注意', overrideLabel: '仍要现在签发的理由（至少 10 个字，记入操作日志）', overrideSign: '说明理由并签发', cancel: '取消',
      warning: {
        'open-appeals': (w) => `${w.count} 条罚款的申诉尚未裁决，裁决后罚款可能变化`,
        'unreviewed-fatal': (w) => `${w.count} 通机评致命的通话尚未复核`,
        'few-reviewed': (w) => `只复核了 ${w.reviewedCalls} / ${w.calls} 通（低于 ${Math.round(w.minReviewedShare * 1000) / 10}%）`,
      },
      openAppeal: '未裁决的申诉', unreviewedFatal: '未复核的致命通话',
      withheld: (calls) => `高分奖励待定：${calls} 复核后再定`,
      overridden: (who, reason) => `${who} 签发时说明：${reason}`,
      scoreNote: '月均分以复核分为准（申诉成立的扣分已退回），未复核的通话按机评分计；报表页的分数均为机评分。',
    },
    dashboards: { scoreNote: '报表中的分数均为机器评分（每通按最新评分计一次，未复核的也计入）；月度结算的平均分以复核分为准。' },
    account: {
      title: '修改密码', current: '当前密码', next: '新密码（至少 12 个字符）', repeat: '再输入一次新密码', save: '保存新密码', saved: '密码已修改，其他设备上的登录已退出',
      mustChange: '这是一次性密码，请先设置您自己的密码。', mismatch: '两次输入的新密码不一致', tooShort: '新密码至少 12 个字符',
    },
    users: {
      title: '用户管理', create: '新建用户', username: '用户名', displayName: '姓名', role: '角色', agentId: '坐席工号', status: '状态', actions: '操作',
      active: '启用', disabled: '已停用', mustChange: '待改密码', disable: '停用', enable: '启用', reset: '重置密码', edit: '保存修改',
      oneTime: (who, pw) => `${who} 的一次性密码：${pw}（只显示这一次，72 小时内有效，首次登录须修改）`,
      confirmDisable: (who) => `停用 ${who}？其所有登录会立即退出。`, confirmReset: (who) => `重置 ${who} 的密码？其所有登录会立即退出。`,
      created: (who) => `已创建 ${who}`, changed: (who) => `已修改 ${who}`,
    },
    audit: {
      title: '操作日志', at: '时间', actor: '操作人', action: '操作', target: '对象', change: '变更', from: '开始日期', to: '结束日期', anyAction: '全部操作',
      families: { review: '复核', appeal: '申诉', call: '分派', calibration: '校准', settlement: '结算', user: '用户' }, details: '查看前后内容', before: '之前', after: '之后', none: '没有记录', total: (n) => `共 ${n} 条`,
    },
    calendar: {
      current: (m) => `显示本月 ${m}`,
      'early-in-month': (m, today) => `今天是 ${today}，本月刚开始，显示上一个有通话的月份 ${m}；可在上方选择其他月份`,
      'current-empty': (m, today) => `本月（${today.slice(0, 7)}）还没有通话，显示最近有通话的月份 ${m}；可在上方选择其他月份`,
      'no-earlier-data': (m) => `显示本月 ${m}；还没有任何通话数据`,
    },
    error: '出错了',
    loading: '加载中…',
  },
  en: {
    appName: 'callqa QA workspace',
    signIn: 'Sign in',
    signOut: 'Sign out',
    username: 'Username',
    password: 'Password',
    nav: { queue: 'Review queue', appeals: 'Appeals', calibrations: 'Calibration', dashboards: 'Dashboards', settlements: 'Settlement', mine: 'My calls', users: 'Users', audit: 'Audit log' },
    roles: { agent: 'Agent', inspector: 'Inspector', supervisor: 'Supervisor', admin: 'Admin' },
    lang: '中文',
    keysTitle: 'Keyboard shortcuts',
    keys: {
      queue: [['j / k', 'Next / previous call'], ['Enter', 'Open call'], ['n / p', 'Next / previous page'], ['/', 'Filters'], ['?', 'Show shortcuts']],
      call: [['Space', 'Play / pause'], ['j / k', 'Next / previous failed rule'], ['c', 'Confirm'], ['o', 'Overturn (needs a reason)'], ['s', 'Submit review'], ['Esc', 'Back to queue'], ['?', 'Show shortcuts']],
    },
    filters: { from: 'From', to: 'To (inclusive)', team: 'Team', agent: 'Agent id', rule: 'Rule', anyRule: 'Any rule', minScore: 'Min score', maxScore: 'Max score', status: 'Status', pending: 'Pending', reviewed: 'Reviewed', all: 'All', view: 'Scope', queueView: 'Needs review', allView: 'All calls', assignee: 'Assigned to', mine: 'Only mine', apply: 'Filter', reason: 'Why', anyReason: 'Any reason' },
    queue: { title: 'Review queue', total: (n) => `${n} calls`, page: (a, b) => `Page ${a} of ${b}`, prev: 'Previous', next: 'Next', empty: 'No calls match', assign: 'Assign to…', assigned: (n, who) => `${n} calls assigned to ${who}`, pickCalls: 'Tick some calls first', pickInspector: 'Pick an inspector' },
    cols: { time: 'Time', agent: 'Agent', team: 'Team', score: 'Machine', reviewed: 'Reviewed', failed: 'Failed rules', reason: 'Why', assignee: 'Inspector', number: 'Caller' },
    reasons: { fatal: 'Fatal', failed: 'Failed', sample: 'Sample', pass: 'Pass' },
    call: {
      back: '← Back', transcript: 'Transcript', results: 'Rules', noAudio: 'No playable recording', agent: 'Agent', customer: 'Customer', unknown: 'Mixed',
      machine: 'Machine', reviewedScore: 'Reviewed', confirm: 'Confirm', overturn: 'Overturn', comment: 'Comment / reason to overturn', overall: 'Overall comment', submit: 'Submit review', saved: 'Review saved',
      saveNext: 'Submit and open the next call', noNext: 'No next call in the queue',
      pass: 'Pass', fail: 'Fail', na: 'N/A', deduction: (n) => `−${n}`, fatal: 'Fatal', fatalZero: 'Fatal (the call scores 0)', history: 'History', appeals: 'Appeals',
      appeal: 'Appeal', appealReason: 'Reason (at least 5 characters)', fileAppeal: 'File appeal', filed: 'Appeal filed', underAppeal: 'Under appeal: the review can no longer change',
      reviewOf: (who, at) => `Reviewed by ${who} at ${at}`, noReview: 'Not reviewed yet', decide: 'Decide', uphold: 'Uphold', reject: 'Reject', decisionComment: 'Decision comment',
      ring: 'Ring', duration: 'Duration', hangup: 'Hung up by', seconds: (n) => `${n} s`,
      bySound: { 'same-sound': 'same sound', 'near-sound': 'near sound' }, heard: (heard, phrase) => `Transcribed as “${heard}”, taken for “${phrase}” by its sound: listen before confirming`,
      score: 'Score now', status: { machine: 'Machine only, not reviewed', reviewed: 'Reviewed', 'under-appeal': 'Under appeal', appealed: 'Appeal decided' },
      verdict: {
        confirmed: (n) => `Confirmed, −${n}`, overturned: 'Overturned, no deduction', adjusted: (n, m) => `Confirmed, adjusted to −${n} (machine −${m})`,
        added: (n) => `Added by the reviewer, −${n}`, upheld: 'Appeal upheld, no deduction', open: 'Under appeal', rejected: 'Appeal rejected', pending: 'Not reviewed',
      },
      points: 'Points', pointsHint: (m) => `machine ${m}; a change needs a reason`,
      addTitle: 'Add a violation the machine missed', addRule: 'Add one', removeAdded: 'Remove', addedRule: 'Rule', addedPoints: 'Points', addedFatal: 'Fatal',
      addedFrom: 'From', addedTo: 'To', addedNow: 'Use the player position', addedQuote: 'What was said (optional)', addedReason: 'Why',
      addedBy: 'Added by the reviewer',
      problems: {
        undecided: (names) => `Confirm or overturn every failed rule: ${names}`,
        needReason: (names) => `An overturn or a changed deduction needs a reason: ${names}`,
        addedIncomplete: 'An added violation needs a rule, points (0.5–100), times (m:ss) and a reason',
      },
      reviewerSaid: (who) => `${who}'s review`,
      reviewComment: 'Overall comment',
    },
    appeals: { title: 'Appeals', open: 'Open', upheld: 'Upheld', rejected: 'Rejected', none: 'No appeals', call: 'Call', rule: 'Rule', reason: 'Reason', filedBy: 'Filed by', reviewer: 'Reviewer', status: 'Status', decidedBy: 'Decided by' },
    calibrations: { title: 'Calibration', create: 'New round', callId: 'Call id', name: 'Title', inspectors: 'Inspectors (comma-separated)', submitted: 'Submitted', waiting: 'Results appear once every inspector has submitted', agreement: 'Agreement', majority: 'Majority', kappa: 'Fleiss κ', perInspector: 'Agreement with the majority', none: 'No calibration rounds', open: 'Open' },
    actions: {
      'review.save': 'Review', 'appeal.file': 'Appeal', 'appeal.decide': 'Appeal decided', 'call.assign': 'Assigned', 'call.unassign': 'Unassigned', 'calibration.create': 'Calibration created', 'calibration.review': 'Calibration review',
      'settlement.draft': 'Settlement drafted', 'settlement.sign': 'Settlement signed', 'user.create': 'User created', 'user.update': 'User changed', 'user.password': 'Password changed', 'user.password-reset': 'Password reset',
    },
    settle: {
      title: 'Monthly settlement', month: 'Month', draft: 'Draft from confirmed violations', none: 'No settlement versions for this month yet', version: 'Version', status: 'Status', createdBy: 'Drafted by',
      fines: 'Fines (¥)', rewards: 'Rewards (¥)', net: 'Net (¥)', signedBy: 'Signed by', draft_: 'Draft', signed: 'Signed', sign: 'Sign off', print: 'Print',
      confirmSign: (m, v) => `Sign off ${m} version ${v}? A signed settlement cannot change; a correction is a new version.`, signedNote: (who, at) => `Signed by ${who} at ${at}; final. A correction is a new version.`,
      draftNote: 'Draft: a supervisor signs it once checked', calls: 'Calls', reviewed: 'Reviewed', average: 'Avg score (reviewed first)', confirmed: 'Confirmed', fatal: 'Fatal', total: 'Total',
      warningsTitle: 'Before signing', overrideLabel: 'Why sign now anyway (at least 10 characters; audited)', overrideSign: 'Sign with this reason', cancel: 'Cancel',
      warning: {
        'open-appeals': (w) => `${w.count} appeals against this month's fines are open; their fines may still change`,
        'unreviewed-fatal': (w) => `${w.count} calls the machine found fatal are not reviewed`,
        'few-reviewed': (w) => `only ${w.reviewedCalls} of ${w.calls} calls were reviewed (under ${Math.round(w.minReviewedShare * 1000) / 10}%)`,
      },
      openAppeal: 'Open appeals', unreviewedFatal: 'Unreviewed fatal calls',
      withheld: (calls) => `High score reward on hold until reviewed: ${calls}`,
      overridden: (who, reason) => `${who} signed anyway: ${reason}`,
      scoreNote: 'The average uses reviewed scores (less what upheld appeals gave back) and machine scores for unreviewed calls; the dashboards show machine scores only.',
    },
    dashboards: { scoreNote: 'Scores on the dashboards are machine scores (each call once, by its latest scorecard, reviewed or not); the monthly settlement uses reviewed scores.' },
    account: {
      title: 'Change password', current: 'Current password', next: 'New password (12+ characters)', repeat: 'New password again', save: 'Save the new password', saved: 'Password changed; your other sessions were signed out',
      mustChange: 'This is a one-time password: set your own first.', mismatch: 'The new passwords differ', tooShort: 'At least 12 characters',
    },
    users: {
      title: 'Users', create: 'New user', username: 'Username', displayName: 'Name', role: 'Role', agentId: 'Agent id', status: 'Status', actions: 'Actions',
      active: 'Active', disabled: 'Disabled', mustChange: 'Password to change', disable: 'Disable', enable: 'Enable', reset: 'Reset password', edit: 'Save changes',
      oneTime: (who, pw) => `One-time password for ${who}: ${pw} (shown only now, valid for 72 hours, to be changed at the first sign-in)`,
      confirmDisable: (who) => `Disable ${who}? All their sessions end at once.`, confirmReset: (who) => `Reset ${who}'s password? All their sessions end at once.`,
      created: (who) => `${who} created`, changed: (who) => `${who} changed`,
    },
    audit: {
      title: 'Audit log', at: 'Time', actor: 'By', action: 'Action', target: 'Object', change: 'Change', from: 'From', to: 'To', anyAction: 'Any action',
      families: { review: 'Reviews', appeal: 'Appeals', call: 'Assignments', calibration: 'Calibration', settlement: 'Settlement', user: 'Users' }, details: 'Before and after', before: 'Before', after: 'After', none: 'No entries', total: (n) => `${n} entries`,
    },
    calendar: {
      current: (m) => `Showing this month, ${m}`,
      'early-in-month': (m, today) => `Today is ${today} and the month has just begun: showing the last month with calls, ${m}. Pick another month above.`,
      'current-empty': (m, today) => `This month (${today.slice(0, 7)}) has no calls yet: showing the latest month with calls, ${m}. Pick another month above.`,
      'no-earlier-data': (m) => `Showing this month, ${m}; there are no calls yet`,
    },
    error: 'Something went wrong',
    loading: 'Loading…',
  },
}

export let lang = localStorage.getItem('callqa.lang') === 'en' ? 'en' : 'zh'
export let t = STRINGS[lang]
export const RULE_IDS = Object.keys(RULE_NAMES)
export const ruleName = (id) => RULE_NAMES[id]?.[lang] ?? id

export function setLang(next) {
  lang = next
  t = STRINGS[lang]
  localStorage.setItem('callqa.lang', lang)
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'
}
