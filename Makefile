# Targets mirror the README. Everything runs through the go command; the
# benchmark data is read from ../shared/data (or $STORYLINE_DATASETS).
GO ?= go
DATA ?= ../shared/data
SEEDS ?= ../shared/seeds

.PHONY: run test lint bench bench-extract eval fuzz build

build:
	$(GO) build -o storyline ./cmd/storyline

run:
	$(GO) run ./cmd/storyline run $(SEEDS)

lint:
	$(GO) vet ./...
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi

test: lint
	$(GO) test -race -timeout 40m ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Extraction speed (issue 3): ours and go-trafilatura's side by side, one
# core, two passes over the 181 pages, five rounds. In that run
# go-trafilatura's language detector is switched off, as extract does
# (third_party/whatlanggo). The second command measures go-trafilatura
# again as its users get it: built from a copy of go.mod without the
# replace directives and with the upstream_detector build tag, so with its
# own detector reading the whole text.
bench-extract:
	$(GO) test -run '^$$' -bench 'ExtractHTML|Trafilatura' -cpu 1 -benchtime 362x -count 5 ./internal/eval/extraction/
	tmp=$$(mktemp -d) && \
	$(GO) mod edit -dropreplace=github.com/RadhiFadlillah/whatlanggo -dropreplace=upstream.invalid/whatlanggo \
	  -droprequire=upstream.invalid/whatlanggo -print > $$tmp/upstream.mod && cp go.sum $$tmp/upstream.sum && \
	$(GO) test -modfile $$tmp/upstream.mod -tags upstream_detector -run '^$$' -bench 'Trafilatura' -cpu 1 -benchtime 362x -count 5 ./internal/eval/extraction/; \
	status=$$?; rm -rf $$tmp; exit $$status

fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list 'Fuzz.*' $$pkg 2>/dev/null | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime 30s $$pkg || exit 1; \
	  done; \
	done

eval: build
	./storyline eval extract $(DATA)/extraction/article-extraction-benchmark
	./storyline eval dates $(DATA)/extraction/htmldate-eval
	./storyline eval ner $(DATA)/entities/conll2003/eng.testa
	./storyline eval timex $(DATA)/entities/tempeval3/TBAQ-cleaned
	./storyline eval quotes $(DATA)/entities/polnear
	./storyline eval cluster $(DATA)/clustering/storyline-jsonl/duc-tdt-dev.jsonl
	./storyline eval cluster $(DATA)/clustering/storyline-jsonl/ecbplus-dev.jsonl
	./storyline eval run $(DATA)/clustering/storyline-jsonl/duc-tdt-dev.jsonl
	./storyline eval run $(DATA)/clustering/storyline-jsonl/ecbplus-dev.jsonl
	./storyline eval pairs --lang en $(DATA)/clustering/tgnews-toloka-pairs/en_train_pool.tsv
	./storyline eval summarize --docs $(DATA)/summarization/duc2004-task2/docs --models $(DATA)/summarization/duc2004-task2/models
	./storyline eval summarize --tac $(DATA)/summarization/tac2011-multiling --lang english
	./storyline eval timeline $(DATA)/summarization/ml-crisis-tls
