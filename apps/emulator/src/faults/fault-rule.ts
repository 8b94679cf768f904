/**
 * Fault rules: what a test asks the emulator to break, as JSON (`POST /_ossbox/faults`,
 * `--fault`, `startEmulator({ faults })`). One schema (zod) validates every entry point, so a
 * rule refused by the HTTP API is refused by the CLI with the same message.
 *
 * A rule is a matcher (operation, bucket, key prefix), an occurrence selector (`first`, `every`
 * or `probability` + `seed`; none means every matching request) and one effect.
 */
import { z } from 'zod';
import { OSS_ERRORS } from '@ossbox/protocol';
import { OPERATION_NAMES } from '../operation-names.js';

/** Callback failures a rule can force, named as the callback log's `outcome` names them. */
export const CALLBACK_FAULT_OUTCOMES = ['connect', 'timeout', 'status', 'not-json'] as const;

const nonNegativeInt = z.number().int().nonnegative();
const positiveInt = z.number().int().positive();

const errorEffect = z
  .object({
    type: z.literal('error'),
    /** The OSS `<Code>`, e.g. `ServiceUnavailable`, `InternalError`, `RequestTimeTooSkewed`. */
    code: z.string().regex(/^[A-Za-z][A-Za-z0-9.]*$/, 'an OSS error code such as InternalError'),
    /** HTTP status; defaults to the code's OSS status, required for codes ossbox does not know. */
    status: z.number().int().min(300).max(599).optional(),
    message: z.string().max(1024).optional(),
    /** The `<EC>` / `x-oss-ec` value, e.g. `0002-00000504`. */
    ec: z.string().regex(/^\d{4}-\d{8}$/, 'an EC such as 0002-00000504').optional(),
  })
  .strict()
  .refine((e) => e.status !== undefined || OSS_ERRORS[e.code] !== undefined, {
    message: 'ossbox does not know this OSS error code: give its HTTP status too, e.g. {"code":"ServiceUnavailable","status":503}',
    path: ['status'],
  });

const delayEffect = z.object({ type: z.literal('delay'), ms: positiveInt.max(600_000) }).strict();
const cutRequestEffect = z.object({ type: z.literal('cut-request'), afterBytes: nonNegativeInt }).strict();
const cutResponseEffect = z.object({ type: z.literal('cut-response'), afterBytes: nonNegativeInt }).strict();
const callbackEffect = z
  .object({
    type: z.literal('callback'),
    outcome: z.enum(CALLBACK_FAULT_OUTCOMES),
    /** The receiver's status for `outcome: 'status'`; default 500. */
    status: z.number().int().min(100).max(599).refine((s) => s !== 200, 'a status other than 200').optional(),
  })
  .strict()
  .refine((e) => e.status === undefined || e.outcome === 'status', {
    message: 'status applies to outcome "status" only',
    path: ['status'],
  });

const effectSchema = z.discriminatedUnion('type', [errorEffect, delayEffect, cutRequestEffect, cutResponseEffect, callbackEffect]);

const KNOWN_OPERATIONS: ReadonlySet<string> = new Set(OPERATION_NAMES);

/**
 * Unknown operation names, each at its path. Checked on the whole rule rather than with z.enum
 * inside the union, whose failure zod reports only as "Invalid input".
 */
function checkOperations(ctx: z.core.ParsePayload<{ operation?: string | string[] | undefined }>): void {
  const { operation } = ctx.value;
  const names = operation === undefined ? [] : typeof operation === 'string' ? [operation] : operation;
  names.forEach((name, i) => {
    if (KNOWN_OPERATIONS.has(name)) return;
    ctx.issues.push({
      code: 'custom',
      input: name,
      path: typeof operation === 'string' ? ['operation'] : ['operation', i],
      message: `unknown OSS operation ${JSON.stringify(name)}; one of ${OPERATION_NAMES.join(', ')}`,
    });
  });
}

const ruleSchema = z
  .object({
    operation: z.union([z.string(), z.array(z.string()).nonempty()]).optional(),
    bucket: z.string().min(1).optional(),
    keyPrefix: z.string().optional(),
    first: positiveInt.optional(),
    every: positiveInt.optional(),
    probability: z.number().min(0).max(1).optional(),
    seed: z.number().int().min(0).max(0xffffffff).optional(),
    effect: effectSchema,
  })
  .strict()
  .check(checkOperations)
  .refine((r) => [r.first, r.every, r.probability].filter((v) => v !== undefined).length <= 1, {
    message: 'give at most one of first, every and probability',
  })
  .refine((r) => r.seed === undefined || r.probability !== undefined, { message: 'seed applies to probability only', path: ['seed'] });

/** A fault effect. */
export type FaultEffect = z.infer<typeof effectSchema>;

/** A fault effect's `type`. */
export type FaultEffectType = FaultEffect['type'];

/**
 * A fault rule as written by a test.
 *
 * - `operation`: one OSS operation name or a list (PutObject, UploadPart, CompleteMultipartUpload,
 *   GetObject, …, as in the emulator's operation table); absent = every operation.
 * - `bucket`, `keyPrefix`: absent = any.
 * - Which matching requests it hits: `first: N` (the first N), `every: N` (the Nth, 2Nth, …) or
 *   `probability: p` (0–1, decided by a PRNG seeded with `seed`); none = every matching request.
 * - `effect`: `{ type: 'error', code, status?, message?, ec? }`, `{ type: 'delay', ms }`,
 *   `{ type: 'cut-request', afterBytes }`, `{ type: 'cut-response', afterBytes }` or
 *   `{ type: 'callback', outcome: 'connect' | 'timeout' | 'status' | 'not-json', status? }`.
 */
export type FaultRuleInput = z.input<typeof ruleSchema>;

/** A validated rule. */
export type FaultRuleSpec = z.output<typeof ruleSchema>;

/** A rule that failed validation; `message` names each bad field. */
export class FaultRuleError extends Error {
  override readonly name = 'FaultRuleError';
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${path}${issue.message}`;
}

/**
 * Validate one rule; throws {@link FaultRuleError} naming every problem.
 *
 * @example
 * ```ts
 * parseFaultRule({ operation: 'UploadPart', first: 2, effect: { type: 'error', code: 'InternalError' } });
 * ```
 */
export function parseFaultRule(input: unknown): FaultRuleSpec {
  const result = ruleSchema.safeParse(input);
  if (!result.success) throw new FaultRuleError(`invalid fault rule: ${result.error.issues.map(describeIssue).join('; ')}`);
  return result.data;
}

/**
 * Rules from a JSON text holding one rule or an array of rules (`--fault`, `OSSBOX_FAULTS`, the
 * `--faults-file` file); throws {@link FaultRuleError}.
 */
export function parseFaultRulesJson(text: string, source: string): FaultRuleSpec[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FaultRuleError(`${source}: not JSON (${(error as Error).message})`);
  }
  const list = Array.isArray(value) ? value : [value];
  return list.map((rule, i) => {
    try {
      return parseFaultRule(rule);
    } catch (error) {
      throw new FaultRuleError(`${source}${Array.isArray(value) ? ` [${i}]` : ''}: ${(error as Error).message}`);
    }
  });
}
