/**
 * The image modules (pipeline.ts, probe.ts), which import sharp, loaded on first use. sharp's
 * native part comes as an optional dependency per platform (`@img/sharp-<os>-<cpu>`): an install
 * without it (`npm install --omit=optional`, a lockfile written on another platform) made
 * `import '@ossbox/emulator'` and every `ossbox-emulator` command, `--version` included, stop with
 * sharp's "Could not load the sharp module", for a feature most uses never touch.
 */
import { ossError } from '@ossbox/protocol';
import type { OssProtocolError } from '@ossbox/protocol';

/** OSS's source size limit (resize reference, "Limits on source images"). */
export const MAX_SOURCE_BYTES = 20 * 1024 * 1024;

export interface ImageModules {
  processImage: (typeof import('./pipeline.js'))['processImage'];
  probeImage: (typeof import('./probe.js'))['probeImage'];
}

let modules: Promise<ImageModules> | undefined;

/** Why sharp cannot be used, as the 501 an image request gets (the emulator lacks the feature). */
function unavailable(error: unknown): OssProtocolError {
  const reason = String((error as Error)?.message ?? error).split('\n')[0];
  return ossError('NotImplemented', {
    message: `Image processing needs sharp, which could not be loaded (${reason}): reinstall with optional dependencies (npm install --include=optional sharp).`,
  });
}

/**
 * The image pipeline and probe; rejects with 501 `NotImplemented` saying what to install when
 * sharp cannot be loaded (Node keeps a failed module failed, so the answer is kept too).
 */
export function loadImageModules(): Promise<ImageModules> {
  modules ??= Promise.all([import('./pipeline.js'), import('./probe.js')]).then(
    ([pipeline, probe]) => ({ processImage: pipeline.processImage, probeImage: probe.probeImage }),
    (error: unknown) => {
      throw unavailable(error);
    },
  );
  return modules;
}
