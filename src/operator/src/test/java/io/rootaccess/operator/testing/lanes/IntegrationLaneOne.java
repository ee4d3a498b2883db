package io.rootaccess.operator.testing.lanes;

import org.junit.platform.suite.api.ExcludeTags;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectClasses;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The integration tier runs as two lanes, one failsafe JVM each, at the same time. A lane is one
 * JUnit run, so its {@code @QuarkusTest} classes share one application per test profile (the {@link
 * io.rootaccess.operator.testing.MockApiServer} and sandbox are global test resources and {@link
 * io.rootaccess.operator.testing.ClassBoundary} resets them between classes). Handed to failsafe
 * class by class, every class would be a run of its own and start an application.
 *
 * <p>This lane: the account, event and guard packages, every other class on {@link
 * io.rootaccess.operator.testing.GuardedProfile}, and one policy class so that both lanes take
 * about as long (on the 2-core machine); {@link IntegrationLaneTwo} takes everything else, so a new
 * test class is always in exactly one lane. Each profile a lane meets costs it an application build
 * and start. Two classes on {@link io.rootaccess.operator.testing.SandboxTimeProfile} never share a
 * lane: each moves the operator's clock, and the removal notices it records (in a ConfigMap of the
 * mock API server, which outlives the class) would start in the future of the next one. A third
 * lane (the account package, the policy package, the rest) was tried: its suites were shorter, but
 * the third JVM's application builds and the load it added made `make test` longer (6 min 08 s
 * against 5 min 22 s and 5 min 58 s with two, the rest of `make test` unchanged).
 */
@Suite(failIfNoTests = false)
@SelectPackages({
    "io.rootaccess.operator.account",
    "io.rootaccess.operator.events",
    "io.rootaccess.operator.guard"
})
@SelectClasses(
        names = {
            "io.rootaccess.operator.task.ManagementAccountTaskIT",
            // balances the two lanes' time
            "io.rootaccess.operator.policy.OrganizationWidePolicyIT"
        })
@IncludeClassNamePatterns(".*IT")
@ExcludeTags({"system", "own-jvm"})
public class IntegrationLaneOne {}
