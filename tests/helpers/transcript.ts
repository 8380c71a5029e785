import { Transcript, type Utterance } from '../../pipelines/contracts/transcript.js'

/*
 * Concise, always-valid transcripts for rule tests:
 *
 *   call({ ringSeconds: 6 }, [agent(0, 3000, '您好…'), customer(3200, 8000, '…')])
 *
 * Every transcript goes through the public Transcript contract, so a fixture that breaks it (overlapping turns of one
 * speaker, negative times) fails loudly instead of testing something no transcriber can produce.
 */

type UtteranceInput = Pick<Utterance, 'speaker' | 'startMs' | 'endMs' | 'text'>

export const agent = (startMs: number, endMs: number, text: string): UtteranceInput => ({ speaker: 'agent', startMs, endMs, text })
export const customer = (startMs: number, endMs: number, text: string): UtteranceInput => ({
  speaker: 'customer',
  startMs,
  endMs,
  text,
})
export const unknown = (startMs: number, endMs: number, text: string): UtteranceInput => ({
  speaker: 'unknown',
  startMs,
  endMs,
  text,
})

/** Call fields to change; a field set to `undefined` is left out of the transcript (a CDR without it). */
export type CallOptions = { [K in keyof Omit<Transcript, 'utterances'>]?: Transcript[K] | undefined }

/** The CDR every test call starts from. */
export const CALL_DEFAULTS: Omit<Transcript, 'utterances' | 'durationSeconds'> = {
  callId: 'C20261101-0001',
  hotline: '400-800-1234',
  agentId: 'A1001',
  agentName: '张三',
  teamId: 'T01',
  direction: 'inbound',
  startedAt: '2026-11-01T09:15:02+08:00',
  ringSeconds: 6,
  hangupBy: 'customer',
  customerNumber: '13800001234',
  recording: { uri: 'file:///data/rec/C20261101-0001.wav', channels: { agent: 0, customer: 1 } },
}

export function call(options: CallOptions = {}, utterances: UtteranceInput[] = []): Transcript {
  const lastEndMs = utterances.reduce((end, u) => Math.max(end, u.endMs), 0)
  const fields: Record<string, unknown> = { ...CALL_DEFAULTS, durationSeconds: Math.ceil(lastEndMs / 1000) + 2, ...options }
  for (const [key, value] of Object.entries(fields)) if (value === undefined) delete fields[key]
  return Transcript.parse({ ...fields, utterances })
}

/**
 * A call that passes every default rule: prompt answer, standard greeting, polite agent, ~140 characters a minute,
 * no overtalk, no hold, a recap and a closing, customer hangs up first.
 */
export function goodCall(options: CallOptions = {}): Transcript {
  return call(options, [
    agent(0, 6000, '您好，很高兴为您服务，请问有什么可以帮您？'),
    customer(6500, 11000, '你好，我想查一下我的订单到哪了。'),
    agent(11500, 19500, '好的，请您提供一下订单号，我帮您查询一下。'),
    customer(20000, 24000, '订单号是一二三四五六。'),
    agent(24500, 34500, '跟您确认一下，您的订单号是一二三四五六，对吗？'),
    customer(35000, 36000, '对的。'),
    agent(36500, 46500, '您的订单已经发货，预计明天送达。请问还有其他可以帮您的吗？'),
    customer(47000, 48500, '没有了，谢谢。'),
    agent(49000, 53000, '感谢您的来电，再见。'),
  ])
}

const FILLER = '这边已经为您登记好了后续会有专人跟进处理结果会通过短信发送到您的手机上'

/** `n` characters of neutral agent speech, without punctuation (so the normalised length is exactly `n`). */
export function filler(n: number): string {
  return FILLER.repeat(Math.ceil(n / FILLER.length)).slice(0, n)
}
