package io.rootaccess.operator.aws.organization;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Where the organization's account tag reads outlive the process, so a restarted operator or a new
 * leader starts from them instead of one ListTagsForResource per account. Only a cache: a read or
 * write that fails is logged and ignored, never a reason to fail a reconcile.
 */
public interface TagReadStore {

    /** One account's tags as read from Organizations, and when. */
    record TagRead(Map<String, String> tags, Instant readAt) {}

    /**
     * The stored reads of this organization.
     *
     * @return empty when the store could not be asked (try again later); an empty map when nothing
     *     is stored, or only another organization's reads (those are never used)
     */
    Optional<Map<String, TagRead>> load(String organizationId);

    /** Replaces the stored reads with these (account id to read) of this organization. */
    void save(String organizationId, Map<String, TagRead> reads);

    /** Keeps nothing: tests that build a directory by hand, and the store switched off. */
    TagReadStore NONE =
            new TagReadStore() {
                @Override
                public Optional<Map<String, TagRead>> load(String organizationId) {
                    return Optional.of(Map.of());
                }

                @Override
                public void save(String organizationId, Map<String, TagRead> reads) {}
            };
}
