import { h, clock } from '../dom.js'
import { ruleName, t } from '../i18n.js'

/*
 * What the call page and a calibration round share: the player with the transcript in sync, and the rule results
 * with their evidence and the confirm / overturn controls.
 */

/** Player and transcript; returns the panel and `seek(ms)` / `mark(evidence)` for the results panel. */
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
  list.addEventListener('wheel', () => (follow = false), { passive: true })
  const seek = (ms) => {
    follow = true
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
  const panel = h('section', { class: 'panel transcript-panel' }, h('h2', {}, t.call.transcript), audio ?? h('p', { class: 'muted' }, t.call.noAudio), list)
  return { panel, audio, seek, mark }
}

/**
 * The scorecard's rules. With `decide`, each failed rule gets confirm / overturn and a comment, and submitting
 * calls decide({ decisions, comment }); `previous` pre-fills an earlier review.
 */
export function resultsPanel(scorecard, { seek, mark, decide, previous, extra }) {
  const prior = new Map((previous?.decisions ?? []).map((d) => [d.ruleId, d]))
  const items = []
  const rows = scorecard.results.map((r) => {
    const failed = r.outcome === 'fail'
    const verdict = { value: prior.get(r.ruleId)?.verdict ?? '' }
    const comment = h('input', { class: 'comment', placeholder: t.call.comment, value: prior.get(r.ruleId)?.comment ?? '', maxlength: 2000 })
    const buttons = ['confirmed', 'overturned'].map((v) =>
      h('button', { type: 'button', class: `verdict ${v}`, 'aria-pressed': verdict.value === v, onclick: () => choose(v) }, v === 'confirmed' ? t.call.confirm : t.call.overturn),
    )
    const choose = (v) => {
      verdict.value = v
      buttons.forEach((b) => b.setAttribute('aria-pressed', String(b.classList.contains(v))))
      if (v === 'overturned' && !comment.value) comment.focus()
    }
    const li = h(
      'li',
      { class: `result ${r.outcome}`, tabindex: failed ? 0 : -1, dataset: { rule: r.ruleId }, onfocus: () => mark(r.evidence) },
      h('div', { class: 'head' }, h('strong', {}, ruleName(r.ruleId)), h('span', { class: `badge ${r.outcome}` }, t.call[r.outcome]), failed && h('span', { class: 'deduction' }, t.call.deduction(r.deduction)), r.severity === 'fatal' && h('span', { class: 'badge fatal' }, t.call.fatal)),
      h(
        'ul',
        { class: 'evidence' },
        r.evidence.map((e) =>
          h(
            'li',
            { onclick: () => (mark([e]), e.startMs !== undefined && seek(e.startMs)) },
            e.startMs !== undefined && h('time', {}, clock(e.startMs)),
            ' ',
            e.text && h('q', {}, e.text),
            ' ',
            // Found by its sound, not its text: the inspector listens before confirming.
            e.match && e.match.by !== 'text' && h('span', { class: 'badge by-sound', title: t.call.heard(e.match.heard, e.match.phrase) }, t.call.bySound[e.match.by]),
            ' ',
            h('span', { class: 'muted' }, e.note),
          ),
        ),
      ),
      failed && decide && h('div', { class: 'decide' }, buttons, comment),
    )
    if (failed) items.push({ li, ruleId: r.ruleId, verdict, comment, choose })
    return li
  })
  const overall = h('textarea', { rows: 2, placeholder: t.call.overall, maxlength: 4000 }, previous?.comment ?? '')
  const status = h('p', { role: 'status', class: 'muted' })
  const submit = async () => {
    status.textContent = ''
    try {
      await decide({ decisions: items.map((i) => ({ ruleId: i.ruleId, verdict: i.verdict.value, comment: i.comment.value })), comment: overall.value })
      status.textContent = t.call.saved
    } catch (err) {
      status.textContent = [err.message, ...err.problems.map((p) => `${p.path}: ${p.message}`)].join(' · ')
      status.className = 'error'
    }
  }
  const panel = h(
    'section',
    { class: 'panel results-panel' },
    h('h2', {}, t.call.results, ' ', h('span', { class: 'score' }, `${t.call.machine} ${scorecard.score}`)),
    h('ol', { class: 'results' }, rows),
    decide && h('div', { class: 'submit' }, overall, h('button', { class: 'primary', id: 'submit-review', onclick: submit }, t.call.submit), status),
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
    submit,
  }
}
