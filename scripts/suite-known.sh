# Shared by the official-SDK suite scripts (go-, python-, php-sdk-suite.sh): judges a run's failed
# tests against the script's .known list (one "<test name><TAB><reason>" per line, # comments) and
# prints the verdict. Sourced, not run.

# report_against_known <known file> <is_passing function> <details function> <failed test names...>
# Prints the counts, the listed failures with their reasons, the unexpected failures (then the
# output of <details function>) and the listed tests that now pass (<is_passing function> is called
# with a test name). Returns 1 when a failure is not listed or a listed test passes.
report_against_known() {
  local known=$1 is_passing=$2 details=$3 name
  shift 3
  local -A reason=()
  while IFS=$'\t' read -r name why; do
    [ -n "$name" ] && [ "${name:0:1}" != "#" ] && reason["$name"]="$why"
  done < "$known"
  local unexpected=() out_of_scope=() now_passing=()
  for name in "$@"; do
    if [ -n "${reason[$name]:-}" ]; then out_of_scope+=("$name"); else unexpected+=("$name"); fi
  done
  for name in "${!reason[@]}"; do
    if "$is_passing" "$name"; then now_passing+=("$name"); fi
  done
  local listed="scripts/$(basename "$known")"
  echo "passed: $passed, failed: $# (out of scope: ${#out_of_scope[@]}, unexpected: ${#unexpected[@]})"
  if [ ${#out_of_scope[@]} -gt 0 ]; then
    echo "out of scope ($listed):"
    for name in "${out_of_scope[@]}"; do echo "  $name — ${reason[$name]}"; done
  fi
  if [ ${#unexpected[@]} -gt 0 ]; then
    echo "unexpected failures:"
    for name in "${unexpected[@]}"; do echo "  $name"; done
    echo "details:"
    "$details"
  fi
  if [ ${#now_passing[@]} -gt 0 ]; then
    echo "listed as out of scope but passing now (remove from $listed):"
    for name in "${now_passing[@]}"; do echo "  $name"; done
  fi
  [ ${#unexpected[@]} -eq 0 ] && [ ${#now_passing[@]} -eq 0 ]
}
