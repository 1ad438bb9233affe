package io.hostwall.model.yaml;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * Jackson's YAML factory with a parser that types the common scalars without SnakeYAML's resolver. The resolver
 * runs one or more regular expressions over every plain scalar (a fresh {@code Matcher} each), which was 7 % of
 * the reader's time on the 5,000-policy cluster (issue 10); the answers given here are exactly the resolver's:
 *
 * <ul>
 *   <li>a quoted scalar without a tag is a string (the resolver does not look at it);
 *   <li>a non-empty plain scalar whose first character starts none of the resolver's patterns (booleans
 *       {@code yYnNtTfFoO}, numbers {@code -+.0-9}, merge {@code <}, null {@code ~nN}, {@code !&*}) is a string: of
 *       the patterns without a first character only the empty one is left;
 *   <li>a plain scalar of up to 18 decimal digits, not starting with {@code 0}, is an integer (the resolver's
 *       integer pattern is the first tried for a digit, and it matches).
 * </ul>
 *
 * Everything else, and every tagged scalar, goes through Jackson's own decoding.
 */
final class PlainScalarYamlFactory extends YAMLFactory {
    private static final long serialVersionUID = 1L;
    /** First characters of SnakeYAML's implicit resolvers ({@code Resolver.addImplicitResolvers}). */
    private static final String RESOLVER_FIRST_CHARACTERS = "yYnNtTfFoO-+0123456789.<~!&*\0";
    /** Longest digit string typed here; the resolver's integer pattern applies up to 1,024 characters. */
    private static final int MAX_DIGITS = 18;

    PlainScalarYamlFactory(YAMLFactoryBuilder builder) {
        super(builder);
    }

    @Override
    protected YAMLParser _createParser(Reader r, IOContext ctxt) throws IOException {
        return new Parser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
    }

    /** Jackson's parser with the fast path for plain scalars. */
    private static final class Parser extends YAMLParser {
        Parser(IOContext ctxt, int parserFeatures, int formatFeatures,
                org.yaml.snakeyaml.LoaderOptions loaderOptions, com.fasterxml.jackson.core.ObjectCodec codec,
                Reader reader) {
            super(ctxt, parserFeatures, formatFeatures, loaderOptions, codec, reader);
        }

        @Override
        protected JsonToken _decodeScalar(ScalarEvent scalar) throws IOException {
            String value = scalar.getValue();
            String tag = scalar.getTag();
            if (value.isEmpty() || !(tag == null || tag.equals("!"))) {
                return super._decodeScalar(scalar);
            }
            if (!scalar.getImplicit().canOmitTagInPlainScalar()
                    || RESOLVER_FIRST_CHARACTERS.indexOf(value.charAt(0)) < 0) {
                _textValue = value;
                _cleanedTextValue = null;
                return JsonToken.VALUE_STRING;
            }
            if (isPlainDecimal(value)) {
                _textValue = value;
                _cleanedTextValue = null;
                return _decodeNumberScalar(value, value.length());
            }
            return super._decodeScalar(scalar);
        }

        private static boolean isPlainDecimal(String value) {
            int length = value.length();
            if (length > MAX_DIGITS || value.charAt(0) < '1' || value.charAt(0) > '9') {
                return false;
            }
            for (int i = 1; i < length; i++) {
                char c = value.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
            }
            return true;
        }
    }
}
