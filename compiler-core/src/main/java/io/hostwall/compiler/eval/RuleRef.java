package io.hostwall.compiler.eval;

import io.hostwall.model.Action;
import io.hostwall.model.Direction;
import java.util.Optional;

/**
 * One rule of a policy or profile: which resource, which direction, its index in that direction's list (0-based, as
 * in {@code spec.ingress[0]}) and its action. {@code tier} is present for policies only.
 */
public record RuleRef(Owner owner, String name, Optional<String> tier, Direction direction, int index, Action action) {

    /** The kind of resource that holds the rule. */
    public enum Owner {
        POLICY("GlobalNetworkPolicy"),
        PROFILE("Profile");

        private final String kind;

        Owner(String kind) {
            this.kind = kind;
        }

        /** The manifest kind, e.g. {@code GlobalNetworkPolicy}. */
        public String kind() {
            return kind;
        }
    }

    /** The manifest path of the rule, e.g. {@code spec.ingress[0]}. */
    public String path() {
        return "spec." + (direction == Direction.INGRESS ? "ingress" : "egress") + "[" + index + "]";
    }

    /** E.g. {@code GlobalNetworkPolicy "allow-ssh" (tier default) spec.ingress[0] Allow}. */
    @Override
    public String toString() {
        return owner.kind() + " \"" + name + "\"" + tier.map(t -> " (tier " + t + ")").orElse("") + " " + path()
                + " " + action;
    }
}
