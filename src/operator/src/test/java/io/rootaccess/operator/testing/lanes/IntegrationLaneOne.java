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
 * <p>This lane: the account and event packages, with every class on {@link
 * io.rootaccess.operator.testing.SandboxTimeProfile}; {@link IntegrationLaneTwo} takes every other
 * package, so a new test class is always in exactly one lane. Each profile a lane meets costs it an
 * application build and start: this lane has the default profile and the sandbox's clock, the other
 * the default profile and the guarded one.
 */
@Suite(failIfNoTests = false)
@SelectPackages({"io.rootaccess.operator.account", "io.rootaccess.operator.events"})
@SelectClasses(names = "io.rootaccess.operator.policy.PolicyNoticeIT")
@IncludeClassNamePatterns(".*IT")
@ExcludeTags({"system", "own-jvm"})
public class IntegrationLaneOne {}
