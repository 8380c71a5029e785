import { z } from 'zod'

/*
 * Call: one CDR plus a pointer to its recording. Public contract (../shared/DESIGN.md):
 * files users bring, the CLI's input and the payload of callqa.calls.recorded.v1.
 * Evolution: add optional fields only; never rename, retype or make a field required.
 * Unknown keys are dropped on parse, so an older reader accepts a newer writer's messages.
 */

export const SPEAKERS = ['agent', 'customer', 'unknown'] as const
export const Speaker = z.enum(SPEAKERS)
export type Speaker = z.infer<typeof Speaker>

const channelIndex = z.number().int().min(0).max(7)

export const ChannelMap = z.union([
  z.object({ agent: channelIndex, customer: channelIndex }).refine((m) => m.agent !== m.customer, {
    message: 'agent and customer must be on different channels',
  }),
  z.object({ mixed: channelIndex }),
])
export type ChannelMap = z.infer<typeof ChannelMap>

/** A recording that does not say which channel is whose: the agent on the left, as most recorders write it. */
export const DEFAULT_CHANNELS: ChannelMap = { agent: 0, customer: 1 }

export const Recording = z.object({
  uri: z.string().min(1),
  channels: ChannelMap.default(DEFAULT_CHANNELS),
})

export const callFields = {
  callId: z.string().min(1).max(200),
  hotline: z.string().min(1),
  agentId: z.string().min(1),
  agentName: z.string(),
  teamId: z.string().min(1),
  direction: z.enum(['inbound', 'outbound']),
  /** ISO-8601 with an offset, e.g. 2026-11-01T09:15:02+08:00. */
  startedAt: z.iso.datetime({ offset: true }),
  /** Seconds of ringing before the agent answered; absent → answer-speed is `na`. */
  ringSeconds: z.number().min(0).optional(),
  /**
   * false for a call offered to the hotline and never answered (abandoned while queued or ringing): a CDR feed's row
   * for the answer rate, with no recording. Absent → answered.
   */
  answered: z.boolean().optional(),
  durationSeconds: z.number().min(0),
  /** Absent → hangup-order is `na`. */
  hangupBy: z.enum(['agent', 'customer', 'system']).optional(),
  customerNumber: z.string().optional(),
  recording: Recording.optional(),
}

export const Call = z.object(callFields)
export type Call = z.infer<typeof Call>
