/**
 * The RAM policy language as OSS reads it (RAM policies, STS session policies and bucket policies
 * share it): https://www.alibabacloud.com/help/en/ram/user-guide/policy-structure-and-syntax
 *
 * ```json
 * { "Version": "1", "Statement": [{ "Effect": "Allow", "Action": ["oss:PutObject"],
 *   "Resource": ["acs:oss:*:*:examplebucket/users/42/*"] }] }
 * ```
 *
 * `parsePolicy` validates a document into {@link PolicyDocument} (every list normalised to an
 * array) or throws {@link PolicyGrammarError} naming what is wrong.
 */

/** `Allow` or `Deny`. */
export type PolicyEffect = 'Allow' | 'Deny';

/** One statement, with its string-or-list fields normalised to lists. */
export interface PolicyStatement {
  Effect: PolicyEffect;
  /** Exactly one of `Action` / `NotAction` is set. */
  Action?: readonly string[];
  NotAction?: readonly string[];
  /** At most one of `Resource` / `NotResource`; neither only in bucket policies (the bucket itself). */
  Resource?: readonly string[];
  NotResource?: readonly string[];
  /** Bucket policies: who the statement applies to (`*`, account or RAM ids). */
  Principal?: readonly string[];
  /** Kept as given; evaluated per request (conditions.ts). */
  Condition?: Readonly<Record<string, unknown>>;
}

/** A validated policy document. */
export interface PolicyDocument {
  Version: string;
  Statement: readonly PolicyStatement[];
}

/** A policy that does not pass the grammar check; `message` says why. */
export class PolicyGrammarError extends Error {
  override readonly name = 'PolicyGrammarError';
}

const STATEMENT_FIELDS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'Condition']);

function stringList(value: unknown, field: string, index: number): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((v) => typeof v === 'string' && v !== '')) {
    throw new PolicyGrammarError(`Statement[${index}].${field} must be a non-empty string or list of strings.`);
  }
  return list as string[];
}

/**
 * `Principal`: `"*"`, a list, or `{ "RAM": [...] }` (the RAM form of a trust policy). An empty
 * list means `["*"]` (https://www.alibabacloud.com/help/en/oss/user-guide/authorization-syntax-and-elements).
 */
function principalList(value: unknown, index: number): string[] {
  if (Array.isArray(value) && value.length === 0) return ['*'];
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.values(value as Record<string, unknown>).flatMap((v) => stringList(v, 'Principal', index));
  }
  return stringList(value, 'Principal', index);
}

function parseStatement(raw: unknown, index: number): PolicyStatement {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new PolicyGrammarError(`Statement[${index}] must be an object.`);
  }
  const s = raw as Record<string, unknown>;
  const unknown = Object.keys(s).find((k) => !STATEMENT_FIELDS.has(k));
  if (unknown !== undefined) throw new PolicyGrammarError(`Statement[${index}] has an unknown field "${unknown}".`);
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') {
    throw new PolicyGrammarError(`Statement[${index}].Effect must be "Allow" or "Deny".`);
  }
  if ((s.Action === undefined) === (s.NotAction === undefined)) {
    throw new PolicyGrammarError(`Statement[${index}] needs exactly one of Action and NotAction.`);
  }
  if (s.Resource !== undefined && s.NotResource !== undefined) {
    throw new PolicyGrammarError(`Statement[${index}] cannot have both Resource and NotResource.`);
  }
  if (s.Resource === undefined && s.NotResource === undefined && s.Principal === undefined) {
    throw new PolicyGrammarError(`Statement[${index}] needs a Resource (or NotResource).`);
  }
  const statement: PolicyStatement = { Effect: s.Effect };
  if (s.Action !== undefined) statement.Action = stringList(s.Action, 'Action', index);
  if (s.NotAction !== undefined) statement.NotAction = stringList(s.NotAction, 'NotAction', index);
  if (s.Resource !== undefined) statement.Resource = stringList(s.Resource, 'Resource', index);
  if (s.NotResource !== undefined) statement.NotResource = stringList(s.NotResource, 'NotResource', index);
  if (s.Principal !== undefined) statement.Principal = principalList(s.Principal, index);
  if (s.Condition !== undefined) {
    if (s.Condition === null || typeof s.Condition !== 'object' || Array.isArray(s.Condition)) {
      throw new PolicyGrammarError(`Statement[${index}].Condition must be an object.`);
    }
    statement.Condition = s.Condition as Record<string, unknown>;
  }
  return statement;
}

/**
 * Validate a policy given as JSON text or as an already parsed value. `Version` must be `"1"`
 * (the only RAM policy version); `Statement` a non-empty list (a single object is accepted).
 *
 * @throws PolicyGrammarError for invalid JSON or a document outside the grammar.
 * @example
 * ```ts
 * const policy = parsePolicy('{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:b/*"}]}');
 * ```
 */
export function parsePolicy(input: unknown): PolicyDocument {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch (error) {
      throw new PolicyGrammarError(`The policy is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new PolicyGrammarError('The policy must be a JSON object.');
  }
  const doc = value as Record<string, unknown>;
  if (doc.Version !== '1') throw new PolicyGrammarError('The policy Version must be "1".');
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement === undefined ? [] : [doc.Statement];
  if (statements.length === 0) throw new PolicyGrammarError('The policy needs at least one Statement.');
  return { Version: '1', Statement: statements.map((s, i) => parseStatement(s, i)) };
}
