#!/usr/bin/env bash
# Sets everything up, ingests the demo courier handbook (fictional) and answers its demo questions.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export LUODI_KB="${LUODI_KB:-$PWD/var/demo-kb}"
export TZ="${TZ:-Asia/Shanghai}"  # the fictional company works in Beijing time ("三点到" is 15:00 there)
export LUODI_HOME="${LUODI_HOME:-$HOME/.local/share/luodi}"
.venv/bin/luodi ingest demo/handbook --licence "internal (fictional demo)" --consent yes
.venv/bin/luodi tools enable courier-demo
echo
while IFS= read -r question; do
  [ -n "$question" ] || continue
  echo "› $question"
  .venv/bin/luodi ask "$question" --role courier || true
  echo
done < demo/questions.txt
echo "Knowledge base: $LUODI_KB  (try: .venv/bin/luodi ask \"…\" --kb $LUODI_KB --json)"
