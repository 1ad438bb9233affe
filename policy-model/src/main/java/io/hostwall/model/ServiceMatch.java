package io.hostwall.model;

import java.util.Optional;

/** {@code services} of an entity rule. Accepted by the model; host endpoints cannot enforce it. */
public record ServiceMatch(String name, Optional<String> namespace) {}
