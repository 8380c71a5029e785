import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { PANEL_IDS, PANELS, type ChartKind, type PanelId } from './dashboards.js'

/*
 * The dashboards' panels for Grafana's ClickHouse data source (grafana-clickhouse-datasource), made from the same
 * SQL as the web UI's. `npm run dashboards:grafana` rewrites dashboards/grafana/*.json;
 * tests/unit/grafana-dashboards.test.ts fails when the committed files differ from what this module generates.
 */

// The data source is a dashboard variable, not an import-time input (`${DS_…}` with __inputs): Grafana substitutes
// inputs only when a person imports the file through the UI, so a dashboard provisioned from disk kept the literal
// `${DS_CLICKHOUSE}` and every panel failed. A datasource variable works both ways and picks the first ClickHouse.
const PLUGIN = 'grafana-clickhouse-datasource'
const DATASOURCE = { type: PLUGIN, uid: '${datasource}' }

// Query parameters → Grafana's macros and dashboard variables. A custom "All" value is inserted as is, so All
// becomes '' — what the SQL's optional filters take for "no filter".
const TRANSLATIONS: ReadonlyArray<[string, string]> = [
  ['fromUnixTimestamp64Milli({fromMs:Int64})', '$__fromTime_ms'],
  ['fromUnixTimestamp64Milli({toMs:Int64})', '$__toTime_ms'],
  ['{db:Identifier}', '${db}'],
  ['{team:String}', '${team:sqlstring}'],
  ['{agent:String}', '${agent:sqlstring}'],
  ['{limit:UInt32}', '${limit}'],
  ['{passScore:Float64}', '${pass_score}'],
  ['{bandLow:Float64}', '${band_low}'],
  ['{bandHigh:Float64}', '${band_high}'],
]

/** A panel's SQL with Grafana's macros and variables in place of the query parameters. */
export function grafanaSql(sql: string): string {
  let out = sql
  for (const [param, grafana] of TRANSLATIONS) out = out.replaceAll(param, grafana)
  const left = /(?<!\$)\{\w+:[^}]+\}/.exec(out)
  if (left) throw new Error(`no Grafana translation for the query parameter ${left[0]}`)
  const lines = out.split('\n').filter((line) => line.trim() !== '')
  const indent = Math.min(...lines.map((line) => /^ */.exec(line)![0].length))
  return lines.map((line) => line.slice(indent).trimEnd()).join('\n')
}

const PANEL_TYPE: Record<ChartKind, string> = {
  histogram: 'barchart',
  line: 'timeseries',
  pareto: 'barchart',
  ranking: 'table',
  'stacked-bar': 'barchart',
}

// The plugin's query formats: 0 time series (long rows become one series per team or agent), 1 table.
const FORMAT: Record<ChartKind, 0 | 1> = { histogram: 1, line: 0, pareto: 1, ranking: 1, 'stacked-bar': 1 }

/** What a panel shows beyond its rows: the centre's targets as thresholds, units, stacking. */
function fieldConfig(id: PanelId): object {
  switch (id) {
    case 'answer-rate':
      return {
        defaults: {
          unit: 'percentunit',
          min: 0,
          max: 1,
          noValue: 'CDR 中无未接来电 / no unanswered calls in the CDR feed',
          thresholds: { mode: 'absolute', steps: [{ color: 'red', value: null }, { color: 'green', value: 0.85 }] },
          custom: { thresholdsStyle: { mode: 'line' } },
        },
        overrides: [],
      }
    case 'speech-rate-trend':
      return {
        defaults: {
          thresholds: {
            mode: 'absolute',
            steps: [{ color: 'orange', value: null }, { color: 'green', value: 140 }, { color: 'orange', value: 160 }],
          },
          custom: { thresholdsStyle: { mode: 'line+area' } },
        },
        overrides: [],
      }
    case 'review-backlog':
      return { defaults: { custom: { stacking: { mode: 'normal' } } }, overrides: [] }
    default:
      return { defaults: {}, overrides: [] }
  }
}

function grafanaPanel(id: PanelId, index: number): object {
  const panel = PANELS[id]
  const format = FORMAT[panel.chart]
  return {
    id: index + 1,
    type: PANEL_TYPE[panel.chart],
    title: `${panel.title.zh} / ${panel.title.en}`,
    description: `${panel.description.zh}\n${panel.description.en}`,
    datasource: DATASOURCE,
    gridPos: { h: 9, w: 12, x: (index % 2) * 12, y: Math.floor(index / 2) * 9 },
    fieldConfig: fieldConfig(id),
    options: {},
    targets: [
      {
        refId: 'A',
        datasource: DATASOURCE,
        editorType: 'sql',
        queryType: format === 0 ? 'timeseries' : 'table',
        format,
        rawSql: grafanaSql(panel.sql),
      },
    ],
  }
}

const textbox = (name: string, label: string, value: string) => ({
  type: 'textbox',
  name,
  label,
  query: value,
  current: { text: value, value },
})

const choice = (name: string, label: string, sql: string) => ({
  type: 'query',
  name,
  label,
  datasource: DATASOURCE,
  query: sql,
  definition: sql,
  refresh: 1,
  includeAll: true,
  allValue: "''",
  current: { text: 'All', value: '$__all' },
})

function dashboard(): object {
  const panelTypes = [...new Set(PANEL_IDS.map((id) => PANEL_TYPE[PANELS[id].chart]))].sort()
  return {
    // What Grafana checks before it loads the dashboard: its own version, the plugin, the panel types.
    __requires: [
      { type: 'grafana', id: 'grafana', name: 'Grafana', version: '10.0.0' },
      { type: 'datasource', id: PLUGIN, name: 'ClickHouse', version: '4.0.0' },
      ...panelTypes.map((id) => ({ type: 'panel', id, name: id, version: '' })),
    ],
    uid: 'callqa-monthly',
    title: 'callqa 月度质检 / monthly QA',
    tags: ['callqa'],
    timezone: 'Asia/Shanghai',
    time: { from: 'now/M', to: 'now/M' },
    schemaVersion: 39,
    editable: true,
    templating: {
      list: [
        { type: 'datasource', name: 'datasource', label: '数据源 / data source', query: PLUGIN, refresh: 1, current: {} },
        textbox('db', '数据库 / database', 'callqa'),
        choice('team', '班组 / team', 'SELECT DISTINCT toString(team_id) FROM ${db}.call_latest ORDER BY 1'),
        choice(
          'agent',
          '坐席 / agent',
          "SELECT DISTINCT toString(agent_id) FROM ${db}.call_latest WHERE ${team:sqlstring} = '' OR team_id = ${team:sqlstring} ORDER BY 1",
        ),
        textbox('limit', '排名人数 / ranking size', '10'),
        textbox('pass_score', '合格分 / pass score', '60'),
        textbox('band_low', '语速下限 / speech rate low', '140'),
        textbox('band_high', '语速上限 / speech rate high', '160'),
      ],
    },
    panels: PANEL_IDS.map(grafanaPanel),
  }
}

/** The files under dashboards/grafana/, relative to the repository, and their text. */
export function grafanaDashboards(): Array<{ file: string; text: string }> {
  return [{ file: 'dashboards/grafana/callqa-monthly.json', text: `${JSON.stringify(dashboard(), null, 2)}\n` }]
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const { file, text } of grafanaDashboards()) {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, text)
    console.log(`wrote ${file}`)
  }
}
