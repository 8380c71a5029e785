// Chinese first; English for whoever switches. The choice is kept in localStorage.
const STRINGS = {
  zh: {
    appName: 'callqa 质检工作台',
    signIn: '登录',
    signOut: '退出',
    username: '用户名',
    password: '密码',
    wrongLogin: '用户名或密码错误',
    nav: { queue: '质检队列', appeals: '申诉', calibrations: '校准', dashboards: '报表', settlements: '月度结算', mine: '我的通话' },
    roles: { agent: '坐席', inspector: '质检员', supervisor: '主管', admin: '管理员' },
    lang: 'English',
    keysTitle: '快捷键',
    keys: {
      queue: [['j / k', '下一条 / 上一条'], ['Enter', '打开通话'], ['n / p', '下一页 / 上一页'], ['/', '筛选'], ['?', '显示快捷键']],
      call: [['空格', '播放 / 暂停'], ['j / k', '下一条 / 上一条违规项'], ['c', '确认违规'], ['o', '推翻（需填写理由）'], ['s', '提交复核'], ['Esc', '返回队列'], ['?', '显示快捷键']],
    },
    filters: { from: '开始日期', to: '结束日期', team: '班组', agent: '坐席工号', rule: '规则', anyRule: '全部规则', minScore: '最低分', maxScore: '最高分', status: '状态', pending: '待复核', reviewed: '已复核', all: '全部', view: '范围', queueView: '需复核', allView: '全部通话', assignee: '分派给', mine: '只看分派给我的', apply: '筛选' },
    queue: { title: '质检队列', total: (n) => `共 ${n} 通`, page: (a, b) => `第 ${a} / ${b} 页`, prev: '上一页', next: '下一页', empty: '没有符合条件的通话', assign: '分派给…', assigned: (n, who) => `已将 ${n} 通分派给 ${who}` },
    cols: { time: '时间', agent: '坐席', team: '班组', score: '机评分', reviewed: '复核分', failed: '违规项', reason: '原因', assignee: '质检员', number: '客户号码' },
    reasons: { fatal: '致命', failed: '违规', sample: '抽检', pass: '通过' },
    call: {
      back: '← 返回', transcript: '转写', results: '评分项', noAudio: '没有可播放的录音', agent: '坐席', customer: '客户', unknown: '未分声道',
      machine: '机评', reviewedScore: '复核分', confirm: '确认', overturn: '推翻', comment: '备注 / 推翻理由', overall: '总体意见', submit: '提交复核', saved: '复核已保存',
      pass: '通过', fail: '不合格', na: '不适用', deduction: (n) => `扣 ${n} 分`, fatal: '致命', history: '处理记录', appeals: '申诉',
      appeal: '申诉', appealReason: '申诉理由（至少 5 个字）', fileAppeal: '提交申诉', filed: '申诉已提交', underAppeal: '申诉中，复核结论不能再改',
      reviewOf: (who, at) => `${who} 于 ${at} 复核`, noReview: '尚未复核', decide: '裁决', uphold: '申诉成立', reject: '驳回', decisionComment: '裁决意见',
      ring: '振铃', duration: '时长', hangup: '挂机方', seconds: (n) => `${n} 秒`,
      bySound: { 'same-sound': '同音匹配', 'near-sound': '近音匹配' }, heard: (heard, phrase) => `转写为“${heard}”，按读音判定为“${phrase}”，请听录音确认`,
    },
    appeals: { title: '申诉', open: '待裁决', upheld: '成立', rejected: '驳回', none: '没有申诉', call: '通话', rule: '规则', reason: '理由', filedBy: '申诉人', reviewer: '复核人', status: '状态', decidedBy: '裁决人' },
    calibrations: { title: '校准', create: '新建校准', callId: '通话编号', name: '标题', inspectors: '质检员（逗号分隔）', submitted: '已提交', waiting: '等待其他质检员提交后显示结果', agreement: '一致率', majority: '多数意见', kappa: 'Fleiss κ', perInspector: '质检员与多数意见一致率', none: '没有校准任务', open: '进入' },
    actions: { 'review.save': '复核', 'appeal.file': '申诉', 'appeal.decide': '裁决申诉', 'call.assign': '分派', 'call.unassign': '取消分派', 'calibration.create': '创建校准', 'calibration.review': '校准评分' },
    settle: {
      title: '月度结算', month: '月份', draft: '按已确认违规生成结算草稿', none: '本月还没有结算版本', version: '版本', status: '状态', createdBy: '生成人',
      fines: '罚款（元）', rewards: '奖励（元）', net: '合计（元）', signedBy: '签发人', draft_: '草稿', signed: '已签发', sign: '签发', print: '打印',
      confirmSign: (m, v) => `确认签发 ${m} 第 ${v} 版？签发后不可更改，更正需生成新版本。`, signedNote: (who, at) => `${who} 于 ${at} 签发，不可更改；更正请生成新版本`,
      draftNote: '草稿：核对无误后由主管签发', calls: '通话', reviewed: '已复核', average: '月均分', confirmed: '确认违规', fatal: '致命', total: '合计',
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
    wrongLogin: 'Wrong username or password',
    nav: { queue: 'Review queue', appeals: 'Appeals', calibrations: 'Calibration', dashboards: 'Dashboards', settlements: 'Settlement', mine: 'My calls' },
    roles: { agent: 'Agent', inspector: 'Inspector', supervisor: 'Supervisor', admin: 'Admin' },
    lang: '中文',
    keysTitle: 'Keyboard shortcuts',
    keys: {
      queue: [['j / k', 'Next / previous call'], ['Enter', 'Open call'], ['n / p', 'Next / previous page'], ['/', 'Filters'], ['?', 'Show shortcuts']],
      call: [['Space', 'Play / pause'], ['j / k', 'Next / previous failed rule'], ['c', 'Confirm'], ['o', 'Overturn (needs a reason)'], ['s', 'Submit review'], ['Esc', 'Back to queue'], ['?', 'Show shortcuts']],
    },
    filters: { from: 'From', to: 'To', team: 'Team', agent: 'Agent id', rule: 'Rule', anyRule: 'Any rule', minScore: 'Min score', maxScore: 'Max score', status: 'Status', pending: 'Pending', reviewed: 'Reviewed', all: 'All', view: 'Scope', queueView: 'Needs review', allView: 'All calls', assignee: 'Assigned to', mine: 'Only mine', apply: 'Filter' },
    queue: { title: 'Review queue', total: (n) => `${n} calls`, page: (a, b) => `Page ${a} of ${b}`, prev: 'Previous', next: 'Next', empty: 'No calls match', assign: 'Assign to…', assigned: (n, who) => `${n} calls assigned to ${who}` },
    cols: { time: 'Time', agent: 'Agent', team: 'Team', score: 'Machine', reviewed: 'Reviewed', failed: 'Failed rules', reason: 'Why', assignee: 'Inspector', number: 'Caller' },
    reasons: { fatal: 'Fatal', failed: 'Failed', sample: 'Sample', pass: 'Pass' },
    call: {
      back: '← Back', transcript: 'Transcript', results: 'Rules', noAudio: 'No playable recording', agent: 'Agent', customer: 'Customer', unknown: 'Mixed',
      machine: 'Machine', reviewedScore: 'Reviewed', confirm: 'Confirm', overturn: 'Overturn', comment: 'Comment / reason to overturn', overall: 'Overall comment', submit: 'Submit review', saved: 'Review saved',
      pass: 'Pass', fail: 'Fail', na: 'N/A', deduction: (n) => `−${n}`, fatal: 'Fatal', history: 'History', appeals: 'Appeals',
      appeal: 'Appeal', appealReason: 'Reason (at least 5 characters)', fileAppeal: 'File appeal', filed: 'Appeal filed', underAppeal: 'Under appeal: the review can no longer change',
      reviewOf: (who, at) => `Reviewed by ${who} at ${at}`, noReview: 'Not reviewed yet', decide: 'Decide', uphold: 'Uphold', reject: 'Reject', decisionComment: 'Decision comment',
      ring: 'Ring', duration: 'Duration', hangup: 'Hung up by', seconds: (n) => `${n} s`,
      bySound: { 'same-sound': 'same sound', 'near-sound': 'near sound' }, heard: (heard, phrase) => `Transcribed as “${heard}”, taken for “${phrase}” by its sound: listen before confirming`,
    },
    appeals: { title: 'Appeals', open: 'Open', upheld: 'Upheld', rejected: 'Rejected', none: 'No appeals', call: 'Call', rule: 'Rule', reason: 'Reason', filedBy: 'Filed by', reviewer: 'Reviewer', status: 'Status', decidedBy: 'Decided by' },
    calibrations: { title: 'Calibration', create: 'New round', callId: 'Call id', name: 'Title', inspectors: 'Inspectors (comma-separated)', submitted: 'Submitted', waiting: 'Results appear once every inspector has submitted', agreement: 'Agreement', majority: 'Majority', kappa: 'Fleiss κ', perInspector: 'Agreement with the majority', none: 'No calibration rounds', open: 'Open' },
    actions: { 'review.save': 'Review', 'appeal.file': 'Appeal', 'appeal.decide': 'Appeal decided', 'call.assign': 'Assigned', 'call.unassign': 'Unassigned', 'calibration.create': 'Calibration created', 'calibration.review': 'Calibration review' },
    settle: {
      title: 'Monthly settlement', month: 'Month', draft: 'Draft from confirmed violations', none: 'No settlement versions for this month yet', version: 'Version', status: 'Status', createdBy: 'Drafted by',
      fines: 'Fines (¥)', rewards: 'Rewards (¥)', net: 'Net (¥)', signedBy: 'Signed by', draft_: 'Draft', signed: 'Signed', sign: 'Sign off', print: 'Print',
      confirmSign: (m, v) => `Sign off ${m} version ${v}? A signed settlement cannot change; a correction is a new version.`, signedNote: (who, at) => `Signed by ${who} at ${at}; final. A correction is a new version.`,
      draftNote: 'Draft: a supervisor signs it once checked', calls: 'Calls', reviewed: 'Reviewed', average: 'Avg score', confirmed: 'Confirmed', fatal: 'Fatal', total: 'Total',
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

export const RULES = {
  zh: {
    'answer-speed': '三响接听', greeting: '标准开场白', 'forbidden-phrase': '服务忌语', 'polite-words': '礼貌用语', 'speech-rate': '语速适中',
    interruption: '不抢话', 'hold-checkin': '静音安抚', recap: '复述确认', closing: '标准结束语', 'hangup-order': '客户先挂机', volume: '音量适中',
  },
  en: {
    'answer-speed': 'Answer within 3 rings', greeting: 'Standard greeting', 'forbidden-phrase': 'Forbidden phrases', 'polite-words': 'Polite words', 'speech-rate': 'Speech rate',
    interruption: 'No interrupting', 'hold-checkin': 'Hold check-ins', recap: 'Recap', closing: 'Standard closing', 'hangup-order': 'Customer hangs up first', volume: 'Volume',
  },
}

export let lang = localStorage.getItem('callqa.lang') === 'en' ? 'en' : 'zh'
export let t = STRINGS[lang]
export const ruleName = (id) => RULES[lang][id] ?? id

export function setLang(next) {
  lang = next
  t = STRINGS[lang]
  localStorage.setItem('callqa.lang', lang)
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'
}
