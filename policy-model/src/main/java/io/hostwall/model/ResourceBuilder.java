package io.hostwall.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * What every resource's builder holds alike: {@code metadata.name} and {@code metadata.labels}. Each setter replaces
 * what was set before; the resource's constructor checks the values when the builder builds it.
 *
 * @param <B> the concrete builder, returned by every setter so that calls chain
 */
public abstract class ResourceBuilder<B extends ResourceBuilder<B>> {
    String name;
    final Map<String, String> labels = new TreeMap<>();

    ResourceBuilder(String name) {
        this.name = Checks.nonNull(name, "name");
    }

    /** This builder, typed as the concrete builder. */
    abstract B self();

    /**
     * Sets the name.
     *
     * @param n {@code metadata.name}
     * @return this builder
     */
    public B name(String n) {
        name = Checks.nonNull(n, "name");
        return self();
    }

    /**
     * Replaces the labels.
     *
     * @param values {@code metadata.labels}
     * @return this builder
     */
    public B labels(Map<String, String> values) {
        Map<String, String> copy = Checks.map(values, "labels");
        labels.clear();
        labels.putAll(copy);
        return self();
    }

    /**
     * Adds a label.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public B label(String key, String value) {
        labels.put(Checks.nonNull(key, "label key"), Checks.nonNull(value, "label value"));
        return self();
    }
}
