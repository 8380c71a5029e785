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

it('can be provisioned from its file as it is: every ${…} is one of its own variables, the data source among them', () => {
  for (const { text } of grafanaDashboards()) {
    const dashboard = JSON.parse(text) as {
      __inputs?: unknown
      __requires: Array<{ type: string; id: string }>
      templating: { list: Array<{ type: string; name: string; query: string }> }
      panels: Array<{ type: string; datasource: { type: string; uid: string }; targets: Array<{ datasource: { uid: string } }> }>
    }
    // File provisioning substitutes nothing: an import-time input (`${DS_…}` from __inputs) would stay literal.
    expect(dashboard.__inputs).toBeUndefined()
    const variables = new Set(dashboard.templating.list.map((v) => v.name))
    const references = [...text.matchAll(/\$\{(\w+)(?::\w+)?\}/g)].map((m) => m[1])
    expect(references.filter((name) => !variables.has(name!))).toEqual([])
    const source = dashboard.templating.list.find((v) => v.type === 'datasource')!
    expect(source.query).toBe('grafana-clickhouse-datasource')
    for (const panel of dashboard.panels) {
      expect(panel.datasource).toEqual({ type: source.query, uid: `\${${source.name}}` })
      for (const target of panel.targets) expect(target.datasource.uid).toBe(`\${${source.name}}`)
    }
    const required = dashboard.__requires.map((r) => `${r.type}:${r.id}`)
    expect(required).toContain('datasource:grafana-clickhouse-datasource')
    for (const type of new Set(dashboard.panels.map((p) => p.type))) expect(required).toContain(`panel:${type}`)
  }
})
