import { z } from 'zod'
import { Call } from './call.js'
import { Ruleset } from './ruleset.js'

/*
 * RetranscribeRequest: the payload of callqa.calls.retranscribe.v1, one per archived call, produced by
 * `callqa rescore --retranscribe` when Kafka is configured and consumed by the transcriber workers. The transcriber
 * sends the new Transcript on as a RescoreRequest with the same ruleset, so the scorecard is of the request's ruleset
 * version whatever the scorer's own is. Evolution: add optional fields only; a breaking change gets a .v2 topic.
 */
export const RetranscribeRequest = z.object({
  call: Call,
  ruleset: Ruleset,
})
export type RetranscribeRequest = z.infer<typeof RetranscribeRequest>
