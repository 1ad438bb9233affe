package io.hostwall.model;

import com.google.common.collect.ImmutableList;
import io.hostwall.selector.Selector;
import java.util.Optional;

/** {@code serviceAccounts} of an entity rule. Accepted by the model; host endpoints cannot enforce it. */
public record ServiceAccountMatch(ImmutableList<String> names, Optional<Selector> selector) {}
