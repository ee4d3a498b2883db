package io.rootaccess.kubectl.cluster;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rootaccess.kubectl.ExitCode;
import io.rootaccess.kubectl.PluginException;
import io.rootaccess.kubectl.model.ApiFields.Kind;
import java.io.IOException;

/**
 * API errors as one line the user can act on, classified by exit code: unreachable, CRDs not
 * installed (the API server does not serve the resource: 404 on a list), forbidden (403) or
 * unauthorized (401). The user's token never appears: only the server's URL and its message.
 */
public final class ClusterErrors {
    private ClusterErrors() {}

    public static PluginException translate(
            KubernetesClientException e, Kind kind, String where, String server) {
        int code = e.getCode();
        String serverMessage =
                e.getStatus() != null && e.getStatus().getMessage() != null
                        ? e.getStatus().getMessage()
                        : null;
        if (code == 404) {
            return new PluginException(
                    ExitCode.CRDS_MISSING,
                    "the API server at "
                            + server
                            + " does not serve "
                            + kind.resource()
                            + "/"
                            + io.rootaccess.kubectl.model.ApiFields.VERSION
                            + ": the root-access-operator CRDs are not installed (install the"
                            + " Helm chart, or kubectl apply -f crds/)");
        }
        if (code == 403) {
            return new PluginException(
                    ExitCode.FORBIDDEN,
                    "forbidden: "
                            + (serverMessage != null
                                    ? serverMessage
                                    : "you may not list " + kind.resource() + " in " + where)
                            + " (reading needs list on the three rootaccess.io kinds: the chart's"
                            + " <release>-viewer ClusterRole, aggregated to view)");
        }
        if (code == 401) {
            return new PluginException(
                    ExitCode.FORBIDDEN,
                    "unauthorized: the API server at "
                            + server
                            + " rejected the credentials of your kubeconfig (expired token?)");
        }
        if (code <= 0 || ioCause(e) != null) {
            return new PluginException(
                    ExitCode.NO_CLUSTER,
                    "no cluster: cannot reach the Kubernetes API server at "
                            + server
                            + ": "
                            + describe(rootCause(e)));
        }
        return new PluginException(
                ExitCode.ERROR,
                "listing "
                        + kind.resource()
                        + " in "
                        + where
                        + " failed: HTTP "
                        + code
                        + (serverMessage != null ? ": " + serverMessage : ""));
    }

    private static Throwable ioCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /**
     * The cause that says what happened: the HTTP client wraps a refused connection in layers
     * without messages (IOException, ConnectException, ClosedChannelException), so a known kind
     * anywhere in the chain wins, else the innermost cause.
     */
    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (true) {
            if (t instanceof java.net.ConnectException
                    || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.http.HttpTimeoutException
                    || t instanceof java.net.SocketTimeoutException
                    || t instanceof javax.net.ssl.SSLException) {
                return t;
            }
            if (t.getCause() == null || t.getCause() == t) {
                return t;
            }
            t = t.getCause();
        }
    }

    /** "ConnectException" alone says little: name what happened. */
    private static String describe(Throwable t) {
        String message = t.getMessage();
        String name =
                t instanceof java.net.ConnectException
                        ? "connection refused"
                        : t instanceof java.net.UnknownHostException
                                ? "unknown host"
                                : t instanceof java.net.http.HttpTimeoutException
                                                || t instanceof java.net.SocketTimeoutException
                                        ? "timed out"
                                        : t instanceof javax.net.ssl.SSLException
                                                ? "TLS failed"
                                                : t.getClass().getSimpleName();
        return message == null || message.isBlank() || message.equals(name)
                ? name
                : name + " (" + message + ")";
    }
}
