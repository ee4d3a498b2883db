package io.rootaccess.operator.testing.lanes;

import org.junit.platform.suite.api.ExcludeTags;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The integration tier runs as three lanes, one failsafe JVM each, at the same time. A lane is one
 * JUnit run, so its {@code @QuarkusTest} classes share one application per test profile (the {@link
 * io.rootaccess.operator.testing.MockApiServer} and sandbox are global test resources and {@link
 * io.rootaccess.operator.testing.ClassBoundary} resets them between classes). Handed to failsafe
 * class by class, every class would be a run of its own and start an application.
 *
 * <p>This lane: the account package. {@link IntegrationLaneTwo} takes the policy package and {@link
 * IntegrationLaneThree} everything else, so a new test class is always in exactly one lane. The
 * three take about as long on the 2-core machine. Each profile a lane meets costs it an application
 * build and start, so each meets two: the default and either {@link
 * io.rootaccess.operator.testing.SandboxTimeProfile} (lanes one and two) or {@link
 * io.rootaccess.operator.testing.GuardedProfile} (lane three). Two classes on the sandbox's clock
 * never share a lane: each moves the operator's clock, and the removal notices it records (in a
 * ConfigMap of the mock API server, which outlives the class) would start in the future of the next
 * one.
 */
@Suite(failIfNoTests = false)
@SelectPackages("io.rootaccess.operator.account")
@IncludeClassNamePatterns(".*IT")
@ExcludeTags({"system", "own-jvm"})
public class IntegrationLaneOne {}
