package io.rootaccess.operator.testing.lanes;

import org.junit.platform.suite.api.ExcludeTags;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/** The second lane of the integration tier (see {@link IntegrationLaneOne}): the policy package. */
@Suite(failIfNoTests = false)
@SelectPackages("io.rootaccess.operator.policy")
@IncludeClassNamePatterns(".*IT")
@ExcludeTags({"system", "own-jvm"})
public class IntegrationLaneTwo {}
