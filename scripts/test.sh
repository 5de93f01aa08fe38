#!/usr/bin/env bash
# The project's test command: the workspace tests, then the checks on the real Graph docs
# corpus (../shared/graph-docs), which are skipped with a notice when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
# Each crate is built once here, so incremental caches would only cost disk (gigabytes for a
# whole corpus crate) and time.
export CARGO_INCREMENTAL=0

cargo test --workspace --all-targets

corpus="${GRAPH_CORPUS_DIR:-$PWD/../shared/graph-docs}"
if [ ! -d "$corpus" ]; then
    echo "notice: $corpus is absent; the corpus checks are skipped"
    exit 0
fi
# A whole-corpus crate with debug info is a 2 GB library; the corpus checks need none.
export CARGO_PROFILE_DEV_DEBUG=0 CARGO_PROFILE_TEST_DEBUG=0
for version in v1.0 beta; do
    echo "== corpus $version: generate, compile, decode the examples =="
    GRAPH_DOCS_DIR="$corpus/$version" GRAPH_DOCS_REGISTRY=1 GRAPH_DOCS_MODELS_ONLY=1 \
        CARGO_TARGET_DIR=target/corpus \
        cargo test -p graph-bindings --test examples -- --nocapture
    if [ "$version" = beta ]; then
        # The whole crate, request builders and dispatch included, compiles (v1.0's does
        # below), and every route of every operation is a call of the client.
        echo "== corpus $version: the whole generated crate compiles; every route is reachable =="
        GRAPH_DOCS_DIR="$corpus/$version" GRAPH_DOCS_REGISTRY=1 CARGO_TARGET_DIR=target/corpus \
            cargo test -p graph-bindings --test conformance -- --nocapture \
            every_route_of_every_operation_is_reachable_from_the_client
    fi
    if [ "$version" = v1.0 ]; then
        # The example pairs through the request builders, against a local server.
        echo "== corpus $version: the example pairs through the request builders =="
        GRAPH_DOCS_DIR="$corpus/$version" GRAPH_DOCS_REGISTRY=1 CARGO_TARGET_DIR=target/corpus \
            cargo test -p graph-bindings --test conformance -- --nocapture
    fi
done
