#!/bin/bash
# Runs bench/chaos.ts on a free lab slot, with the same locks as the lab tier's wrapper (a shared hold on the lab
# lock, which a full CI run takes exclusively, and one slot's lock): other lab users queue, the slots stay apart.
# usage (from the checkout): bench/chaos-run.sh [--kills 20] [--leads 200] [--write]
exec 9>/tmp/hotline-lab.lock; flock -s 9
slots="0 1"; [ -n "$LAB_SLOT" ] && slots="$LAB_SLOT"
while true; do
  for s in $slots; do
    exec {fd}>/tmp/hotline-lab-slot$s.lock
    if flock -n $fd; then
      echo "[chaos-run] slot $s" >&2
      HOTLINE_LAB_SLOT=$s npx tsx bench/chaos.ts "$@"; exit $?
    fi
    exec {fd}>&-
  done
  sleep 5
done
