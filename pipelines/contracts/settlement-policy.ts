import { z } from 'zod'
import { RULE_IDS } from './rule-ids.js'
import { RuleId } from './scorecard.js'

/*
 * Settlement policy: how a month's confirmed violations, complaints and praise turn into fines and rewards
 * (../shared/RULES.md, "奖优罚劣"). A YAML file like a ruleset (pipelines/settlement/default-policy.yaml is the house
 * default; a centre's own file may `extends: default`). Amounts are yuan with at most two decimals (fen).
 * Evolution: a new setting must come with a default so that existing company files stay valid.
 */

const yuan = z
  .number()
  .min(0)
  .max(1_000_000)
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, { message: 'an amount in yuan with at most two decimals (fen)' })

/**
 * Fines by the n-th confirmed violation of the month: the 1st pays ladder[0], the 2nd ladder[1], and every one past
 * the end of the ladder pays its last step. `capPerMonth` limits what one agent pays on this scale in a month.
 */
export const FineScale = z.strictObject({ ladder: z.array(yuan).min(1), capPerMonth: yuan.optional() })
export type FineScale = z.output<typeof FineScale>

const Category = FineScale.extend({
  name: z.string().optional(),
  /** Repeats of any of these rules count together. */
  rules: z.array(RuleId).min(1),
})

const key = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, . _ - (e.g. attitude)')

export const SettlementPolicy = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, . _ - (e.g. acme-2026)'),
    version: z.number().int().min(1),
    name: z.string().optional(),
    fines: z.strictObject({
      /** Any rule not named below; repeats counted per rule ("同一违规"). */
      default: FineScale,
      /** A scale of its own for a rule; repeats counted per rule. */
      rules: z
        .strictObject(
          Object.fromEntries(RULE_IDS.map((id) => [id, FineScale.optional()])) as { [Id in (typeof RULE_IDS)[number]]: z.ZodOptional<typeof FineScale> },
        )
        .default({}),
      /** Rules whose repeats count together on one scale. */
      categories: z.record(key, Category).default({}),
      /** A violation whose rule result is fatal counts here, whatever its rule; repeats counted across fatal ones. */
      fatal: FineScale.optional(),
    }),
    complaints: z
      .strictObject({
        /** Paid by the agent the complaint is about, per complaint. */
        perComplaint: yuan.default(0),
        /** Once the agent's complaints in the month reach `count`, one more fine of `fine`. */
        monthly: z.strictObject({ count: z.number().int().min(1), fine: yuan }).optional(),
      })
      .default({ perComplaint: 0 }),
    rewards: z
      .strictObject({
        /** An agent whose average score over at least `minCalls` calls reaches `minAverage`. */
        score: z
          .strictObject({
            minAverage: z.number().min(0).max(100),
            minCalls: z.number().int().min(1),
            amount: yuan,
            /** Not when the agent has a confirmed fatal violation in the month. */
            noFatal: z.boolean().default(true),
          })
          .optional(),
        /** Per praise a customer gave the agent, up to a cap. */
        praise: z.strictObject({ perPraise: yuan, capPerMonth: yuan.optional() }).optional(),
      })
      .default({}),
    /** What signing needs an explicit, audited override for, besides open appeals and unreviewed fatal calls. */
    signOff: z.strictObject({ minReviewedShare: z.number().min(0).max(1).default(0.02) }).default({ minReviewedShare: 0.02 }),
    /** Teams by the team id of the calls; leads are staff ids (agent ids where they take calls themselves). */
    teams: z.record(z.string().min(1), z.strictObject({ name: z.string().optional(), leads: z.array(z.string().min(1)).min(1) })).default({}),
    /** What each lead of a team pays for their team; a lead never pays for their own violation or complaint twice. */
    teamLeads: z
      .strictObject({
        perFatalViolation: yuan.default(0),
        perComplaint: yuan.default(0),
        /** A share (0–1) of the fines the team's agents pay for violations. */
        shareOfFines: z.number().min(0).max(1).default(0),
      })
      .default({ perFatalViolation: 0, perComplaint: 0, shareOfFines: 0 }),
  })
  .superRefine((policy, ctx) => {
    // One rule on one scale: a rule in two places would make its n-th violation ambiguous.
    const owner = new Map<string, string>()
    for (const id of Object.keys(policy.fines.rules)) if (policy.fines.rules[id as keyof typeof policy.fines.rules]) owner.set(id, `fines.rules.${id}`)
    for (const [name, category] of Object.entries(policy.fines.categories)) {
      category.rules.forEach((ruleId, i) => {
        const other = owner.get(ruleId)
        if (other !== undefined) ctx.addIssue({ code: 'custom', path: ['fines', 'categories', name, 'rules', i], message: `${ruleId} is already on the scale of ${other}` })
        else owner.set(ruleId, `fines.categories.${name}`)
      })
    }
  })
export type SettlementPolicy = z.output<typeof SettlementPolicy>
