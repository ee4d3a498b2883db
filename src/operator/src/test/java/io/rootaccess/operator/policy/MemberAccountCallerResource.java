package io.rootaccess.operator.policy;

import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.sandbox.SandboxCredentials;
import java.util.HashMap;
import java.util.Map;

/**
 * The default sandbox, but the operator runs as an administrator of a member account ({@code
 * security-tooling}) instead of the management account: the identity mistake a real installation
 * can make.
 */
public class MemberAccountCallerResource extends SandboxResource {
    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        SandboxCredentials member = sandbox().credentialsFor(accountId(SECURITY_TOOLING));
        config.put("rootaccess.aws.access-key-id", member.accessKeyId());
        config.put("rootaccess.aws.secret-access-key", member.secretAccessKey());
        return config;
    }
}
