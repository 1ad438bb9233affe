package io.hostwall.model;

import java.util.Objects;

/**
 * A model record refused its values: the field that is wrong and what is wrong with it, in the words the manifest
 * loader uses for the same mistake. The field path is relative to the record that refused: a resource's starts at
 * the resource ({@code spec.egress}, {@code metadata.name}), a rule's at the rule ({@code destination.ports}), a
 * value's at the value ({@code code}); it is empty when the value as a whole is wrong.
 */
public final class InvalidResourceException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The path of the wrong field, relative to the refusing record. */
    private final String field;
    /** What is wrong. */
    private final String problem;

    /**
     * Creates the exception.
     *
     * @param field the path of the wrong field, relative to the refusing record; empty for the record itself
     * @param problem what is wrong, e.g. {@code preDNAT and doNotTrack cannot both be true}
     */
    public InvalidResourceException(String field, String problem) {
        super(Objects.requireNonNull(field, "field").isEmpty() ? Objects.requireNonNull(problem, "problem")
                : field + ": " + Objects.requireNonNull(problem, "problem"));
        this.field = field;
        this.problem = problem;
    }

    /**
     * The path of the wrong field, relative to the record that refused, e.g. {@code spec.ingress[0].action}.
     *
     * @return the path, empty when the record as a whole is wrong
     */
    public String field() {
        return field;
    }

    /**
     * What is wrong, without the field: the same text the manifest loader reports for the same mistake.
     *
     * @return the problem
     */
    public String problem() {
        return problem;
    }
}
