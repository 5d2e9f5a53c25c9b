#!/usr/bin/env bash
# Plans one synthesized stack (cdktf.out/stacks/<name>) and, with `apply`, applies exactly that saved
# plan. The plan is printed, written to the job summary and saved as <stack>.plan.md (the pull
# request's plan comment is built from these files). Used by pull-request.yml (plan) and
# deploy-environment.yml (apply).
#   terraform-stack.sh plan|apply <stack-dir>
set -euo pipefail
mode="$1"
dir="$2"
stack="$(basename "$dir")"
case "$mode" in plan|apply) ;; *) echo "usage: terraform-stack.sh plan|apply <stack-dir>" >&2; exit 2 ;; esac

terraform -chdir="$dir" init -input=false -no-color >/dev/null
plan_args=(-input=false -no-color -out=tfplan)
# A pull request's plan holds no state lock: it must never block (or be blocked by) a deploy.
[ "$mode" = plan ] && plan_args+=(-lock=false)
set +e
terraform -chdir="$dir" plan "${plan_args[@]}" >"$dir/plan.log" 2>&1
status=$?
set -e
cat "$dir/plan.log"

summary="$(grep -m 1 -oE '(Plan: .*|No changes\..*|Changes to Outputs|Error: .*)' "$dir/plan.log" || true)"
{
  echo "<details><summary><code>$stack</code>: ${summary:-see the job log}</summary>"
  echo
  echo '```text'
  # Each stack's plan stays readable in a comment that holds every stack the change touches.
  tail -c 20000 "$dir/plan.log"
  echo '```'
  echo "</details>"
} >"$stack.plan.md"
cat "$stack.plan.md" >>"${GITHUB_STEP_SUMMARY:-/dev/null}"

[ "$status" = 0 ] || { echo "::error::terraform plan of $stack failed"; exit "$status"; }
if [ "$mode" = apply ]; then
  terraform -chdir="$dir" apply -input=false -no-color tfplan
fi
