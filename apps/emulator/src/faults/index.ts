/** Fault injection: rules (validated JSON), the registry deciding which fire, the middleware and the HTTP API. */
export {
  CALLBACK_FAULT_OUTCOMES,
  FaultRuleError,
  parseFaultRule,
  parseFaultRulesJson,
  type FaultEffect,
  type FaultEffectType,
  type FaultRuleInput,
  type FaultRuleSpec,
} from './fault-rule.js';
export { FaultRegistry, type FaultRegistryOptions, type FaultRule, type FaultTarget, type FiredFault } from './fault-registry.js';
export { faultMiddleware } from './fault-middleware.js';
export { createFaultsRouter, FAULTS_PATH } from './faults-route.js';
