#!/usr/bin/env bash
# Runs the official Alibaba Cloud OSS PHP SDK's own PHPUnit suite, unmodified, against the emulator.
#
# The SDK is not packaged anywhere this machine can install from, so the caller gives the path to a
# checkout of aliyun/aliyun-oss-php-sdk (its src/, tests/ and autoload.php). The checkout is copied
# to a temporary directory (the tests write files next to themselves; nothing in the checkout is
# changed), and PHPUnit runs it with a bootstrap of ours that autoloads OSS\ from src/OSS (PSR-4)
# instead of composer's. The emulator, the callback receiver (apps/receiver) and PHPUnit run
# together in a network namespace of their own with nothing but a loopback interface: the tests'
# callbacks to www.baidu.com or aliyun.com fail there without anything leaving the machine.
#
# Prints the pass/fail counts, the failures listed as out of scope in scripts/php-sdk-suite.known
# (with the reason) and any other failure. Exits 1 when a test fails that is not listed, or a
# listed one passes (so the list stays true).
#
# Usage: scripts/php-sdk-suite.sh [--install] [--keep] <sdk-checkout> [phpunit --filter regex]
# See docs/conformance.md.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=suite-known.sh
source "$repo/scripts/suite-known.sh"
known="$repo/scripts/php-sdk-suite.known"
install=0 keep=0 sdk="" filter=""
for arg in "$@"; do
  case "$arg" in
    --install) install=1 ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) if [ -z "$sdk" ]; then sdk="$arg"; else filter="$arg"; fi ;;
  esac
done

packages=(php-cli php-curl php-xml php-mbstring phpunit iproute2)
if [ "$install" = 1 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y "${packages[@]}"
fi
if [ -z "$sdk" ] || [ ! -d "$sdk/src/OSS" ] || [ ! -d "$sdk/tests/OSS/Tests" ]; then
  echo "usage: $0 [--install] [--keep] <path to an aliyun-oss-php-sdk checkout> [phpunit filter]" >&2
  exit 2
fi
modules="$(php -m 2>/dev/null || true)"
if ! command -v phpunit >/dev/null || ! grep -qx curl <<<"$modules" || ! grep -qx SimpleXML <<<"$modules"; then
  echo "missing PHP or PHPUnit: apt-get install -y ${packages[*]} (or pass --install)" >&2
  exit 2
fi
if [ ! -f "$repo/apps/emulator/dist/main.js" ] || [ ! -f "$repo/apps/receiver/dist/main.js" ]; then
  echo "the emulator or the receiver is not built: run pnpm build first" >&2
  exit 2
fi
if ! unshare -rn true 2>/dev/null; then
  echo "cannot create a network namespace (unshare -rn): the suite is only run isolated from the network" >&2
  exit 2
fi

work="$(mktemp -d /tmp/ossbox-php-sdk.XXXXXX)"
trap '[ "$keep" = 1 ] && echo "kept $work" || rm -rf "$work"' EXIT
mkdir -p "$work/sdk"
cp -r "$sdk/src" "$sdk/tests" "$work/sdk/"
[ -f "$sdk/autoload.php" ] && cp "$sdk/autoload.php" "$work/sdk/"
sdk_commit="$(git -C "$sdk" rev-parse --short HEAD 2>/dev/null || echo 'not a git checkout')"

# Composer's autoloader stand-in: OSS\ (and OSS\Tests\) from the copy, PSR-4.
cat > "$work/bootstrap.php" <<'EOF'
<?php
spl_autoload_register(function ($class) {
    $roots = array('OSS\\Tests\\' => '/sdk/tests/OSS/Tests/', 'OSS\\' => '/sdk/src/OSS/');
    foreach ($roots as $prefix => $dir) {
        if (strncasecmp($class, $prefix, strlen($prefix)) === 0) {
            $file = __DIR__ . $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
            if (is_file($file)) {
                require $file;
            }
            return;
        }
    }
});
EOF

cat > "$work/run-inside.sh" <<'EOF'
#!/usr/bin/env bash
set -u
ip link set lo up
wait_for() {
  for _ in $(seq 1 150); do
    node -e 'fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$1" && return 0
    sleep 0.2
  done
  return 1
}
node "$REPO/apps/emulator/dist/main.js" --port 9000 --location "$WORK/data" --bucket "$OSS_BUCKET" >"$WORK/emulator.log" 2>&1 &
emulator=$!
node "$REPO/apps/receiver/dist/main.js" --port 9001 --trust-key-url-prefix http://127.0.0.1:9000/ >"$WORK/receiver.log" 2>&1 &
receiver=$!
wait_for http://127.0.0.1:9000/_ossbox/health && wait_for http://127.0.0.1:9001/_ossbox/callbacks
args=(--do-not-cache-result --bootstrap "$WORK/bootstrap.php" --log-junit "$WORK/junit.xml")
[ -n "$FILTER" ] && args+=(--filter "$FILTER")
(cd "$WORK/sdk" && phpunit "${args[@]}" tests/OSS/Tests) >"$WORK/out.txt" 2>&1
kill "$emulator" "$receiver"
wait 2>/dev/null
exit 0
EOF
chmod +x "$work/run-inside.sh"

echo "running the PHP SDK suite ($sdk, $sdk_commit) against the emulator ..."
start=$(date +%s)
env WORK="$work" REPO="$repo" FILTER="$filter" PATH="$PATH" HOME="$work" \
  OSS_ENDPOINT=127.0.0.1:9000 OSS_ACCESS_KEY_ID=ossbox OSS_ACCESS_KEY_SECRET=ossbox-secret \
  OSS_BUCKET=php-sdk-suite OSS_REGION=oss-cn-hangzhou OSS_CALLBACK_URL=http://127.0.0.1:9001/php-sdk \
  unshare -rn "$work/run-inside.sh"
elapsed=$(( $(date +%s) - start ))

if [ ! -s "$work/junit.xml" ]; then
  echo "PHPUnit wrote no report; its output:" >&2
  tail -50 "$work/out.txt" >&2
  exit 1
fi
# One line per test case: <status> <Class::method>, status pass, fail or error (skipped counts as pass).
php -r '
  $xml = simplexml_load_file($argv[1]);
  foreach ($xml->xpath("//testcase") as $case) {
    $name = preg_replace("/^.*\\\\/", "", (string)$case["class"]) . "::" . $case["name"];
    $status = isset($case->failure) ? "fail" : (isset($case->error) ? "error" : "pass");
    echo "$status $name\n";
  }' "$work/junit.xml" > "$work/results.txt"

passed=$(grep -c '^pass ' "$work/results.txt" || true)
mapfile -t failed < <(grep -E '^(fail|error) ' "$work/results.txt" | cut -d' ' -f2 | sort -u)
phpunit_passing() { grep -qxF "pass $1" "$work/results.txt"; }
phpunit_details() { awk '/^There (was|were) [0-9]+ (error|failure)/{p=1} /^(FAILURES|ERRORS)!/{p=0} p' "$work/out.txt" | grep -v '^/usr/share' | head -200; }
echo
echo "PHP SDK suite ($sdk_commit) against the emulator: $(grep -E '^(OK|Tests:)' "$work/out.txt" | tail -1) in ${elapsed}s"
report_against_known "$known" phpunit_passing phpunit_details "${failed[@]}"
