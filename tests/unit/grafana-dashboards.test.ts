import { readdirSync, readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { PANEL_IDS, PANELS } from '../../services/lib/clickhouse/dashboards.js'
import { grafanaDashboards, grafanaSql } from '../../services/lib/clickhouse/grafana.js'

it('the committed Grafana dashboards are exactly what grafana.ts generates', () => {
  const generated = grafanaDashboards()
  expect(readdirSync('dashboards/grafana').sort()).toEqual(generated.map((d) => d.file.split('/').pop()).sort())
  for (const { file, text } of generated) {
    expect(readFileSync(file, 'utf8') === text, `run: npm run dashboards:grafana (${file})`).toBe(true)
  }
})

it('every panel is in the Grafana dashboard, with its own SQL translated to Grafana macros and variables', () => {
  const panels = generatedPanels()
  expect(panels.map((p) => p.targets[0]!.rawSql)).toEqual(PANEL_IDS.map((id) => grafanaSql(PANELS[id].sql)))
  for (const { targets } of panels) {
    const sql = targets[0]!.rawSql
    expect(sql).toContain('${db}.')
    expect(sql).toMatch(/BETWEEN \$__fromTime_ms AND \$__toTime_ms/)
    expect(sql).not.toMatch(/(?<!\$)\{\w+:\w+/)
  }
})

it('a query parameter without a Grafana translation is refused, not passed through', () => {
  expect(() => grafanaSql('SELECT {other:String}')).toThrow('no Grafana translation for the query parameter {other:String}')
})

function generatedPanels(): Array<{ targets: Array<{ rawSql: string }> }> {
  const [dashboard] = grafanaDashboards()
  return (JSON.parse(dashboard!.text) as { panels: Array<{ targets: Array<{ rawSql: string }> }> }).panels
}
