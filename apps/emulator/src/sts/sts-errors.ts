/**
 * STS (POP RPC) errors: a JSON body `{ RequestId, HostId, Code, Message }` (or `<Error>` XML when
 * the request asked for `Format=XML`), with the status the STS API reference lists
 * (https://www.alibabacloud.com/help/en/ram/developer-reference/api-sts-2015-04-01-assumerole,
 * error codes; messages as https://help.aliyun.com/document_detail/42775.html quotes them).
 */

/** An STS error; `code` is the POP code, e.g. `InvalidParameter.DurationSeconds`. */
export class StsError extends Error {
  override readonly name = 'StsError';
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** `Missing<Name>`: a required parameter is absent. */
export const missingParameter = (name: string) => new StsError(`Missing${name}`, 400, `${name} is mandatory for this action.`);

export const accessKeyNotFound = () => new StsError('InvalidAccessKeyId.NotFound', 404, 'Specified access key is not found.');

export const signatureDoesNotMatch = (stringToSign: string) =>
  new StsError(
    'SignatureDoesNotMatch',
    400,
    `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
  );

export const incompleteSignature = () =>
  new StsError('IncompleteSignature', 400, 'The request signature does not conform to Aliyun standards.');

export const nonceUsed = () => new StsError('SignatureNonceUsed', 400, 'Specified signature nonce was used already.');

export const timestampMalformed = () =>
  new StsError('InvalidTimeStamp.Format', 400, 'Specified time stamp or date value is not well formatted.');

export const timestampExpired = () => new StsError('InvalidTimeStamp.Expired', 400, 'Specified time stamp or date value is expired.');

export const actionNotFound = () =>
  new StsError('InvalidAction.NotFound', 404, 'Specified api is not found, please check your url and method.');

export const versionInvalid = () => new StsError('InvalidVersion', 400, 'Specified parameter Version is not valid.');

// [unverified wording]: the STS reference lists the code, not its message.
export const roleNotFound = (arn: string) => new StsError('EntityNotExist.Role', 404, `The role not exists: ${arn}.`);

export const roleArnMalformed = () => new StsError('InvalidParameter.RoleArn', 400, 'The parameter RoleArn is wrongly formed.');

export const sessionNameMalformed = () =>
  new StsError('InvalidParameter.RoleSessionName', 400, 'The parameter RoleSessionName is wrongly formed.');

/** "The Min/Max value of DurationSeconds is 15min/1hr." for the default range. */
export function durationOutOfRange(min: number, max: number): StsError {
  const human = (s: number) => (s % 3600 === 0 ? `${s / 3600}hr` : s % 60 === 0 ? `${s / 60}min` : `${s}s`);
  return new StsError('InvalidParameter.DurationSeconds', 400, `The Min/Max value of DurationSeconds is ${human(min)}/${human(max)}.`);
}

export const policyGrammar = () =>
  new StsError('InvalidParameter.PolicyGrammar', 400, 'The parameter Policy has not passed grammar check.');
