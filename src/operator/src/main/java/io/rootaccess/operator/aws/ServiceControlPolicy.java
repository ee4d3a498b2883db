package io.rootaccess.operator.aws;

/** An SCP attached somewhere on an account's path (the account, its OUs, the root). */
public record ServiceControlPolicy(String id, String name, String targetId, String document) {}
