package io.hostwall.compiler.chains;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Where a long tier's policy jumps are cut into groups. A live update rewrites a changed chain whole, and an
 * endpoint chain of a large cluster holds thousands of policy jumps (about 1,700 on a node of the 5,000-policy
 * benchmark cluster): adding one policy rewrote hundreds of kilobytes. So above a threshold the jumps go into a
 * two-level tree of group chains, cut where content decides, as in rsync's and prolly trees' content-defined
 * chunking: a group starts at a policy whose name hashes to a boundary. Inserting or removing a policy changes the
 * one group it falls in; the other groups keep their names and their rules. Cutting by position instead would
 * shift every later group.
 *
 * <p>The hash is of the policy's name only, so the cut is a function of the manifests, never of order, node or
 * thread. About one policy in {@value #INNER_EVERY} starts an inner group, one in {@value #OUTER_EVERY} an outer
 * one; an outer boundary is always an inner one, so the tree is well nested.
 */
public final class PolicyGroups {
    /** On average, one policy in this many starts an inner group (a power of two). */
    static final int INNER_EVERY = 8;
    /** On average, one policy in this many starts an outer group (a power of two, a multiple of the inner one). */
    static final int OUTER_EVERY = 64;

    private PolicyGroups() {}

    /**
     * Whether a policy of this name starts an inner group when it is not its tier's first.
     *
     * @param policyName the policy's name
     * @return true for about one name in {@value #INNER_EVERY}
     */
    public static boolean startsInner(String policyName) {
        return (hash(policyName) & (INNER_EVERY - 1)) == 0;
    }

    /**
     * Whether a policy of this name starts an outer group when it is not its tier's first (then it starts an inner
     * one too).
     *
     * @param policyName the policy's name
     * @return true for about one name in {@value #OUTER_EVERY}
     */
    public static boolean startsOuter(String policyName) {
        return (hash(policyName) & (OUTER_EVERY - 1)) == 0;
    }

    /**
     * Cuts a tier's policies, in order, into outer groups of inner groups.
     *
     * @param policies the tier's policies in evaluation order
     * @param name a policy's name
     * @param <T> what stands for a policy
     * @return outer groups, each a list of inner groups, each a non-empty run of policies; concatenated they are
     *     {@code policies}
     */
    static <T> List<List<List<T>>> cut(List<T> policies, Function<T, String> name) {
        return cutBy(policies, p -> boundary(name.apply(p)));
    }

    /**
     * What a policy of this name starts when it is not its tier's first: {@code 2} an outer group (and an inner
     * one), {@code 1} an inner group, {@code 0} none.
     *
     * @param policyName the policy's name
     * @return 0, 1 or 2
     */
    static int boundary(String policyName) {
        int h = hash(policyName);
        return (h & (OUTER_EVERY - 1)) == 0 ? 2 : (h & (INNER_EVERY - 1)) == 0 ? 1 : 0;
    }

    /** {@link #cut(List, Function)} with each policy's {@link #boundary} given (memoised by the caller). */
    static <T> List<List<List<T>>> cutBy(List<T> policies, java.util.function.ToIntFunction<T> boundary) {
        List<List<List<T>>> outer = new ArrayList<>();
        List<T> inner = null;
        for (int i = 0; i < policies.size(); i++) {
            T p = policies.get(i);
            int starts = i == 0 ? 0 : boundary.applyAsInt(p);
            if (i == 0 || starts == 2) {
                outer.add(new ArrayList<>());
                inner = null;
            }
            if (inner == null || starts >= 1) {
                inner = new ArrayList<>();
                outer.get(outer.size() - 1).add(inner);
            }
            inner.add(p);
        }
        return outer;
    }

    private static int hash(String name) {
        return Hashing.murmur3_32_fixed().hashString(name, StandardCharsets.UTF_8).asInt();
    }
}
