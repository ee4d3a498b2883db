# root-access-operator: the two commands of the quick start are `make demo` and `make test`.
MVN ?= mvn -B -ntp
JAR := target/quarkus-app/quarkus-run.jar

.PHONY: test demo sandbox build crds lua clean

## test: unit + integration tests (mock Kubernetes API + sandbox over HTTP), generated-artifact checks, Lua health checks
test:
	$(MVN) verify

## build: the operator jar, without tests
build:
	$(MVN) package -DskipTests

## demo: operator + embedded Kubernetes API + simulated organization, applies examples/, exits 0 when all Ready
demo: build
	java -jar $(JAR) demo

## sandbox: the simulated AWS Organization on 127.0.0.1 (SANDBOX_PORT, SANDBOX_SEED, SANDBOX_ACCOUNTS)
sandbox: build
	java -jar $(JAR) sandbox

## sandbox-bench: requests/s of the sandbox driven by the real SDK clients, and raw (BENCH_THREADS, BENCH_SECONDS, BENCH_ACCOUNTS)
.PHONY: sandbox-bench
BENCH_THREADS ?= 8
BENCH_SECONDS ?= 10
BENCH_ACCOUNTS ?= 10000
sandbox-bench:
	$(MVN) -q test -Dtest=SandboxBenchmark -Dsandbox.bench=true -Dbench.threads=$(BENCH_THREADS) \
		-Dbench.seconds=$(BENCH_SECONDS) -Dbench.accounts=$(BENCH_ACCOUNTS) -Dsurefire.failIfNoSpecifiedTests=false

## crds: copy the CRDs the build generated (target/kubernetes) to crds/ and the Helm chart; commit the result
CRD_PLURALS := rootaccesspolicies memberaccountrootstates privilegedroottasks
CHART_DIR := helm/root-access-operator
crds: build
	@for plural in $(CRD_PLURALS); do \
	  src=target/kubernetes/$$plural.rootaccess.io-v1.yml; \
	  test -f $$src || { echo "crds: $$src was not generated" >&2; exit 1; }; \
	  cp $$src crds/$$plural.rootaccess.io.yaml; \
	  cp $$src $(CHART_DIR)/crds/$$plural.rootaccess.io.yaml; \
	done
	@echo "crds: crds/ and $(CHART_DIR)/crds/ refreshed from target/kubernetes"

clean:
	$(MVN) clean
