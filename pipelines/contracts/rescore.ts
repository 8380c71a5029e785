import { z } from 'zod'
import { Ruleset } from './ruleset.js'
import { Transcript } from './transcript.js'

/*
 * RescoreRequest: the payload of callqa.calls.rescore.v1, one per archived call, produced by `callqa rescore` when
 * Kafka is configured and consumed by the scorer, whose Scorecard goes on to calls.scored.v1 like any other.
 * It carries the whole ruleset, so a scorer needs no file of it and every message says exactly what scored it.
 * Evolution: add optional fields only; a breaking change gets callqa.calls.rescore.v2.
 */
export const RescoreRequest = z.object({
  transcript: Transcript,
  ruleset: Ruleset,
})
export type RescoreRequest = z.infer<typeof RescoreRequest>
