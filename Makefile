# cadre: `make run` builds and opens the shell on the graph in graph/; `make test` runs every test.
# Both install the one system package cadre needs (libedit-dev) when it is missing.

SWIFT  ?= swift
GRAPH  ?= graph/cantho-2020.cg
APT    := DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

.PHONY: run build test deps clean

run: build
	.build/release/cadre $(GRAPH)

build: deps
	$(SWIFT) build -c release --product cadre

test: deps
	$(SWIFT) test

# libedit (with pkg-config, which finds it): installed when missing and we are root, otherwise
# the one command to run is printed.
deps:
	@if ! pkg-config --exists libedit 2>/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing libedit-dev (apt-get)"; \
	    apt-get update -qq && $(APT) libedit-dev pkg-config >/dev/null; \
	  else \
	    echo "cadre needs libedit. Run:  sudo apt-get install -y libedit-dev pkg-config" >&2; exit 1; \
	  fi; \
	fi

clean:
	rm -rf .build
