/**
 * The installed fault rules and the decision, per request, of which of them fire.
 *
 * Each rule counts the requests its matcher accepts (`matched`) and decides from that count, or
 * from its own seeded PRNG, whether this one is hit (`fired`). Counting happens synchronously
 * when the request reaches the fault middleware (or, for callback faults, when its callback is
 * about to be delivered), so a given order of requests always gives the same faults: with
 * `probability`, the same `seed` gives the same sequence of hits.
 *
 * Every fault that fires is logged (pino, info, with the request id) and emitted as a `fault`
 * event, so the request log and the event stream show it.
 */
import { randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { EventBus } from '../events/index.js';
import { parseFaultRule } from './fault-rule.js';
import type { FaultEffect, FaultRuleSpec } from './fault-rule.js';

/** An installed rule as listed by `GET /_ossbox/faults` and `emulator.faults()`. */
export type FaultRule = FaultRuleSpec & {
  /** `fault-1`, `fault-2`, … in order of installation. */
  id: string;
  /** Requests the matcher accepted so far. */
  matched: number;
  /** How many of those the rule hit. */
  fired: number;
};

/** The request a decision is made for. */
export interface FaultTarget {
  /** The OSS operation name, e.g. `UploadPart`. */
  operation: string;
  bucket: string;
  /** '' for bucket-level operations (and PostObject, whose key is in the form). */
  key: string;
  requestId: string;
}

/** A rule that fired, with its effect. */
export interface FiredFault<E extends FaultEffect = FaultEffect> {
  ruleId: string;
  effect: E;
}

type CallbackEffect = Extract<FaultEffect, { type: 'callback' }>;

interface InstalledRule {
  view: FaultRule;
  random?: RandomGenerator;
}

/** Options of {@link FaultRegistry}. */
export interface FaultRegistryOptions {
  /** Where each fired fault is emitted as a `fault` event. */
  events?: EventBus;
  /** Where each fired fault is logged (info). */
  logger?: Pick<Logger, 'info'>;
  /** Rules installed at start (already validated, e.g. from the config). */
  rules?: readonly FaultRuleSpec[];
}

function operationMatches(rule: FaultRuleSpec, operation: string): boolean {
  if (rule.operation === undefined) return true;
  return typeof rule.operation === 'string' ? rule.operation === operation : rule.operation.includes(operation);
}

/** Rules that run when the request arrives; the others (`callback`) when its callback is sent. */
function isRequestEffect(effect: FaultEffect): boolean {
  return effect.type !== 'callback';
}

/**
 * The set of fault rules of one emulator.
 *
 * @example
 * ```ts
 * const faults = new FaultRegistry({ events });
 * const rule = faults.add({ operation: 'PutObject', first: 1, effect: { type: 'error', code: 'InternalError' } });
 * faults.remove(rule.id);
 * ```
 */
export class FaultRegistry {
  readonly #rules = new Map<string, InstalledRule>();
  readonly #events: EventBus | undefined;
  readonly #logger: Pick<Logger, 'info'> | undefined;
  #nextId = 1;

  constructor(options: FaultRegistryOptions = {}) {
    this.#events = options.events;
    this.#logger = options.logger;
    for (const rule of options.rules ?? []) this.add(rule);
  }

  /**
   * Validate and install a rule; throws `FaultRuleError` (the HTTP API's 400) when it is invalid.
   * A `probability` rule without `seed` gets a random one, shown in the listing so a run can be
   * repeated.
   */
  add(input: unknown): FaultRule {
    const spec = parseFaultRule(input);
    if (spec.probability !== undefined && spec.seed === undefined) spec.seed = randomInt(0, 0x7fffffff);
    const view: FaultRule = { id: `fault-${this.#nextId++}`, ...spec, matched: 0, fired: 0 };
    const installed: InstalledRule = { view };
    if (spec.seed !== undefined) installed.random = xoroshiro128plus(spec.seed);
    this.#rules.set(view.id, installed);
    return structuredClone(view);
  }

  /** Remove one rule; false when there is none with that id. */
  remove(id: string): boolean {
    return this.#rules.delete(id);
  }

  /** Remove every rule; returns how many there were. */
  clear(): number {
    const count = this.#rules.size;
    this.#rules.clear();
    return count;
  }

  /** A snapshot of the installed rules, oldest first, with their counters. */
  list(): FaultRule[] {
    return [...this.#rules.values()].map((rule) => structuredClone(rule.view));
  }

  /**
   * The rules that fire for a request as it arrives, in installation order: any `delay` rules,
   * then at most one error or cut (rules after it do not see the request).
   */
  forRequest(target: FaultTarget): FiredFault[] {
    return this.#decide(target, isRequestEffect);
  }

  /**
   * The callback fault for an upload whose callback is about to be sent (the object is already
   * stored): the first `callback` rule that fires, if any.
   */
  forCallback(target: FaultTarget): FiredFault<CallbackEffect> | undefined {
    return this.#decide(target, (effect) => !isRequestEffect(effect))[0] as FiredFault<CallbackEffect> | undefined;
  }

  #decide(target: FaultTarget, phase: (effect: FaultEffect) => boolean): FiredFault[] {
    const fired: FiredFault[] = [];
    for (const { view, random } of this.#rules.values()) {
      if (!phase(view.effect) || !operationMatches(view, target.operation)) continue;
      if (view.bucket !== undefined && view.bucket !== target.bucket) continue;
      if (view.keyPrefix !== undefined && !target.key.startsWith(view.keyPrefix)) continue;
      const n = ++view.matched;
      const hit =
        view.first !== undefined
          ? n <= view.first
          : view.every !== undefined
            ? n % view.every === 0
            : random !== undefined && view.probability !== undefined
              ? uniformFloat64(random) < view.probability
              : true;
      if (!hit) continue;
      view.fired++;
      fired.push({ ruleId: view.id, effect: view.effect });
      this.#announce(target, view.id, view.effect);
      // Delays add up; anything else decides the request, and later rules do not see it.
      if (view.effect.type !== 'delay') break;
    }
    return fired;
  }

  #announce(target: FaultTarget, ruleId: string, effect: FaultEffect): void {
    this.#logger?.info(
      { requestId: target.requestId, fault: ruleId, operation: target.operation, bucket: target.bucket, key: target.key, effect },
      `fault injected: ${ruleId} ${effect.type} on ${target.operation}`,
    );
    this.#events?.emit({
      type: 'fault',
      bucket: target.bucket,
      key: target.key,
      operation: target.operation,
      requestId: target.requestId,
      ruleId,
      effect: effect.type,
    });
  }
}
