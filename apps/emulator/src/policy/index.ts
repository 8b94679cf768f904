/** RAM policy language: parse, evaluate, and the OSS action/resource names requests map to. */
export { parsePolicy, PolicyGrammarError } from './policy-document.js';
export type { PolicyDocument, PolicyEffect, PolicyStatement } from './policy-document.js';
export { evaluateAll, evaluatePolicy } from './evaluate.js';
export { matchesPattern } from './patterns.js';
export { CONDITION_KEY_PREFIXES, CONDITION_KEYS, evaluateCondition, UNKNOWN_VALUE } from './conditions.js';
export type { ConditionContext, ConditionOutcome } from './conditions.js';
export type { PolicyDecision, PolicyRequest } from './evaluate.js';
export { ossResourceArn, ramActionOf } from './oss-actions.js';
