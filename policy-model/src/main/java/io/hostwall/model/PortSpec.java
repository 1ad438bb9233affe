package io.hostwall.model;

import io.hostwall.net.PortRange;
import java.util.Objects;

/** One entry of a rule's {@code ports}/{@code notPorts}: a number, a range, or a named port. */
public sealed interface PortSpec permits PortSpec.Numeric, PortSpec.NamedPort {

    /**
     * A single port.
     *
     * @param port 1..65535
     * @return the entry
     * @throws InvalidResourceException if the port is out of range
     */
    static PortSpec port(int port) {
        Checks.check("", ModelRules.portProblem(Integer.toString(port), port));
        return new Numeric(PortRange.single(port));
    }

    /**
     * {@code first..last} inclusive.
     *
     * @param first 1..65535
     * @param last first..65535
     * @return the entry
     * @throws InvalidResourceException if an end is out of range or the range is reversed
     */
    static PortSpec range(int first, int last) {
        Checks.check("", ModelRules.portRangeProblem(first + ":" + last, Integer.toString(first),
                Integer.toString(last), first, last));
        return new Numeric(new PortRange(first, last));
    }

    /**
     * A port named in the {@code ports} list of host endpoints.
     *
     * @param name the name (Kubernetes' IANA_SVC_NAME rule)
     * @return the entry
     * @throws InvalidResourceException if the name breaks the rule
     */
    static PortSpec named(String name) {
        return new NamedPort(name);
    }

    /**
     * A port number or range, 1..65535.
     *
     * @param range the ports
     */
    record Numeric(PortRange range) implements PortSpec {
        /**
        * Refuses null.
        *
        * @param range the ports */
        public Numeric {
            Objects.requireNonNull(range, "range");
        }

        @Override
        public String toString() {
            return range.toString();
        }
    }

    /**
     * A port named in the {@code ports} list of host endpoints.
     *
     * @param name the name (Kubernetes' IANA_SVC_NAME rule)
     */
    record NamedPort(String name) implements PortSpec {
        /**
         * Checks the name.
         *
         * @param name the name (Kubernetes' IANA_SVC_NAME rule)
         * @throws InvalidResourceException if the name breaks the rule
         */
        public NamedPort {
            Objects.requireNonNull(name, "name");
            Checks.check("", ModelRules.namedPortProblem(name));
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
