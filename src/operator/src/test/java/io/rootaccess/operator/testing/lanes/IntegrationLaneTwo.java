package io.rootaccess.operator.testing.lanes;

import org.junit.platform.suite.api.ExcludeClassNamePatterns;
import org.junit.platform.suite.api.ExcludePackages;
import org.junit.platform.suite.api.ExcludeTags;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The second lane of the integration tier: every package and class {@link IntegrationLaneOne} does
 * not take.
 */
@Suite(failIfNoTests = false)
@SelectPackages("io.rootaccess.operator")
@ExcludePackages({
    "io.rootaccess.operator.account",
    "io.rootaccess.operator.events",
    "io.rootaccess.operator.guard"
})
@ExcludeClassNamePatterns({
    "io\\.rootaccess\\.operator\\.task\\.ManagementAccountTaskIT",
    "io\\.rootaccess\\.operator\\.policy\\.OrganizationWidePolicyIT"
})
@IncludeClassNamePatterns(".*IT")
@ExcludeTags({"system", "own-jvm"})
public class IntegrationLaneTwo {}
