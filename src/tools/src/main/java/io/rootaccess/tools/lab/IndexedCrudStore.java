package io.rootaccess.tools.lab;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fabric8's CRUD store with an index by object name, as a real API server keys its store.
 *
 * <p>Fabric8 finds the object a POST, PUT or PATCH names by scanning every stored object, under the
 * store's write lock. With 10,000 accounts the store holds some 25,000 objects (children, Events,
 * Leases), so every write scanned them all, one at a time: the embedded API server, not AWS, set
 * the pace of `make bench` at 10,000 accounts (69,213 requests, 627 s in the store). Here a write
 * looks at the few objects of that name only. The index is checked against the store on every
 * lookup (same size, key still present) and rebuilt from it if they ever differ, so a store change
 * it did not see can cost a scan, never a wrong answer.
 */
final class IndexedCrudStore extends KubernetesCrudDispatcher {
    private final Map<String, Set<AttributeSet>> byName = new HashMap<>();

    /** Objects without one exact name (none here in practice): indexed so the sizes compare. */
    private final Set<AttributeSet> unnamed = new LinkedHashSet<>();

    private int indexed;
    private long rebuilds;

    IndexedCrudStore() {
        super(List.of());
    }

    // Fabric8 calls findResource and processEvent with its store lock held (read or write); the
    // index is guarded by its own monitor because reads run concurrently under the read lock.

    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
        String name = nameOf(query);
        if (name == null) {
            return super.findResource(query);
        }
        synchronized (byName) {
            if (indexed != map.size()) {
                rebuild();
            }
            for (AttributeSet key : byName.getOrDefault(name, Set.of())) {
                String value = map.get(key);
                if (value == null) {
                    rebuild();
                    return super.findResource(query);
                }
                if (key.matches(query)) {
                    return new AbstractMap.SimpleImmutableEntry<>(key, value);
                }
            }
            return null;
        }
    }

    @Override
    public void processEvent(
            String path,
            AttributeSet pathAttributes,
            AttributeSet oldAttributes,
            GenericKubernetesResource resource,
            String newState) {
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        synchronized (byName) {
            if (oldAttributes != null && remove(oldAttributes)) {
                indexed--;
            }
            if (newState != null) {
                AttributeSet stored = storedKey(pathAttributes, resource, newState);
                if (map.containsKey(stored) && add(stored)) {
                    indexed++;
                }
            }
        }
    }

    @Override
    public void reset() {
        super.reset();
        synchronized (byName) {
            byName.clear();
            unnamed.clear();
            indexed = 0;
        }
    }

    /** How often the index had to be rebuilt from the store (0 when it saw every change). */
    long rebuilds() {
        synchronized (byName) {
            return rebuilds;
        }
    }

    /** The key the parent stored the new state under (the same derivation as its processEvent). */
    private AttributeSet storedKey(
            AttributeSet pathAttributes, GenericKubernetesResource resource, String newState) {
        KubernetesAttributesExtractor extractor =
                (KubernetesAttributesExtractor) getAttributeExtractor();
        AttributeSet key =
                resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
        if (!key.containsKey(KubernetesAttributesExtractor.PLURAL)) {
            key = AttributeSet.merge(pathAttributes, key);
        }
        return key;
    }

    private void rebuild() {
        rebuilds++;
        byName.clear();
        unnamed.clear();
        indexed = 0;
        for (AttributeSet key : map.keySet()) {
            if (add(key)) {
                indexed++;
            }
        }
    }

    private boolean add(AttributeSet key) {
        String name = nameOf(key);
        if (name == null) {
            return unnamed.add(key);
        }
        return byName.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(key);
    }

    private boolean remove(AttributeSet key) {
        String name = nameOf(key);
        if (name == null) {
            return unnamed.remove(key);
        }
        Set<AttributeSet> keys = byName.get(name);
        if (keys == null || !keys.remove(key)) {
            return false;
        }
        if (keys.isEmpty()) {
            byName.remove(name);
        }
        return true;
    }

    /** The one exact name an attribute set carries, or null (none, several, or the wildcard). */
    private static String nameOf(AttributeSet attributes) {
        Attribute name = attributes.getAttribute(KubernetesAttributesExtractor.NAME);
        if (name == null || name.getValues().size() != 1) {
            return null;
        }
        String value = name.getValues().get(0).toString();
        return value == null || value.equals("*") ? null : value;
    }
}
