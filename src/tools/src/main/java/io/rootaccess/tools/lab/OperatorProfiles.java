package io.rootaccess.tools.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The settings the lab gives the operator processes it starts (resources
 * operator-profiles/NAME.properties). They are passed as system properties: the operator runs its
 * prod profile, so the lab tests the configuration the image ships, plus these overrides.
 */
public final class OperatorProfiles {
    private OperatorProfiles() {}

    public static Map<String, String> load(String name) {
        String resource = "/operator-profiles/" + name + ".properties";
        try (InputStream in = OperatorProfiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no operator profile " + resource);
            }
            Properties p = new Properties();
            p.load(in);
            Map<String, String> settings = new LinkedHashMap<>();
            p.stringPropertyNames().stream()
                    .sorted()
                    .forEach(k -> settings.put(k, p.getProperty(k)));
            return settings;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
