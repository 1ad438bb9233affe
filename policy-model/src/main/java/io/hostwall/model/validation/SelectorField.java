package io.hostwall.model.validation;

import io.hostwall.model.ModelRules;
import io.hostwall.model.yaml.FieldPath;
import io.hostwall.model.yaml.Fields;
import io.hostwall.model.yaml.ManifestNode;
import io.hostwall.model.yaml.ProblemReport;
import io.hostwall.selector.Selector;
import io.hostwall.selector.SelectorSyntaxException;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.util.Optional;
import java.util.regex.Pattern;

/** Selector-valued fields: syntax, the 1024-character cap, and where {@code global()} may appear. */
final class SelectorField {
    static final int MAX_LENGTH = 1024;
    private static final Pattern ONLY_GLOBAL = Pattern.compile("[ \t]*global\\([ \t]*\\)[ \t]*");
    /**
     * Parsed selectors by text. Clusters repeat a few selectors across thousands of policies and rules; a selector
     * is immutable and thread-safe, so one parse serves them all and the loaded records share it. Bounded, so that
     * hostile input of distinct selectors cannot grow it.
     */
    private static final Cache<String, Selector> PARSED = CacheBuilder.newBuilder().maximumSize(4096).build();

    /** Where {@code global()} is allowed. */
    enum Global {
        /** Calico's CEL rule is a plain substring test: {@code global(} anywhere, even in a literal, is refused. */
        FORBIDDEN,
        /** A rule's namespaceSelector: {@code global()} must be the only token. */
        ONLY_ALONE,
        /** Fields Calico does not check for it. */
        UNCHECKED
    }

    private SelectorField() {}

    /** The selector in {@code key}; absent or {@code ""} is empty (for rule selectors: no constraint). */
    static Optional<Selector> read(Fields fields, String key, Global global) {
        Optional<ManifestNode> node = fields.get(key);
        Optional<String> text = fields.string(key);
        if (node.isEmpty() || text.isEmpty() || text.get().isEmpty()) {
            return Optional.empty();
        }
        return parse(text.get(), node.get(), fields.path(key), fields.report(), global);
    }

    static Optional<Selector> parse(String text, ManifestNode node, FieldPath path, ProblemReport report,
            Global global) {
        if (text.length() > MAX_LENGTH) {
            report.add(node, path, "selector is " + text.length() + " characters long; the maximum is " + MAX_LENGTH);
            return Optional.empty();
        }
        int before = report.count();
        Optional<String> globalProblem = switch (global) {
            case FORBIDDEN -> ModelRules.globalOutsideNamespaceSelectorProblem(text);
            case ONLY_ALONE -> ModelRules.globalNotAloneProblem(text, ONLY_GLOBAL.matcher(text).matches());
            case UNCHECKED -> Optional.empty();
        };
        globalProblem.ifPresent(p -> report.add(node, path, p));
        try {
            Selector selector = PARSED.getIfPresent(text);
            if (selector == null) {
                selector = Selector.parse(text);
                PARSED.put(text, selector);
            }
            return report.count() == before ? Optional.of(selector) : Optional.empty();
        } catch (SelectorSyntaxException e) {
            report.add(node, path, "invalid selector: " + e.getMessage());
        } catch (RuntimeException e) {
            // The selector parser should only throw SelectorSyntaxException; never let anything else escape a load.
            report.add(node, path, "invalid selector: " + e);
        }
        return Optional.empty();
    }
}
