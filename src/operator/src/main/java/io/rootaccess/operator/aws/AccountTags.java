package io.rootaccess.operator.aws;

import java.util.Map;
import java.util.Set;

/**
 * Account tags known so far.
 *
 * @param tags account id to its tags (accounts without tags may be absent)
 * @param read every account whose tags have been read, with or without tags
 */
public record AccountTags(Map<String, Map<String, String>> tags, Set<String> read) {
    public static final AccountTags NONE = new AccountTags(Map.of(), Set.of());
}
