/**
 * The RAM roles the emulator's STS can issue credentials for: configured at start, each an ARN
 * (`acs:ram::<account id>:role/<role name>`, the form of
 * https://www.alibabacloud.com/help/en/ram/developer-reference/api-sts-2015-04-01-assumerole) with
 * its RAM policy. Any configured access key may assume any configured role (the emulator has no
 * trust policies).
 */
import type { PolicyDocument } from '../policy/index.js';

/** A configured role. */
export interface Role {
  /** As configured, e.g. `acs:ram::1234567890123456:role/uploader`. */
  readonly arn: string;
  /** The account id in the ARN; OSS resources of sessions of this role are in this account. */
  readonly account: string;
  /** The role name (after `role/`). */
  readonly name: string;
  readonly policy: PolicyDocument;
}

const ROLE_ARN = /^acs:ram::(\d+):role\/([A-Za-z0-9.-]{1,64})$/;

/** Split a role ARN; undefined when it is not `acs:ram::<digits>:role/<name>`. */
export function parseRoleArn(arn: string): { account: string; name: string } | undefined {
  const match = ROLE_ARN.exec(arn);
  return match ? { account: match[1]!, name: match[2]! } : undefined;
}

/** The configured roles, found by ARN (role names compare case-insensitively in RAM). */
export class RoleRegistry {
  private readonly byArn = new Map<string, Role>();

  constructor(roles: readonly Role[]) {
    for (const role of roles) this.byArn.set(role.arn.toLowerCase(), role);
  }

  /** The role, or undefined. */
  get(arn: string): Role | undefined {
    return this.byArn.get(arn.toLowerCase());
  }

  /** Whether any role is configured. */
  get size(): number {
    return this.byArn.size;
  }
}
