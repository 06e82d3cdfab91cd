#!/usr/bin/env bash
# Runs the time-dependent test suites at three wall-clock times of day, in three host time zones, under
# libfaketime (Debian package `faketime`, installed here when missing and we are root), to prove the suite
# does not depend on the hour it runs at nor on the host's zone. `npm run test:any-hour`.
#
# How time is faked: `faketime` puts libfaketime in LD_PRELOAD for the whole vitest process tree. Node
# (vitest, the API, the worker, the provider sandboxes) and the embedded PostgreSQL read the faked clock,
# so the service and its database agree. The Temporal dev server is a static Go binary: Go reads the clock
# through the vDSO, not libc, so LD_PRELOAD cannot reach it and it keeps the real time. To keep the
# two clocks consistent, each run fakes the NEXT occurrence of the given local time (0-24 h ahead of the
# real clock, never behind it): the service then only ever sees the workflow clock lag behind its own,
# so a slot it offers is in the future for the workflow too (a fake time behind the server's clock made
# freshly offered slots look past to the workflow, which is not a state production can reach).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v faketime >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q faketime >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q faketime >/dev/null; }
  else
    echo "faketime is missing: apt-get install faketime (as root)" >&2
    exit 1
  fi
fi

# The suites whose outcome depends on "now" or the host zone: slots offered in the lead's zone and the
# replies built from them (the first day's slot depends on the hour), reply interpretation relative to
# the received time, provider availability windows and webhook timestamps. Not here: suites that compare
# a time taken on our clock with one taken on the Temporal server's (test/booking/leadBooking.test.ts
# sets a reminder offset from our `Date.now()` and waits for the workflow to fire it), since the two
# clocks differ by design under faketime. Override with TEST_ANY_HOUR_SUITES.
read -r -a SUITES <<<"${TEST_ANY_HOUR_SUITES:-test/booking/replyOutcomes.test.ts test/replies/interpretReply.test.ts test/workflows/leadBookingState.test.ts test/providers/calendly-sandbox.test.ts test/providers/calendly-client.test.ts test/providers/calendly-webhooks.test.ts test/providers/ghl-sandbox.test.ts test/providers/ghl-webhooks.test.ts}"

# local time | host zone. Chosen to cover the workspace zone of the suites (America/New_York) at night,
# across its midnight and in its afternoon (the hour a first-day slot exists), with a host zone a day
# ahead of UTC among them.
RUNS=(
  "00:30|America/New_York"
  "11:59|America/Los_Angeles"
  "23:45|Pacific/Auckland"
)

# The date in $2 of the next occurrence of local time $1 (today's if still ahead, else tomorrow's).
next_date() {
  local hm=$1 zone=$2 now day
  now=$(date +%s)
  for offset in 0 1; do
    day=$(TZ=$zone date -d "$offset day" +%F)
    if [ "$(TZ=$zone date -d "$day $hm" +%s)" -ge "$now" ]; then
      echo "$day"
      return
    fi
  done
}

failed=0
summary=()
for run in "${RUNS[@]}"; do
  hm=${run%%|*}
  zone=${run##*|}
  day=$(next_date "$hm" "$zone")
  echo "=== ${SUITES[*]} at $day $hm $zone (UTC $(TZ=$zone date -u -d "TZ=\"$zone\" $day $hm" +%FT%TZ 2>/dev/null || true))"
  started=$(date +%s)
  # FAKETIME_NO_CACHE: every clock read is faked afresh (the default cache can return stale times to
  # the many short-lived processes and threads). DONT_RESET: child processes continue the parent's clock.
  if TZ=$zone FAKETIME_NO_CACHE=1 FAKETIME_DONT_RESET=1 faketime "$day $hm:00" \
    node_modules/.bin/vitest run "${SUITES[@]}"; then
    summary+=("ok   $day $hm $zone ($(($(date +%s) - started)) s)")
  else
    summary+=("FAIL $day $hm $zone ($(($(date +%s) - started)) s)")
    failed=1
  fi
done
printf '%s\n' "test:any-hour:" "${summary[@]}"
exit "$failed"
