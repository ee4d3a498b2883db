package io.rootaccess.tools.steady;

/**
 * `make steady`: runs {@link SteadyRun} with the settings of the environment ({@link
 * SteadySettings}), prints its one line on stdout (progress goes to stderr), writes
 * target/steady/results.json and exits 1 when the goals with the event source are missed.
 */
public final class SteadyMain {
    private SteadyMain() {}

    public static void main(String... args) {
        SteadySettings settings;
        try {
            settings = SteadySettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("steady: " + e.getMessage());
            System.exit(2);
            return;
        }
        int exit;
        try {
            SteadyRun.Result result = new SteadyRun(settings, System.err).run();
            System.err.println("steady: results written to " + result.results());
            System.out.println(result.line());
            exit = result.passed() ? 0 : 1;
        } catch (Exception e) {
            System.err.println("steady: FAILED: " + e);
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }
}
