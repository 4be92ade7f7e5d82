# The two commands a newcomer needs are `make run` and `make test`; the rest serve them,
# the build for AWS, and SAM's makefile build method (build-<LogicalId> targets).
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO      ?= go
STACK   := bash infra/stack/stack.sh
# Functions as template.yaml declares them: LogicalId=GoMain folder.
FUNCTIONS := Applications=functions/applications Registry=functions/registry \
             Calendars=functions/calendars Portal=functions/portal ValidateDocument=functions/validate-document \
             DeadlineCheck=functions/deadline-check Notify=functions/notify \
             PreTokenGeneration=functions/pre-token Monitoring=functions/monitoring Latvia=functions/latvia
# How Lambda wants Go: a static, stripped arm64 binary named bootstrap, without the RPC shim.
LAMBDA_BUILD := CGO_ENABLED=0 GOOS=linux GOARCH=arm64 $(GO) build -tags lambda.norpc -trimpath -ldflags='-s -w'

# Where a local run's e-mails go (the local parameter store, as SSM holds them in AWS):
# all of them land in Mailpit's page, whatever the address.
LOCAL_RECIPIENTS := -ssm /ictgov/local/recipients/org/_any=clerks@state-body.local \
  -ssm /ictgov/local/recipients/role/authorized_body=ab@authorized-body.local \
  -ssm /ictgov/local/recipients/role/service_integrator=si@service-integrator.local \
  -ssm /ictgov/local/recipients/role/operator=noc@operator.local \
  -ssm /ictgov/local/recipients/role/admin=admin@ictgov.local

.PHONY: help install install-servers run test lint build deploy bench fuzz soak clean replay openapi portal

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

install: ## install what is missing (pinned: Go module proxy, Debian, npm): the servers and the linter
	@$(STACK) install

# The servers' tools only: a test run never needs the linter.
install-servers:
	@$(STACK) install servers

# The portal is served at the gateway's own origin; the documents bucket (another port) must
# allow that origin (and localhost's spelling of it, and the portal's Vite server) by CORS.
run: install-servers portal ## start the whole system locally and print its URL, where the portal is (Ctrl-C stops everything)
	@$(GO) build -o .build/gateway ./infra/gateway
	@listen=$${ICTGOV_LISTEN:-127.0.0.1:3000}; exec .build/gateway -stack $(LOCAL_RECIPIENTS) \
	  -param PortalOrigins=http://$$listen,http://localhost:$${listen##*:},http://localhost:5173

test: install-servers portal ## start throw-away servers, run every test (the portal's in Chromium too), stop them
	@bash infra/test.sh

lint: ## gofmt, go vet, the OpenAPI document (spectral), cfn-lint (when the machine has it)
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "not gofmt-ed:"; echo "$$out"; exit 1; fi
	@$(GO) vet ./...
	@$(STACK) install lint
	@$(GO) run ./infra/openapi -o .build/openapi.yaml && $(GO) run ./infra/openapi -local -o .build/openapi.local.yaml
	@"$$($(STACK) spectral)" lint --quiet --fail-severity=warn --ruleset .spectral.yaml .build/openapi.yaml .build/openapi.local.yaml \
	  && echo "spectral: the OpenAPI document (deployed and local forms) ok"
	@if command -v cfn-lint >/dev/null 2>&1; then cfn-lint template.yaml && echo "cfn-lint: template.yaml ok" && \
	   python3 infra/template/sam_expanded.py template.yaml; \
	 else echo "cfn-lint not installed: template not linted"; fi

portal: ## build the portal (portal/, npm ci from its lock) into functions/portal/site/app, which Portal embeds
	@bash portal/scripts/build.sh

build: portal ## build every function for Lambda (arm64) into .build/lambda/<LogicalId>/bootstrap
	@for f in $(FUNCTIONS); do id=$${f%%=*}; dir=$${f#*=}; \
	  $(LAMBDA_BUILD) -o .build/lambda/$$id/bootstrap ./$$dir; \
	  printf '%-18s %s bytes\n' $$id $$(stat -c %s .build/lambda/$$id/bootstrap); done

deploy: ## sam build && sam deploy (needs the SAM CLI and AWS credentials)
	sam build && sam deploy

replay: ## replay a failure queue: make replay QUEUE=<name or URL> [LOCAL=http://127.0.0.1:3000]
	@$(GO) run ./infra/replay -queue '$(QUEUE)' $(if $(LOCAL),-local '$(LOCAL)') $(if $(FUNCTION),-function '$(FUNCTION)')

bench: install-servers ## measure against the local stack; writes bench/results.json
	@bash infra/bench.sh

soak: install-servers ## the long resilience runs (faults injected under load), against throw-away servers
	@ICTGOV_SOAK=1 PKGS=./infra/resilience GOTESTFLAGS="-run Soak -timeout 60m" bash infra/test.sh

fuzz: ## run every fuzz target for a short while (FUZZTIME=30s)
	@bash infra/fuzz.sh $${FUZZTIME:-20s}

clean: ## remove build output and local data (not the installed tools)
	rm -rf .build .data

# SAM's makefile build method calls build-<LogicalId> with ARTIFACTS_DIR set.
define sam_target
build-$(1):
	$(LAMBDA_BUILD) -o $$(ARTIFACTS_DIR)/bootstrap ./$(2)
endef
$(foreach f,$(FUNCTIONS),$(eval $(call sam_target,$(firstword $(subst =, ,$(f))),$(lastword $(subst =, ,$(f))))))
# Portal embeds the built portal: build it first.
build-Portal: portal
