# cadre: `make run` builds and opens the shell on the graph in graph/; `make test` runs every test.
# Both install the one system package cadre needs (libedit-dev) when it is missing.

SWIFT  ?= swift
GRAPH  ?= graph/cantho-2020.cg
APT    := DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

.PHONY: run build test tck tck-ratchet bench bench-everyday fuzz deps clean

run: build
	.build/release/cadre $(GRAPH)

build: deps
	$(SWIFT) build -c release --product cadre

test: deps
	$(SWIFT) test

# The openCypher TCK (../shared/tck, or TCK_DIR): a table per folder and `N passed, N failed, N skipped`;
# one line per scenario in .build/tck-results.tsv. tck-ratchet also records the passing scenarios
# in Tests/tck-passing.txt, which `make test` then requires to keep passing.
tck: deps
	$(SWIFT) build --product cadre-tck
	.build/debug/cadre-tck

tck-ratchet: deps
	$(SWIFT) build --product cadre-tck
	.build/debug/cadre-tck --update-ratchet

# cadre side by side with Kùzu on generated graphs of 10k, 100k and 1M persons (cached under
# .build/bench; BENCH_SIZES=10000,100000 to choose); writes benchmarks/README.md, then the
# everyday suite's table (below; EVERYDAY_SIZES, here 1000000 unless set). Not a test.
bench: deps
	@command -v /usr/bin/time >/dev/null || { [ "$$(id -u)" = 0 ] && $(APT) time >/dev/null; } || { echo "make bench measures import peaks with GNU time: sudo apt-get install -y time" >&2; exit 1; }
	python3 benchmarks/run.py
	EVERYDAY_SIZES=$${EVERYDAY_SIZES:-1000000} CADRE_BENCH=.build/release/cadre-bench python3 benchmarks/everyday.py

# The everyday suite alone: cadre, Kùzu and DuckDB on the same 56 everyday queries, answers compared
# (EVERYDAY_SIZES=10000,100000; default 100000). Writes benchmarks/everyday.md and
# everyday-results.json (and, with 10000, everyday-expected-10000.json). Fails if answers differ.
bench-everyday: deps
	$(SWIFT) build -c release --product cadre-bench
	$(SWIFT) build -c release --product cadre-generate
	CADRE_BENCH=.build/release/cadre-bench python3 benchmarks/everyday.py

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

# libFuzzer on each front end for FUZZ_SECONDS each (default 600): queries (lexer to engine),
# graph files, CSV. Seeds from examples/, the TCK and the graph files; crashes land in fuzz/crashes/.
# Leak reports are off (per input and at exit): Foundation's file reading leaks a buffer per
# empty file, and what lives as long as the process (the article graph) is reported at exit.
FUZZ_SECONDS ?= 600
fuzz: deps
	$(SWIFT) build -c release --product cadre
	CADRE_FUZZ=1 $(SWIFT) build -c debug --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer --product cadre-fuzz --scratch-path .build/fuzz
	python3 fuzz/corpus.py .build/fuzz/corpus
	mkdir -p fuzz/crashes
	for target in query graph csv regex; do \
		ASAN_OPTIONS=detect_leaks=0 CADRE_FUZZ_TARGET=$$target .build/fuzz/debug/cadre-fuzz -max_total_time=$(FUZZ_SECONDS) -timeout=20 -rss_limit_mb=4096 \
			-print_final_stats=1 -detect_leaks=0 -artifact_prefix=fuzz/crashes/$$target- .build/fuzz/corpus/$$target || exit 1; \
	done
