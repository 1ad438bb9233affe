package io.hostwall.model;

import com.google.common.collect.ImmutableList;
import io.hostwall.selector.Selector;
import java.util.Optional;

/**
 * {@code serviceAccounts} of an entity rule. Accepted by the model; host endpoints cannot enforce it.
 *
 * @param names service account names
 * @param selector a selector over service account labels
 */
public record ServiceAccountMatch(ImmutableList<String> names, Optional<Selector> selector) {
    /**
        * Refuses nulls.
        *
        * @param names service account names
        * @param selector a selector over service account labels */
    public ServiceAccountMatch {
        names = Checks.list(names, "names");
        Checks.nonNull(selector, "selector");
    }
}
