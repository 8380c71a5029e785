import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import type { Transcript } from '../../../pipelines/contracts/transcript.js'
import { formatProblems } from '../../../pipelines/contracts/validate.js'
import { storedTranscript as rebuilt, type StoredCallRow } from './rows.js'
import { select } from './select.js'

/*
 * One call's stored Transcript, as the store keeps it: the newest version of its `calls` row with the utterances of
 * that version (what an inspector's role swap re-scores).
 */

const Row = z.object({
  call_id: z.string(),
  hotline: z.string(),
  agent_id: z.string(),
  agent_name: z.string(),
  team_id: z.string(),
  direction: z.string(),
  started_ms: z.number(),
  ring_seconds: z.number().nullable(),
  duration_seconds: z.number(),
  hangup_by: z.string().nullable(),
  customer_number: z.string().nullable(),
  recording_uri: z.string().nullable(),
  recording_channels: z.string().nullable(),
  asr_engine: z.string().nullable(),
  asr_model: z.string().nullable(),
  agent_max_dbfs: z.number().nullable(),
  customer_max_dbfs: z.number().nullable(),
  speaker_roles: z.string().nullable(),
  utterances: z.array(z.tuple([z.number(), z.string(), z.number(), z.number(), z.string()])),
})

export async function storedTranscript(client: ClickHouseClient, db: string, callId: string): Promise<Transcript | undefined> {
  const rows = await select(
    client,
    Row,
    `WITH latest AS (
       SELECT * FROM {db:Identifier}.calls WHERE call_id = {callId:String} ORDER BY updated_at DESC LIMIT 1
     )
     SELECT l.call_id AS call_id, hotline, agent_id, agent_name, team_id, direction,
            toFloat64(toUnixTimestamp64Milli(l.started_at)) AS started_ms, ring_seconds, duration_seconds, hangup_by,
            customer_number, recording_uri, recording_channels, asr_engine, asr_model, agent_max_dbfs, customer_max_dbfs,
            speaker_roles,
            arraySort(u -> u.1, groupArrayIf(CAST((u.idx, u.speaker, u.start_ms, u.end_ms, u.text), 'Tuple(UInt32, String, UInt32, UInt32, String)'), u.call_id != '')) AS utterances
     FROM latest AS l
     LEFT JOIN {db:Identifier}.utterances AS u ON u.call_id = l.call_id AND u.updated_at = l.updated_at
     GROUP BY call_id, hotline, agent_id, agent_name, team_id, direction, started_ms, ring_seconds, duration_seconds, hangup_by,
              customer_number, recording_uri, recording_channels, asr_engine, asr_model, agent_max_dbfs, customer_max_dbfs, speaker_roles`,
    { db, callId },
  )
  const row = rows[0]
  if (!row) return undefined
  const checked = rebuilt(row as StoredCallRow)
  if (!checked.ok) throw new Error(`stored call ${callId} is not a valid Transcript: ${formatProblems(checked.problems)}`)
  return checked.value
}
