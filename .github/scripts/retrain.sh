#!/usr/bin/env bash
# PLACEHOLDER: the training job that .github/workflows/retraining.yml starts when the drift service
# reports drift. The team replaces this script with its own training: it gets the drift service's
# client_payload as variables (MODEL, REASON, REPORT_ID, IDEMPOTENCY_KEY, TRIGGERED_AT, DATASET, and
# DRIFTED_COLUMNS and DRIFTED_EMBEDDINGS as JSON arrays). A new model version then goes through the
# promotion gates (`plinth gates evaluate`) like any other. Use IDEMPOTENCY_KEY to start one training
# run per trigger even when GitHub delivers the dispatch twice.
set -euo pipefail
echo "::warning::No training job is configured for model \"$MODEL\": replace .github/scripts/retrain.sh (README.md, Delivery with GitHub Actions)"
