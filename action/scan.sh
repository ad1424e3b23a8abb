#!/usr/bin/env bash
# Scans the merge base (for the baseline) and the head of a pull request; called by action.yml.
# Inputs arrive as environment variables, never interpolated into the script.
set -uo pipefail

trackscan() { "$RUNNER_TEMP/trackscan-venv/bin/trackscan" "$@"; }

out="$RUNNER_TEMP/trackscan"
mkdir -p "$out"
echo "output-dir=$out" >> "$GITHUB_OUTPUT"

source_url="${INPUT_SOURCE_URL:-}"
if [ -z "$source_url" ]; then
  source_url="$SERVER_URL/$REPOSITORY/blob/{commit}/{path}#L{line}"
fi
# Link to the pull request's head commit: on pull_request events the checkout is a merge commit.
source_url="${source_url//\{commit\}/$HEAD_SHA}"
echo "source-url=$source_url" >> "$GITHUB_OUTPUT"

read -r -a extra <<< "${INPUT_ARGS:-}"
common=()
[ -n "${INPUT_PLAN:-}" ] && common+=(--plan "$GITHUB_WORKSPACE/$INPUT_PLAN")

baseline=()
if [ -n "${BASE_SHA:-}" ]; then
  git fetch --quiet --no-tags origin "$BASE_SHA" 2>/dev/null || true
  merge_base=$(git merge-base HEAD "$BASE_SHA" 2>/dev/null || echo "$BASE_SHA")
  base_tree="$RUNNER_TEMP/trackscan-base"
  if git worktree add --quiet --detach "$base_tree" "$merge_base" 2>/dev/null; then
    # The base is scanned against the head's plan, so the delta shows what this change did.
    head_plan=()
    if [ ${#common[@]} -eq 0 ]; then
      trackscan "$INPUT_PATH" --quiet --exit-zero --json "$out/head-plan.json" "${extra[@]}" || true
      plan_path=$(python -c 'import json,sys; p=json.load(open(sys.argv[1]))["plan"]; print(p["path"] if p else "")' "$out/head-plan.json" 2>/dev/null || true)
      rm -f "$out/head-plan.json"
      [ -n "$plan_path" ] && head_plan=(--plan "$GITHUB_WORKSPACE/$INPUT_PATH/$plan_path")
    fi
    if trackscan "$base_tree/$INPUT_PATH" --quiet --exit-zero --json "$out/base.json" \
        "${common[@]}" "${head_plan[@]}" "${extra[@]}"; then
      baseline=(--baseline "$out/base.json")
    fi
    git worktree remove --force "$base_tree" || true
  else
    echo "::warning::trackscan could not check out the merge base $merge_base; comparing nothing."
  fi
fi

gates=()
[ -n "${INPUT_FAIL_UNDER:-}" ] && gates+=(--fail-under "$INPUT_FAIL_UNDER")
[ -n "${INPUT_FAIL_ON:-}" ] && gates+=(--fail-on "$INPUT_FAIL_ON")

trackscan "$INPUT_PATH" --json "$out/trackscan.json" --markdown "$out/trackscan.md" \
  --html "$out/trackscan.html" --sarif "$out/trackscan.sarif" --source-url "$source_url" \
  "${common[@]}" "${baseline[@]}" "${gates[@]}" "${extra[@]}"
code=$?

echo "exit-code=$code" >> "$GITHUB_OUTPUT"
if [ -f "$out/trackscan.json" ]; then
  echo "report-json=$out/trackscan.json" >> "$GITHUB_OUTPUT"
  echo "markdown=$out/trackscan.md" >> "$GITHUB_OUTPUT"
  coverage=$(python -c 'import json,sys; c=json.load(open(sys.argv[1]))["summary"]["coverage"]; print("" if c is None else c)' "$out/trackscan.json")
  echo "coverage=$coverage" >> "$GITHUB_OUTPUT"
fi
exit 0
