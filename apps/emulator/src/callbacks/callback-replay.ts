/**
 * Sending a recorded callback again: the console's Replay button, `POST /_ossbox/callbacks/<id>/replay`
 * and `RunningEmulator.replayCallback`. A developer fixes the receiver, replays, and sees the new
 * attempt, without uploading again. The replay is a new delivery of the same callback (every URL of
 * the upload's `callbackUrl` in order, first success wins, as the upload did), signed when sent,
 * with the upload's bucket, key and request id; each new attempt records `replayOf`.
 */
import type { CallbackLog } from './callback-log.js';
import type { CallbackDeliveryInput } from './deliver-callback.js';

/** Why a callback could not be replayed. */
export type CallbackReplayFailure = 'NoSuchAttempt' | 'NotReplayable';

/** Thrown by `replay` for an attempt id the log does not hold, or an attempt without its callback. */
export class CallbackReplayError extends Error {
  override readonly name = 'CallbackReplayError';
  constructor(
    readonly code: CallbackReplayFailure,
    readonly attemptId: string,
  ) {
    super(
      code === 'NoSuchAttempt'
        ? `no callback attempt ${attemptId} in the log (only the last ones are kept)`
        : `callback attempt ${attemptId} was recorded without its callback parameters and cannot be replayed`,
    );
  }
}

/**
 * The delivery that sends attempt `attemptId`'s callback again; throws {@link CallbackReplayError}.
 *
 * @example
 * const outcome = await deliver(replayInput(log, attemptId));
 */
export function replayInput(log: CallbackLog, attemptId: string): CallbackDeliveryInput {
  const attempt = log.get(attemptId);
  if (attempt === undefined) throw new CallbackReplayError('NoSuchAttempt', attemptId);
  // Attempts logged by an older emulator (callback-attempts.jsonl survives upgrades) lack `sent`.
  if (attempt.sent === undefined) throw new CallbackReplayError('NotReplayable', attemptId);
  const { params, body } = attempt.sent;
  return { params, body, requestId: attempt.requestId, bucket: attempt.bucket, key: attempt.key, replayOf: attempt.id };
}
