# Targets mirror the README. Everything runs through the go command; the
# benchmark data is read from ../shared/data (or $STORYLINE_DATASETS).
GO ?= go
DATA ?= ../shared/data
SEEDS ?= ../shared/seeds

.PHONY: run test lint bench eval fuzz build

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
	./storyline eval summarize --docs $(DATA)/summarization/duc2004-task2/docs --models $(DATA)/summarization/duc2004-task2/models
