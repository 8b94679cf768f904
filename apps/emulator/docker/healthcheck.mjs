// HEALTHCHECK of the emulator's container image: exit 0 when GET /_ossbox/health answers 200 on
// the port the emulator listens on (OSSBOX_PORT, default 9000), 1 otherwise.
const port = process.env.OSSBOX_PORT || '9000';
try {
  const response = await fetch(`http://127.0.0.1:${port}/_ossbox/health`, { signal: AbortSignal.timeout(2_000) });
  process.exit(response.status === 200 ? 0 : 1);
} catch {
  process.exit(1);
}
