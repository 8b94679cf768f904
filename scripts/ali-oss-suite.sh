#!/usr/bin/env bash
# Runs the official Node.js client's (ali-oss) own mocha test suite, unmodified, against the emulator.
#
# The suite's sources are not in this repository: pass a checkout of ali-sdk/ali-oss (or the npm
# package of the same version with the repository's test/ directory added), with its dependencies
# installed (`npm install`; a git checkout also needs `npm run tsc` to build lib/). The checkout is
# copied to a temporary directory (nothing in it is changed; node_modules is linked) and the test files run there with
# mocha, the emulator and the tests together in a network namespace that has nothing but a
# loopback interface: a test that names another host (sts.aliyuncs.com, resourcemanager, an
# oss-<region>.aliyuncs.com endpoint) fails there instead of sending anything off the machine.
#
# Prints the pass/fail counts, the failures listed as out of scope in scripts/ali-oss-suite.known
# (with the reason) and any other failure. Exits 1 when a test fails that is not listed there, or
# a listed one now passes (so the list stays true).
#
# Usage: scripts/ali-oss-suite.sh [--keep] <ali-oss checkout> [test file names, default: the ones
#        docs/conformance.md lists] [-- extra mocha arguments, e.g. --grep restore]
# See docs/conformance.md.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
known="$repo/scripts/ali-oss-suite.known"
keep=0 checkout="" files=() mocha_extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=1 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; mocha_extra=("$@"); break ;;
    *) if [ -z "$checkout" ]; then checkout="$1"; else files+=("$1"); fi ;;
  esac
  shift
done
if [ -z "$checkout" ] || [ ! -f "$checkout/test/config.js" ] || [ ! -d "$checkout/test/node" ]; then
  echo "usage: $0 <ali-oss checkout with test/config.js and test/node/> [test files]" >&2
  exit 2
fi
if [ ! -x "$checkout/node_modules/.bin/mocha" ] || [ ! -f "$checkout/lib/client.js" ]; then
  echo "$checkout is not ready: run 'npm install' there (and 'npm run tsc' in a git checkout)" >&2
  exit 2
fi
if [ ! -f "$repo/apps/emulator/dist/main.js" ]; then
  echo "the emulator is not built: run pnpm build first" >&2
  exit 2
fi
[ ${#files[@]} -gt 0 ] || files=(object multipart bucket sts endpointIsIP)

work="$(mktemp -d /tmp/ossbox-ali-oss.XXXXXX)"
trap '[ "$keep" = 1 ] && echo "kept $work" || rm -rf "$work"' EXIT
# A copy of everything but node_modules (linked): tests write into test/node (one overwrites a fixture).
mkdir "$work/ali-oss"
for entry in "$checkout"/* "$checkout"/.[!.]*; do
  [ -e "$entry" ] || continue
  case "$(basename "$entry")" in
    node_modules) ln -s "$(cd "$entry" && pwd)" "$work/ali-oss/node_modules" ;;
    .git) ;;
    *) cp -a "$entry" "$work/ali-oss/" ;;
  esac
done
version=$(node -p "require('$work/ali-oss/package.json').version")
tests=()
for f in "${files[@]}"; do
  path="test/node/${f%.test.js}.test.js"
  if [ -f "$work/ali-oss/$path" ]; then tests+=("$path"); else echo "not in the checkout, skipped: $path" >&2; fi
done
[ ${#tests[@]} -gt 0 ] || { echo "no test file to run" >&2; exit 2; }

# Two mocha --require hooks; the test files and test/config.js stay as they are.
cat > "$work/localhost-dns.js" <<'EOF'
// Resolve every *.localhost name to loopback, as RFC 6761 §6.3 asks of resolvers (glibc does not),
// so ali-oss's virtual-hosted URLs (<bucket>.localhost) reach the emulator.
const dns = require('dns');
const lookup = dns.lookup;
dns.lookup = function (hostname, options, callback) {
  if (typeof hostname === 'string' && hostname.endsWith('.localhost')) hostname = 'localhost';
  return lookup.call(this, hostname, options, callback);
};
EOF
cat > "$work/sts-endpoint.js" <<'EOF'
// test/config.js reads no STS endpoint (its `endpoint:` line is commented out): set it to the
// emulator's, as that line would.
require(require('path').resolve('test/config')).sts.endpoint = process.env.ALI_SDK_STS_ENDPOINT;
EOF
echo '{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:*"],"Resource":["acs:oss:*:*:*"]}]}' > "$work/role-policy.json"

cat > "$work/run-inside.sh" <<'EOF'
#!/usr/bin/env bash
set -u
ip link set lo up 2>/dev/null || true
role='acs:ram::1234567890123456:role/ali-oss-suite'
node "$REPO/apps/emulator/dist/main.js" --port 80 --location "$WORK/data" --bucket ali-oss-sts-bucket \
  --role "$role=$WORK/role-policy.json" >"$WORK/emulator.log" 2>&1 &
emulator=$!
for _ in $(seq 1 150); do
  node -e 'fetch("http://127.0.0.1:80/_ossbox/health").then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))' && break
  sleep 0.2
done
export ALI_SDK_OSS_ID=ossbox ALI_SDK_OSS_SECRET=ossbox-secret ALI_SDK_OSS_REGION=oss-cn-hangzhou
export ALI_CLOUD_ENDPOINT=http://localhost
export ALI_SDK_STS_ID=ossbox ALI_SDK_STS_SECRET=ossbox-secret ALI_SDK_STS_ROLE="$role"
export ALI_SDK_STS_BUCKET=ali-oss-sts-bucket ALI_SDK_STS_ENDPOINT=http://127.0.0.1/_ossbox/sts
cd "$WORK/ali-oss"
node_modules/.bin/mocha -t 120000 -r should -r "$WORK/localhost-dns.js" -r "$WORK/sts-endpoint.js" \
  --reporter json --reporter-option "output=$WORK/results.json" "$@" >"$WORK/mocha.log" 2>&1
kill "$emulator"
wait "$emulator" 2>/dev/null
exit 0
EOF
chmod 755 "$work/run-inside.sh"
if ! unshare -rn true 2>/dev/null; then
  echo "cannot create a network namespace (unshare -rn): the suite is only run isolated from the network" >&2
  exit 2
fi
echo "running ali-oss $version: ${tests[*]} ..."
start=$(date +%s)
env WORK="$work" REPO="$repo" unshare -rn "$work/run-inside.sh" "${tests[@]}" "${mocha_extra[@]}"
elapsed=$(( $(date +%s) - start ))
[ -s "$work/results.json" ] || { echo "mocha wrote no results; its output:" >&2; tail -50 "$work/mocha.log" >&2; exit 1; }

# The two passes of each file (conditions: V4 and V1 signatures) differ only in "iterate N";
# scripts/ali-oss-suite.known names a test once, with "iterate *".
node - "$work/results.json" "$known" "$version" "$elapsed" <<'EOF'
const fs = require('fs');
const [results, knownFile, version, elapsed] = process.argv.slice(2);
const { stats, failures, passes } = JSON.parse(fs.readFileSync(results, 'utf8'));
const key = (title) => title.replace(/iterate \d+/g, 'iterate *');
const known = new Map();
for (const line of fs.readFileSync(knownFile, 'utf8').split('\n')) {
  if (line === '' || line.startsWith('#')) continue;
  const [name, reason] = line.split('\t');
  known.set(name, reason);
}
const unexpected = [], listed = new Map();
for (const f of failures) {
  const k = key(f.fullTitle);
  if (known.has(k)) listed.set(k, (listed.get(k) ?? 0) + 1);
  else unexpected.push(f);
}
const passing = new Set(passes.map((p) => key(p.fullTitle)));
const nowPassing = [...known.keys()].filter((k) => passing.has(k) && !listed.has(k));
console.log(`\nali-oss ${version} suite against the emulator in ${elapsed}s: ${stats.passes} passing, ${stats.failures} failing, ${stats.pending} pending`);
console.log(`failures listed as out of scope: ${failures.length - unexpected.length}, unexpected: ${unexpected.length}`);
if (listed.size > 0) {
  console.log('out of scope (scripts/ali-oss-suite.known):');
  for (const [k, n] of listed) console.log(`  ${k}${n > 1 ? ` (x${n})` : ''} — ${known.get(k)}`);
}
if (unexpected.length > 0) {
  console.log('unexpected failures:');
  for (const f of unexpected) console.log(`  ${f.fullTitle}\n    ${String(f.err.message).split('\n').slice(0, 4).join('\n    ')}`);
}
if (nowPassing.length > 0) {
  console.log('listed as out of scope but passing now (remove from scripts/ali-oss-suite.known):');
  for (const k of nowPassing) console.log(`  ${k}`);
}
process.exit(unexpected.length === 0 && nowPassing.length === 0 ? 0 : 1);
EOF
