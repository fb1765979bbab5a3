# Parallax — every command a person or CI needs. `make run` and `make test` install what is
# missing first (scripts/setup.sh), so they work on a fresh Debian machine.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run

# ONE feature set for every cargo command: without tauri/custom-protocol a build looks for a dev
# server instead of the embedded UI, and switching feature sets rebuilds Tauri each time.
CARGO_FLAGS := --workspace --locked --features tauri/custom-protocol
CORE_CRATES := parallax-llm parallax-store parallax-engine parallax-app parallax-cli
export PATH := $(CURDIR)/.tools/bin:$(PATH)
export CARGO_TERM_COLOR ?= never

UI_SOURCES := $(shell find ui/src ui/index.html ui/vite.config.ts ui/package-lock.json -type f 2>/dev/null)

.PHONY: fuzz bench bench-peers run demo test setup setup-app ui check-ui check-rust check-core-free-of-tauri cargo-test e2e bindings fmt build package package-test

## run: install what is missing, build, start the app
run: setup-app build
	target/debug/parallax-desktop

## demo: the app with a history of its own (.demo/), every provider pointed at the mock provider
demo: setup-app ui build
	scripts/demo.sh

## test: install what is missing, then every check and test suite: the end-to-end suite, then the package installed and started
test: setup check-ui ui check-rust cargo-test check-core-free-of-tauri e2e package-test
	@echo "make test: all green"

setup:
	scripts/setup.sh

setup-app:
	scripts/setup.sh --app

# The UI must be built before any cargo command touches src-tauri: generate_context! embeds it.
ui: ui/dist/index.html
ui/dist/index.html: $(UI_SOURCES)
	cd ui && npm run build

check-ui:
	cd ui && npm run typecheck && npm run lint && npm test

check-rust: ui
	cargo fmt --all -- --check
	cargo clippy $(CARGO_FLAGS) --all-targets -- -D warnings

build: ui
	cargo build $(CARGO_FLAGS) --bins

# Includes tests/bindings.rs, which fails when ui/src/backend/bindings drift from the Rust types.
cargo-test: ui
	cargo test $(CARGO_FLAGS)

check-core-free-of-tauri:
	@for c in $(CORE_CRATES); do \
	  if cargo tree --locked -p $$c -e normal,build --prefix none | grep -qE '^(tauri|wry|tao)[ -]'; then \
	    echo "$$c depends on Tauri; core crates must stay Tauri-free" >&2; exit 1; fi; \
	done; echo "core crates are free of Tauri"

e2e: build
	tests/e2e/run.sh target/debug/parallax-desktop target/debug/mock-provider

## package: the installable .deb (release build): the app with its icons and desktop entry, the `parallax` CLI beside it
package: setup-app ui
	CARGO_FLAGS="$(CARGO_FLAGS)" scripts/package.sh

## package-test: the same .deb from the debug binaries `build` made (nothing recompiles), installed into a clean root, started under Xvfb
package-test: setup build
	deb=$$(CARGO_FLAGS="$(CARGO_FLAGS)" scripts/package.sh --debug); tests/package/run.sh "$$deb"

## bench: benchmarks (release builds); prints a Markdown report for BENCHMARKS.md
bench: setup
	scripts/bench.sh

## fuzz: the fuzzing properties (stream framing and decoders, catalog and import parsers) with 20,000 cases each instead of make test's short round
fuzz: setup
	PARALLAX_FUZZ_CASES=$${PARALLAX_FUZZ_CASES:-20000} cargo test --locked --release -p parallax-engine -p parallax-llm -p parallax-store --test framing --test fuzz

## bench-peers: parallax against the openai SDK, LiteLLM, httpx, aiohttp and curl ×N (PyPI clients in target/peers-venv; not part of test or bench)
bench-peers:
	scripts/peers/run.sh

## bindings: regenerate ui/src/backend/bindings from the Rust IPC types
# Works even when the UI does not type-check yet (stale bindings are the usual reason): cargo
# only needs ui/dist to exist, so a placeholder stands in and is removed afterwards.
bindings:
	@if [ ! -f ui/dist/index.html ]; then mkdir -p ui/dist && echo '<!-- placeholder -->' > ui/dist/index.html && touch -d '2000-01-01' ui/dist/index.html; fi
	UPDATE_BINDINGS=1 cargo test $(CARGO_FLAGS) --test bindings
	@if grep -q placeholder ui/dist/index.html; then rm -rf ui/dist; fi

fmt:
	cargo fmt --all
