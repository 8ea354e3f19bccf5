# make run   — set up .venv, build the knowledge base when missing or stale, start the app
# make test  — set up .venv and run the whole test suite
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

# Debian packages the browser tests, the PDF checklist and the PostgreSQL tests need
# (installed when missing and root)
SYSTEM_PKGS := chromium fonts-noto-cjk fonts-noto-color-emoji postgresql

# quality gate: `make test` fails when accuracy falls under these (a little under today's
# 0.973 and 0.857); raise them when a change lifts the figures (README, "Quality gate")
DEV_MIN     ?= 0.97
HOLDOUT_MIN ?= 0.87

.PHONY: run test test-fast typecheck gate build clean system-deps screenshot

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first and pinned: anything else would pull a multi-GB CUDA build
	$(BIN)/pip install --quiet -c constraints.txt torch==2.13.0
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test]"
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/kb build

run: build
	$(BIN)/python app.py

system-deps:
	@command -v dpkg >/dev/null || { echo "note: not a Debian system; install chromium and a CJK font yourself, or browser/PDF tests are skipped"; exit 0; }; \
	missing=""; for p in $(SYSTEM_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	[ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo"; else \
	  echo "note:$$missing missing and no root: browser and PDF tests will be skipped with a reason"; exit 0; fi; \
	echo "installing$$missing (browser tests, PDF checklist fonts, PostgreSQL tests)"; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null \
	  || echo "warning: could not install$$missing: browser/PDF tests will be skipped with a reason"

test: $(STAMP) system-deps typecheck gate
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow and not browser"

typecheck: $(STAMP)
	$(BIN)/mypy

gate: $(STAMP)
	KB_NO_PROGRESS=1 $(BIN)/kb eval evals/qa_dev.jsonl --min $(DEV_MIN) --out build/eval/gate-dev
	KB_NO_PROGRESS=1 $(BIN)/kb eval evals/qa_holdout.jsonl --min $(HOLDOUT_MIN) --out build/eval/gate-holdout

# refresh the README's screenshot from the browser test's run
screenshot: $(STAMP) system-deps
	$(BIN)/python -m pytest -q -m browser tests/webapp/test_browser.py
	cp build/screenshots/chat-desktop.png docs/screenshot-chat.png
	cp build/screenshots/chat-phone.png docs/screenshot-phone.png

clean:
	rm -rf build
