/**
 * The client's clock: the local one, moved onto OSS's once OSS has said its time. A 403
 * `RequestTimeTooSkewed` carries `<ServerTime>`; from then on every time the client signs or
 * compares with OSS's times reads this clock: request signatures (`Date` / `x-oss-date`),
 * presigned URLs (V1 `Expires`, V4 `x-oss-date`), PostObject policies (`expiration`, V4
 * `x-oss-date`) and the refresh time of temporary credentials, whose `Expiration` is OSS's time.
 * ali-oss's browser client stores `serverTime - now` as `amendTimeSkewed` and dates its requests
 * with it (`createRequest`); the official Android SDK keeps one `DateUtil.amendTimeSkewed` and
 * reads it for request dates, for presigned URLs' `Expires` (`ObjectURLPresigner`,
 * `DateUtil.getFixedSkewedTimeMillis() / 1000 + expiration`) and for STS token expiry
 * (`FederationCredentialProvider`).
 */
export class Clock {
  private offsetMs = 0;

  /** Epoch milliseconds on the corrected clock (the local clock until a correction). */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** {@link Clock.now} as a Date. */
  date(): Date {
    return new Date(this.now());
  }

  /** Adopt `serverTimeMs` (epoch ms, e.g. a RequestTimeTooSkewed's `<ServerTime>`) as the time now. */
  amend(serverTimeMs: number): void {
    this.offsetMs = serverTimeMs - Date.now();
  }
}
