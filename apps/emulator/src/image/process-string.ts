/**
 * Parsing an `x-oss-process` value of the image service: `image/<action>[,<param>_<value>|,<value>]…`
 * chained with `/` (https://www.alibabacloud.com/help/en/oss/user-guide/img-parameters), or
 * `style/<name>` naming a stored style. Errors are InvalidArgument with the EC of each cause's
 * page (https://help.aliyun.com/zh/oss/user-guide/<EC>) where one exists.
 */
import { ossError } from '@ossbox/protocol';
import type { OssProtocolError } from '@ossbox/protocol';

/** One action: its name, `key_value` parameters, and bare values (`rotate,90`: values ['90']). */
export interface ImageAction {
  name: string;
  params: ReadonlyMap<string, string>;
  values: readonly string[];
}

/** A parsed process value: image actions, or a style to expand first. */
export type ProcessRequest = { kind: 'image'; actions: ImageAction[] } | { kind: 'style'; name: string };

/** InvalidArgument about the process string, with the EC of its cause when documented. */
export function imageError(message: string, ec?: string): OssProtocolError {
  return ossError('InvalidArgument', { message, ...(ec === undefined ? {} : { ec }) });
}

function parseAction(text: string): ImageAction {
  const [name = '', ...rest] = text.split(',');
  const params = new Map<string, string>();
  const values: string[] = [];
  for (const part of rest) {
    if (part === '') continue;
    const underscore = part.indexOf('_');
    if (underscore > 0) params.set(part.slice(0, underscore), part.slice(underscore + 1));
    else values.push(part);
  }
  return { name, params, values };
}

/**
 * Parse a process value. `image/` without an action is EC 0040-00000212; other services than
 * `image` and `style` (video, doc, …) are NotImplemented.
 *
 * @example
 * parseProcess('image/resize,w_100/rotate,90'); // { kind: 'image', actions: [{ name: 'resize', … }, { name: 'rotate', … }] }
 */
export function parseProcess(value: string): ProcessRequest {
  const slash = value.indexOf('/');
  const service = slash < 0 ? value : value.slice(0, slash);
  const rest = slash < 0 ? '' : value.slice(slash + 1);
  if (service === 'style') {
    if (rest === '') throw imageError('The style name is missing.');
    return { kind: 'style', name: rest };
  }
  if (service !== 'image') {
    throw ossError('NotImplemented', { message: `The ${service} processing service is not supported by ossbox.` });
  }
  const actions = rest.split('/').filter((part) => part !== '').map(parseAction);
  if (actions.length === 0) throw imageError('No image processing action is specified.', '0040-00000212');
  return { kind: 'image', actions };
}

/**
 * An integer parameter within [min, max]; undefined when absent. A value that is not an integer
 * or out of range is InvalidArgument naming the action and parameter.
 */
export function intParam(action: ImageAction, name: string, min: number, max: number, ec?: string): number | undefined {
  const raw = action.params.get(name);
  if (raw === undefined) return undefined;
  return checkedInt(raw, `${action.name} ${name}`, min, max, ec);
}

/** A bare value (`rotate,90`) as an integer within [min, max]; undefined when absent. */
export function intValue(action: ImageAction, min: number, max: number, ec?: string): number | undefined {
  const raw = action.values[0];
  if (raw === undefined) return undefined;
  return checkedInt(raw, action.name, min, max, ec);
}

function checkedInt(raw: string, what: string, min: number, max: number, ec?: string): number {
  const value = /^-?\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw imageError(`The ${what} parameter must be an integer between ${min} and ${max}, got "${raw}".`, ec);
  }
  return value;
}
