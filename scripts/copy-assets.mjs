// tsc compiles only TypeScript; the runtime also needs the default ruleset, the SQL migrations, the ASR sidecar
// (Python) and the web UI beside the JS, and the benchmarks their test calls' script, ruleset and synthesiser.
import { cpSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const ASSET = /\.(ya?ml|sql|py)$/
function copyAssets(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) copyAssets(path)
    else if (ASSET.test(name)) cpSync(path, join('dist', path))
  }
}
for (const root of ['pipelines', 'services', 'models', 'bench']) copyAssets(root)
// The web UI is static files as they are.
cpSync('dashboards/web', 'dist/dashboards/web', { recursive: true })
