package io.hostwall.compiler.eval;

import io.hostwall.model.Action;
import io.hostwall.model.Direction;
import java.util.Optional;

/**
 * One rule of a policy or profile: which resource, which direction, its index in that direction's list (0-based, as
 * in {@code spec.ingress[0]}) and its action. {@code tier} is present for policies only.
 *
 * @param owner the kind of resource that holds the rule
 * @param name the resource's name
 * @param tier the policy's tier; empty for profiles
 * @param direction which rule list
 * @param index the rule's index in that list, from 0
 * @param action the rule's action
 */
public record RuleRef(Owner owner, String name, Optional<String> tier, Direction direction, int index, Action action) {

    /** The kind of resource that holds the rule. */
    public enum Owner {
        /** A {@code GlobalNetworkPolicy}. */
        POLICY("GlobalNetworkPolicy"),
        /** A {@code Profile}. */
        PROFILE("Profile");

        private final String kind;

        Owner(String kind) {
            this.kind = kind;
        }

        /**
         * The manifest kind.
         *
         * @return e.g. {@code GlobalNetworkPolicy}
         */
        public String kind() {
            return kind;
        }
    }

    /**
     * The manifest path of the rule.
     *
     * @return e.g. {@code spec.ingress[0]}
     */
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
