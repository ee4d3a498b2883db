package io.rootaccess.tools.chaos;

/**
 * `make chaos` ({@code java -jar quarkus-run.jar chaos}): runs {@link ChaosRun} with the settings
 * of the environment ({@link ChaosSettings}), prints its one line on stdout (progress goes to
 * stderr) and exits 0 only when every account converged with no duplicate destructive call, no lost
 * policy and no leaked secret.
 */
public final class ChaosMain {
    private ChaosMain() {}

    public static void main(String... args) {
        ChaosSettings settings;
        try {
            settings = ChaosSettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("chaos: " + e.getMessage());
            System.exit(2);
            return;
        }
        int exit;
        try {
            ChaosRun.Result result = new ChaosRun(settings, System.err).run();
            System.err.println("chaos: report written to " + result.report());
            System.out.println(result.line());
            exit = result.passed() ? 0 : 1;
        } catch (Exception e) {
            System.err.println("chaos: FAILED: " + e);
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }
}
