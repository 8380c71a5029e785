import { api, query } from '../api.js'
import { go, me } from '../app.js'
import { h, mount } from '../dom.js'
import { lang, ruleName, t } from '../i18n.js'
import { openingMonth } from '../month.js'

// The monthly meeting's charts (ECharts, served from the echarts package). Each panel's rows come from its one SQL
// query in the panel catalogue, the same query Grafana's dashboard runs.
let echartsLoaded

function loadEcharts() {
  echartsLoaded ??= new Promise((resolve, reject) => {
    const script = h('script', { src: '/vendor/echarts.min.js', onload: () => resolve(window.echarts), onerror: reject })
    document.head.append(script)
  })
  return echartsLoaded
}

export async function render(main, { params }) {
  const { month, note } = await openingMonth(params)
  const teamId = params.get('teamId') ?? ''
  const [{ panels }, echarts] = await Promise.all([api('GET', '/api/v1/dashboards'), loadEcharts()])
  const form = h(
    'form',
    { class: 'filters', onsubmit: (e) => (e.preventDefault(), go(`#/dashboards${query(Object.fromEntries(new FormData(e.target)))}`)) },
    h('label', {}, t.settle.month, h('input', { type: 'month', name: 'month', value: month })),
    me().role !== 'agent' && h('label', {}, t.filters.team, h('input', { name: 'teamId', value: teamId, size: 8 })),
    h('button', { type: 'submit' }, t.filters.apply),
  )
  const grid = h('div', { class: 'charts' })
  mount(main, h('h1', {}, t.nav.dashboards, h('small', {}, ` ${month}`)), note, form, h('p', { class: 'muted score-note' }, t.dashboards.scoreNote), grid)
  const charts = []
  await Promise.all(
    panels.map(async (panel) => {
      const box = h('div', { class: 'chart' })
      const note = h('p', { class: 'muted' }, panel.description[lang])
      grid.append(h('section', { class: 'panel', dataset: { panel: panel.id } }, h('h2', {}, panel.title[lang]), box, note))
      try {
        const { rows } = await api('GET', `/api/v1/dashboards/${panel.id}${query({ month, teamId })}`)
        const option = chartOption(panel.id, rows)
        if (!option) return void (box.replaceWith(h('p', { class: 'muted empty' }, emptyText(panel.id))))
        const chart = echarts.init(box)
        chart.setOption({ animation: false, tooltip: { trigger: 'axis' }, grid: { left: 50, right: 50, top: 40, bottom: 30 }, ...option })
        charts.push(chart)
      } catch (err) {
        box.replaceWith(h('p', { class: 'error' }, err.message))
      }
    }),
  )
  const resize = () => charts.forEach((c) => c.resize())
  window.addEventListener('resize', resize)
  return () => {
    window.removeEventListener('resize', resize)
    charts.forEach((c) => c.dispose())
  }
}

function emptyText(panelId) {
  if (panelId === 'answer-rate') return lang === 'zh' ? '本月的话单中没有未接通的电话，接通率无法计算（不显示虚假的 100%）。' : 'The CDR feed has no unanswered calls this month, so no answer rate is shown (rather than a false 100%).'
  return lang === 'zh' ? '本月没有数据' : 'No data this month'
}

/** Lines per team (or agent) over the days of the month. */
function byDay(rows, seriesKey, valueKey, extra = {}) {
  const days = [...new Set(rows.map((r) => r.day))].sort()
  const names = [...new Set(rows.map((r) => r[seriesKey]))].sort()
  const value = new Map(rows.map((r) => [`${r.day}|${r[seriesKey]}`, r[valueKey]]))
  return {
    legend: { type: 'scroll', top: 0 },
    xAxis: { type: 'category', data: days.map((d) => d.slice(5)) },
    yAxis: { type: 'value', scale: true },
    series: names.map((name, i) => ({ name, type: 'line', connectNulls: true, data: days.map((d) => value.get(`${d}|${name}`) ?? null), ...(i === 0 ? extra : {}) })),
  }
}

function chartOption(panelId, rows) {
  if (rows.length === 0) return null
  const round = (x) => Math.round(x * 10) / 10
  switch (panelId) {
    case 'score-distribution':
      return { xAxis: { type: 'category', data: rows.map((r) => `${r.bucket}–${r.bucket === 90 ? 100 : r.bucket + 9}`) }, yAxis: { type: 'value' }, series: [{ type: 'bar', data: rows.map((r) => r.calls), itemStyle: { color: '#1565c0' } }] }
    case 'score-trend-team':
      return byDay(rows.map((r) => ({ ...r, avgScore: round(r.avgScore) })), 'teamId', 'avgScore')
    case 'score-trend-agent':
      return byDay(rows.map((r) => ({ ...r, avgScore: round(r.avgScore) })), 'agentId', 'avgScore')
    case 'speech-rate-trend':
      return byDay(rows.map((r) => ({ ...r, avgCharsPerMinute: round(r.avgCharsPerMinute) })), 'teamId', 'avgCharsPerMinute', {
        markArea: { silent: true, itemStyle: { color: 'rgba(46,125,50,0.08)' }, data: [[{ yAxis: rows[0].bandLow }, { yAxis: rows[0].bandHigh }]] },
      })
    case 'overtalk-trend':
      return byDay(rows.map((r) => ({ ...r, overtalksPerCall: round(r.overtalksPerCall) })), 'teamId', 'overtalksPerCall')
    case 'violation-pareto':
      return {
        xAxis: { type: 'category', data: rows.map((r) => ruleName(r.ruleId)), axisLabel: { interval: 0, rotate: 30 } },
        yAxis: [{ type: 'value' }, { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } }],
        grid: { left: 50, right: 50, top: 20, bottom: 70 },
        series: [
          { type: 'bar', data: rows.map((r) => r.calls), itemStyle: { color: '#c62828' } },
          { type: 'line', yAxisIndex: 1, data: rows.map((r) => round(r.cumulativePct)) },
        ],
      }
    case 'top-agents':
    case 'bottom-agents':
      return {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        grid: { left: 110, right: 40, top: 10, bottom: 20 },
        xAxis: { type: 'value', min: (v) => Math.max(0, Math.floor(v.min - 5)), max: 100 },
        yAxis: { type: 'category', inverse: true, data: rows.map((r) => `${r.agentName || r.agentId} (${r.calls})`) },
        series: [{ type: 'bar', data: rows.map((r) => round(r.avgScore)), itemStyle: { color: panelId === 'top-agents' ? '#2e7d32' : '#c62828' }, label: { show: true, position: 'right' } }],
      }
    case 'review-backlog': {
      const days = [...new Set(rows.map((r) => r.day))].sort()
      const sum = (day, key) => rows.filter((r) => r.day === day).reduce((s, r) => s + r[key], 0)
      return {
        legend: { top: 0 },
        xAxis: { type: 'category', data: days.map((d) => d.slice(5)) },
        yAxis: { type: 'value' },
        series: [
          { name: t.filters.reviewed, type: 'bar', stack: 'all', data: days.map((d) => sum(d, 'reviewed')), itemStyle: { color: '#2e7d32' } },
          { name: t.filters.pending, type: 'bar', stack: 'all', data: days.map((d) => sum(d, 'backlog')), itemStyle: { color: '#ef6c00' } },
        ],
      }
    }
    case 'answer-rate':
      if (rows.every((r) => r.answerRate === null)) return null
      return {
        xAxis: { type: 'category', data: rows.map((r) => r.day.slice(5)) },
        yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        series: [{ type: 'line', connectNulls: true, data: rows.map((r) => (r.answerRate === null ? null : round(r.answerRate * 100))), markLine: { symbol: 'none', data: [{ yAxis: 85, name: '85%' }], lineStyle: { color: '#c62828' } } }],
      }
    default:
      return null
  }
}
