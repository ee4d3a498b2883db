package io.rootaccess.operator.task;

import io.rootaccess.operator.config.OperatorConfig;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where the operator's SQS client sends its calls, so that a queue URL in a task can be checked
 * against it before any call: the operator's SQS client talks to one regional endpoint (or the
 * configured override), so a queue URL naming another region or host is a mistake it must not act
 * on (at best a confusing QueueDoesNotExist after a root session was opened, at worst another queue
 * than the one meant).
 *
 * <p>The rule: with {@code rootaccess.aws.endpoints.sqs} (or {@code rootaccess.aws.endpoint}) set,
 * the URL's scheme, host and port must be that endpoint's. Without one, the URL must be https on
 * the operator's region, {@code rootaccess.aws.region}: {@code sqs.REGION.amazonaws.com} ({@code
 * .com.cn} in the China regions) or the legacy {@code REGION.queue.amazonaws.com} ({@code
 * queue.amazonaws.com} for us-east-1), port 443.
 */
public final class QueueEndpoint {
    /** No check of scheme, host or port (callers that only need the task's type or duration). */
    public static final QueueEndpoint ANY = new QueueEndpoint(null, null);

    private final String region;
    private final URI override;

    private QueueEndpoint(String region, URI override) {
        this.region = region;
        this.override = override;
    }

    public static QueueEndpoint of(OperatorConfig.Aws aws) {
        URI sqs = aws.endpoints().get("sqs");
        Optional<URI> override = sqs != null ? Optional.of(sqs) : aws.endpoint();
        return of(aws.region(), override);
    }

    public static QueueEndpoint of(String region, Optional<URI> override) {
        return new QueueEndpoint(
                region == null ? "us-east-1" : region.trim().toLowerCase(Locale.ROOT),
                override.orElse(null));
    }

    /** Why the operator refuses this queue URL, or empty when it is on its SQS endpoint. */
    public Optional<String> problem(String queueUrl) {
        if (region == null && override == null) {
            return Optional.empty();
        }
        URI url;
        try {
            url = URI.create(queueUrl);
        } catch (IllegalArgumentException e) {
            return Optional.of("spec.queue '" + queueUrl + "' is not a URL");
        }
        String scheme = lower(url.getScheme());
        String host = lower(url.getHost());
        if (override != null) {
            boolean same =
                    scheme.equals(lower(override.getScheme()))
                            && host.equals(lower(override.getHost()))
                            && port(url) == port(override);
            return same
                    ? Optional.empty()
                    : Optional.of(
                            refusal(
                                    queueUrl,
                                    scheme + "://" + host + ":" + port(url),
                                    override.getScheme()
                                            + "://"
                                            + override.getHost()
                                            + ":"
                                            + port(override)
                                            + " (rootaccess.aws.endpoints.sqs or rootaccess.aws.endpoint)"));
        }
        Set<String> hosts = regionalHosts();
        if ("https".equals(scheme) && hosts.contains(host) && port(url) == 443) {
            return Optional.empty();
        }
        return Optional.of(
                refusal(
                        queueUrl,
                        scheme + "://" + host + ":" + port(url),
                        "https://sqs."
                                + region
                                + "."
                                + domain()
                                + " (rootaccess.aws.region="
                                + region
                                + ")"));
    }

    private Set<String> regionalHosts() {
        String sqs = "sqs." + region + "." + domain();
        String legacy = region + ".queue.amazonaws.com";
        return "us-east-1".equals(region)
                ? Set.of(sqs, legacy, "queue.amazonaws.com")
                : Set.of(sqs, legacy);
    }

    private String domain() {
        return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    }

    private static String refusal(String queueUrl, String seen, String expected) {
        return "spec.queue '"
                + queueUrl
                + "' is at "
                + seen
                + ", and the operator calls SQS at "
                + expected
                + ": a queue URL of another region or host is refused (give the queue's name, or its"
                + " URL on that endpoint)";
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
