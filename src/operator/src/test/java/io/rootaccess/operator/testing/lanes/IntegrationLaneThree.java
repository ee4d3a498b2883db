package io.rootaccess.operator.testing.lanes;

import org.junit.platform.suite.api.ExcludePackages;
import org.junit.platform.suite.api.ExcludeTags;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The third lane of the integration tier (see {@link IntegrationLaneOne}): every package the other
 * two do not take.
 */
@Suite(failIfNoTests = false)
@SelectPackages("io.rootaccess.operator")
@ExcludePackages({"io.rootaccess.operator.account", "io.rootaccess.operator.policy"})
@IncludeClassNamePatterns(".*IT")
@ExcludeTags({"system", "own-jvm"})
public class IntegrationLaneThree {}
