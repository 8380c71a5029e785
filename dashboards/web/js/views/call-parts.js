import { clock, h, parseClock } from '../dom.js'
import { RULE_IDS, ruleName, t } from '../i18n.js'

/*
 * What the call page and a calibration round share: the player with the transcript in sync, and the rule results
 * with their evidence, where the call stands on each, and the review controls (confirm / overturn, an adjusted
 * deduction, violations the machine missed).
 */

/** Player and transcript; returns the panel, `seek(ms)`, `mark(evidence)` and `position()` (ms) for the results panel. */
export function transcriptPanel(utterances, audioUrl) {
  const audio = audioUrl ? h('audio', { controls: true, preload: 'metadata', src: audioUrl }) : null
  const lines = utterances.map((u) =>
    h(
      'li',
      { class: `utt ${u.speaker}`, dataset: { start: u.startMs, end: u.endMs }, onclick: () => seek(u.startMs) },
      h('span', { class: 'who' }, t.call[u.speaker] ?? u.speaker),
      h('time', {}, clock(u.startMs)),
      h('span', { class: 'text' }, u.text),
    ),
  )
  const list = h('ol', { class: 'transcript' }, lines)
  let follow = true
  let selected = 0
  list.addEventListener('wheel', () => (follow = false), { passive: true })
  const seek = (ms) => {
    follow = true
    selected = ms
    if (!audio) return lines.find((l) => Number(l.dataset.start) >= ms)?.scrollIntoView({ block: 'center' })
    audio.currentTime = ms / 1000
    audio.play().catch(() => {})
  }
  audio?.addEventListener('timeupdate', () => {
    const ms = audio.currentTime * 1000
    for (const line of lines) {
      const on = Number(line.dataset.start) <= ms && ms < Number(line.dataset.end)
      if (on && !line.classList.contains('playing') && follow) line.scrollIntoView({ block: 'nearest' })
      line.classList.toggle('playing', on)
    }
  })
  /** Highlights the lines a rule's evidence points at. */
  const mark = (evidence) => {
    for (const line of lines) {
      const [start, end] = [Number(line.dataset.start), Number(line.dataset.end)]
      line.classList.toggle('evidence', evidence.some((e) => e.startMs !== undefined && e.startMs < end && (e.endMs ?? e.startMs + 1) > start))
    }
    list.querySelector('.evidence')?.scrollIntoView({ block: 'center' })
  }
  /** Where the player is (or the line last clicked, without a recording). */
  const position = () => (audio ? Math.round(audio.currentTime * 1000) : selected)
  const panel = h('section', { class: 'panel transcript-panel' }, h('h2', {}, t.call.transcript), audio ?? h('p', { class: 'muted' }, t.call.noAudio), list)
  return { panel, audio, seek, mark, position }
}

/** Where a rule stands after review and appeals, in words (outcome.rules of the call page). */
export function standingText(rule) {
  if (rule.appeal === 'upheld') return t.call.verdict.upheld
  const decided =
    rule.verdict === null
      ? t.call.verdict.pending
      : rule.verdict === 'overturned'
        ? t.call.verdict.overturned
        : rule.source === 'inspector'
          ? t.call.verdict.added(rule.deduction)
          : rule.machineDeduction !== undefined
            ? t.call.verdict.adjusted(rule.deduction, rule.machineDeduction)
            : t.call.verdict.confirmed(rule.deduction)
  return rule.appeal ? `${decided} · ${t.call.verdict[rule.appeal]}` : decided
}

function standingLine(rule) {
  if (!rule) return null
  const cls = rule.verdict === null ? 'pending' : rule.counts ? 'counts' : 'void'
  return h('p', { class: `standing ${cls}` }, standingText(rule), rule.comment && h('q', {}, rule.comment))
}

function evidenceList(evidence, seek, mark) {
  return h(
    'ul',
    { class: 'evidence' },
    evidence.map((e) =>
      h(
        'li',
        { onclick: () => (mark([e]), e.startMs !== undefined && seek(e.startMs)) },
        e.startMs !== undefined && h('time', {}, e.endMs !== undefined && e.endMs > e.startMs ? `${clock(e.startMs)}–${clock(e.endMs)}` : clock(e.startMs)),
        ' ',
        e.text && h('q', {}, e.text),
        ' ',
        // Found by its sound, not its text: the inspector listens before confirming.
        e.match && e.match.by !== 'text' && h('span', { class: 'badge by-sound', title: t.call.heard(e.match.heard, e.match.phrase) }, t.call.bySound[e.match.by]),
        ' ',
        h('span', { class: 'muted' }, e.note),
      ),
    ),
  )
}

/**
 * The scorecard's rules, each with where the call stands on it (`outcome`, when the page has one). With `decide`,
 * each failed rule gets confirm / overturn, its deduction and a comment, violations the machine missed can be added,
 * and submitting calls decide({ decisions, added, comment }, then); `previous` pre-fills an earlier review, `record`
 * (the review of record) shows the evidence of what it added, and `next` offers "submit and open the next call".
 */
export function resultsPanel(scorecard, { seek, mark, position, decide, previous, record, extra, outcome, next }) {
  const prior = new Map((previous?.decisions ?? []).map((d) => [d.ruleId, d]))
  const standing = new Map((outcome?.rules ?? []).filter((r) => r.source === 'machine').map((r) => [r.ruleId, r]))
  const items = []
  const rows = scorecard.results.map((r) => {
    const failed = r.outcome === 'fail'
    const before = prior.get(r.ruleId)
    const verdict = { value: before?.verdict ?? '' }
    const comment = h('input', { class: 'comment', placeholder: t.call.comment, value: before?.comment ?? '', maxlength: 2000 })
    const points = h('input', { class: 'points', type: 'number', min: 0.5, max: 100, step: 0.5, value: before?.deduction ?? r.deduction, title: t.call.pointsHint(r.deduction), 'aria-label': t.call.points })
    const buttons = ['confirmed', 'overturned'].map((v) =>
      h('button', { type: 'button', class: `verdict ${v}`, 'aria-pressed': verdict.value === v, onclick: () => choose(v) }, v === 'confirmed' ? t.call.confirm : t.call.overturn),
    )
    const choose = (v) => {
      verdict.value = v
      buttons.forEach((b) => b.setAttribute('aria-pressed', String(b.classList.contains(v))))
      points.disabled = v !== 'confirmed'
      if (v === 'overturned' && !comment.value) comment.focus()
    }
    const fatal = r.severity === 'fatal'
    const li = h(
      'li',
      { class: `result ${r.outcome}`, tabindex: failed ? 0 : -1, dataset: { rule: r.ruleId }, onfocus: () => mark(r.evidence) },
      h(
        'div',
        { class: 'head' },
        h('strong', {}, ruleName(r.ruleId)),
        h('span', { class: `badge ${r.outcome}` }, t.call[r.outcome]),
        // A fatal failure zeroes the call whatever its points: "扣 0 分" would say the opposite.
        failed && (fatal ? h('span', { class: 'badge fatal' }, t.call.fatalZero) : h('span', { class: 'deduction' }, t.call.deduction(r.deduction))),
      ),
      failed && standingLine(standing.get(r.ruleId)),
      evidenceList(r.evidence, seek, mark),
      failed && decide && h('div', { class: 'decide' }, buttons, h('label', { class: 'points-label' }, t.call.points, points), comment),
    )
    if (failed) items.push({ li, ruleId: r.ruleId, machine: r.deduction, verdict, comment, points, choose })
    return li
  })
  // What the reviewer added (漏检), as the call stands now.
  const addedRows = (outcome?.rules ?? [])
    .filter((r) => r.source === 'inspector')
    .map((r) => {
      const evidence = (record?.added ?? []).filter((a) => a.ruleId === r.ruleId).map((a) => ({ startMs: a.startMs, endMs: a.endMs, text: a.quote, note: a.comment }))
      return h(
        'li',
        { class: 'result fail added', dataset: { rule: r.ruleId }, onfocus: () => mark(evidence), tabindex: -1 },
        h('div', { class: 'head' }, h('strong', {}, ruleName(r.ruleId)), h('span', { class: 'badge added' }, t.call.addedBy), r.fatal ? h('span', { class: 'badge fatal' }, t.call.fatalZero) : h('span', { class: 'deduction' }, t.call.deduction(r.deduction))),
        standingLine(r),
        evidenceList(evidence, seek, mark),
      )
    })
  const editor = decide ? addedEditor(scorecard, previous?.added ?? [], position) : null
  const overall = h('textarea', { rows: 2, placeholder: t.call.overall, maxlength: 4000 }, previous?.comment ?? '')
  const status = h('p', { role: 'status', class: 'muted' })
  const submit = async (then) => {
    status.className = 'muted'
    status.textContent = ''
    const problem = reviewProblem(items) ?? editor?.problem()
    if (problem) {
      status.className = 'error'
      status.textContent = problem
      return
    }
    try {
      const decisions = items.map((i) => ({
        ruleId: i.ruleId,
        verdict: i.verdict.value,
        comment: i.comment.value,
        ...(i.verdict.value === 'confirmed' && Number(i.points.value) !== i.machine && { deduction: Number(i.points.value) }),
      }))
      await decide({ decisions, added: editor?.value() ?? [], comment: overall.value }, then)
      status.textContent = t.call.saved
    } catch (err) {
      status.textContent = [err.message, ...(err.problems ?? []).map((p) => p.message)].join(' · ')
      status.className = 'error'
    }
  }
  const panel = h(
    'section',
    { class: 'panel results-panel' },
    h('h2', {}, t.call.results, ' ', h('span', { class: 'score' }, `${t.call.machine} ${scorecard.score}`)),
    h('ol', { class: 'results' }, rows, addedRows),
    editor?.panel,
    decide &&
      h(
        'div',
        { class: 'submit' },
        overall,
        h('div', { class: 'buttons' }, h('button', { class: 'primary', id: 'submit-review', onclick: () => submit() }, t.call.submit), next && h('button', { id: 'submit-next', onclick: () => submit('next') }, t.call.saveNext)),
        status,
      ),
    extra,
  )
  let current = -1
  const focus = (i) => {
    if (items.length === 0) return
    current = (i + items.length) % items.length
    items[current].li.focus()
  }
  return {
    panel,
    next: () => focus(current + 1),
    prev: () => focus(current - 1),
    choose: (v) => current >= 0 && items[current].choose(v),
    submit: () => submit(),
  }
}

/** What keeps a review from being sent, in the reviewer's words (the server checks the same). */
function reviewProblem(items) {
  const undecided = items.filter((i) => i.verdict.value === '')
  if (undecided.length > 0) return t.call.problems.undecided(undecided.map((i) => ruleName(i.ruleId)).join('、'))
  const unexplained = items.filter((i) => i.comment.value.trim() === '' && (i.verdict.value === 'overturned' || Number(i.points.value) !== i.machine))
  if (unexplained.length > 0) return t.call.problems.needReason(unexplained.map((i) => ruleName(i.ruleId)).join('、'))
  return undefined
}

/** Rows for violations the machine missed: rule, points, fatal, where in the call, what was said, why. */
function addedEditor(scorecard, previous, position) {
  const failed = new Set(scorecard.results.filter((r) => r.outcome === 'fail').map((r) => r.ruleId))
  const candidates = RULE_IDS.filter((id) => !failed.has(id))
  const list = h('ol', { class: 'added-rows' })
  const rows = []
  const addRow = (a = {}) => {
    const rule = h('select', { name: 'ruleId' }, h('option', { value: '' }, '—'), candidates.map((id) => h('option', { value: id, selected: a.ruleId === id }, ruleName(id))))
    const points = h('input', { name: 'points', type: 'number', min: 0.5, max: 100, step: 0.5, value: a.deduction ?? '', size: 4 })
    const fatal = h('input', { name: 'fatal', type: 'checkbox', checked: a.fatal ?? false })
    const from = h('input', { name: 'from', value: a.startMs === undefined ? '' : clock(a.startMs), placeholder: '00:00', size: 6 })
    const to = h('input', { name: 'to', value: a.endMs === undefined ? '' : clock(a.endMs), placeholder: '00:00', size: 6 })
    const quote = h('input', { name: 'quote', value: a.quote ?? '', maxlength: 500, placeholder: t.call.addedQuote })
    const reason = h('input', { name: 'reason', value: a.comment ?? '', maxlength: 2000, placeholder: t.call.addedReason })
    const now = (input) => h('button', { type: 'button', class: 'link', title: t.call.addedNow, onclick: () => (input.value = clock(position())) }, '⏱')
    const li = h(
      'li',
      { class: 'added-row' },
      h('label', {}, t.call.addedRule, rule),
      h('label', {}, t.call.addedPoints, points),
      h('label', { class: 'check' }, fatal, t.call.addedFatal),
      h('label', {}, t.call.addedFrom, h('span', {}, from, now(from))),
      h('label', {}, t.call.addedTo, h('span', {}, to, now(to))),
      h('label', { class: 'grow' }, t.call.addedQuote, quote),
      h('label', { class: 'grow' }, t.call.addedReason, reason),
      h('button', { type: 'button', onclick: () => (li.remove(), rows.splice(rows.indexOf(row), 1)) }, t.call.removeAdded),
    )
    const row = {
      value: () => ({ ruleId: rule.value, deduction: Number(points.value), fatal: fatal.checked, startMs: parseClock(from.value), endMs: parseClock(to.value || from.value), quote: quote.value.trim(), comment: reason.value.trim() }),
    }
    rows.push(row)
    list.append(li)
  }
  previous.forEach(addRow)
  const panel = h('details', { class: 'added-editor', open: previous.length > 0 }, h('summary', {}, t.call.addTitle), list, h('button', { type: 'button', id: 'add-violation', onclick: () => addRow() }, t.call.addRule))
  const complete = (v) => v.ruleId !== '' && v.deduction >= 0.5 && v.deduction <= 100 && v.startMs !== undefined && v.endMs !== undefined && v.endMs >= v.startMs && v.comment.length >= 2
  return {
    panel,
    value: () => rows.map((r) => r.value()),
    problem: () => (rows.every((r) => complete(r.value())) ? undefined : t.call.problems.addedIncomplete),
  }
}
