package io.rootaccess.sandbox;

/** An access key pair the sandbox accepts. The secret is never logged by the sandbox. */
public record SandboxCredentials(String accessKeyId, String secretAccessKey) {
    @Override
    public String toString() {
        return "SandboxCredentials[" + accessKeyId + "]";
    }
}
