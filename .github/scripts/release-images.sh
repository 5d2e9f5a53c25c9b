#!/usr/bin/env bash
# Builds each Plinth service image of an environment from the one services/Dockerfile, scans it
# (critical findings fail the release), writes its SBOM and pushes it to the environment's registry
# with the version its workloads stack deploys. `plinth config images` says which images and tags
# (foundation outputs `<service>_repository`, `services.version` of platform.yaml). Tags are
# immutable: an image already pushed is not built again.
#   release-images.sh <environment> <terraform-output.json> <sbom-dir>
# Needs trivy and syft on PATH, and cloud credentials (PLINTH_CLOUD=aws|gcp).
set -euo pipefail
environment="$1"
outputs="$2"
sbom_dir="$3"
mkdir -p "$sbom_dir"

images="$(npx plinth config images --env "$environment" --outputs "$outputs")"
[ "$(jq length <<<"$images")" -gt 0 ] || { echo "::warning::the foundation stack of $environment has no service repositories: nothing to release"; exit 0; }

declare -A logged_in=()
while IFS=$'\t' read -r service image registry; do
  if [ -z "${logged_in[$registry]:-}" ]; then
    case "${PLINTH_CLOUD:-}" in
      aws) aws ecr get-login-password --region "$(cut -d. -f4 <<<"$registry")" | docker login --username AWS --password-stdin "$registry" ;;
      gcp) gcloud auth print-access-token | docker login --username oauth2accesstoken --password-stdin "https://$registry" ;;
      *) echo "::error::PLINTH_CLOUD is \"${PLINTH_CLOUD:-}\"; set the repository variable to aws or gcp"; exit 1 ;;
    esac
    logged_in[$registry]=1
  fi
  if docker manifest inspect "$image" >/dev/null 2>&1; then
    echo "::notice::$image is already in the registry (tags are immutable): not rebuilt; raise services.version in platform.yaml to release a change"
    continue
  fi
  echo "::group::$service: build, scan, SBOM, push"
  docker build --file services/Dockerfile --target "$service" --tag "$image" .
  trivy image --exit-code 1 --severity CRITICAL --no-progress "$image"
  syft scan "docker:$image" --output "spdx-json=$sbom_dir/$service.spdx.json"
  docker push "$image"
  echo "::endgroup::"
  echo "- \`$image\` (SBOM: $service.spdx.json)" >>"${GITHUB_STEP_SUMMARY:-/dev/null}"
done < <(jq -r '.[] | [.service, .image, .registry] | @tsv' <<<"$images")
