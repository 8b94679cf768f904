/** Start-up fault rules from the CLI (`--fault`, `--faults-file`) and the environment. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCliProgram, optionsFromCli } from '../cli-options.js';
import { ConfigError, resolveConfig } from '../config.js';
import { tempDir } from '../test-support/harness.js';

const argv = (...args: string[]) => ['node', 'ossbox-emulator', ...args];
const error503 = { operation: 'UploadPart', first: 2, effect: { type: 'error', code: 'ServiceUnavailable', status: 503 } };
const delay = { effect: { type: 'delay', ms: 10 } };

describe('fault rules at start-up', () => {
  let remove: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await remove?.();
    remove = undefined;
  });

  it('--fault is repeatable, each value one rule or an array; OSSBOX_FAULTS holds JSON (commas and all)', () => {
    const options = optionsFromCli(argv('--fault', JSON.stringify(error503), '--fault', JSON.stringify([delay, delay])), {});
    expect(resolveConfig(options).faults).toEqual([error503, delay, delay]);
    const fromEnv = optionsFromCli(argv(), { OSSBOX_FAULTS: JSON.stringify([error503, delay]) });
    expect(resolveConfig(fromEnv).faults).toEqual([error503, delay]);
    expect(resolveConfig().faults).toEqual([]);
  });

  it('--faults-file / OSSBOX_FAULTS_FILE read a JSON array, after the --fault rules', async () => {
    const dir = await tempDir();
    remove = dir.remove;
    const file = join(dir.dir, 'faults.json');
    await writeFile(file, JSON.stringify([delay]));
    expect(resolveConfig(optionsFromCli(argv('--faults-file', file, '--fault', JSON.stringify(error503)), {})).faults).toEqual([error503, delay]);
    expect(resolveConfig(optionsFromCli(argv(), { OSSBOX_FAULTS_FILE: file })).faults).toEqual([delay]);
  });

  it('a bad rule, bad JSON or a missing file is a ConfigError naming where it came from', () => {
    expect(() => optionsFromCli(argv('--fault', '{"effect":{"type":"nope"}}'), {})).toThrow(ConfigError);
    expect(() => optionsFromCli(argv('--fault', '{"effect":{"type":"nope"}}'), {})).toThrow(/^--fault: invalid fault rule: effect\.type: /);
    expect(() => optionsFromCli(argv(), { OSSBOX_FAULTS: '[{"effect":{"type":"delay","ms":1}}, 3]' })).toThrow(/^OSSBOX_FAULTS \[1\]: invalid fault rule/);
    expect(() => optionsFromCli(argv('--fault', 'PutObject'), {})).toThrow(/^--fault: not JSON/);
    expect(() => optionsFromCli(argv('--faults-file', '/nonexistent/faults.json'), {})).toThrow(/^--faults-file \/nonexistent\/faults.json: ENOENT/);
    expect(() => resolveConfig({ faults: [{ first: 1 } as never] })).toThrow(/^faults\[0\]: invalid fault rule: effect: /);
  });

  it('--help documents both flags and their variables', () => {
    const help = createCliProgram().helpInformation();
    for (const text of ['--fault <json>', 'OSSBOX_FAULTS', '--faults-file <path>', 'OSSBOX_FAULTS_FILE', '/_ossbox/faults']) {
      expect(help).toContain(text);
    }
  });
});
