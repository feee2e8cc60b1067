package io.kubepark.apiserver.selector;

import io.kubepark.apiserver.validation.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Recursive-descent parser for the label selector string syntax, reporting errors with the same
 * texts as Kubernetes' labels.Parse:
 *
 * <pre>
 *   selector    ::= requirement ( "," requirement )*
 *   requirement ::= [ "!" ] KEY [ ( "in" | "notin" ) "(" VALUES ")" | ( "=" | "==" | "!=" | "&gt;" | "&lt;" ) VALUE ]
 * </pre>
 */
final class LabelSelectorParser {

    /** Whether "in" and "notin" are operators here, or just words (a key or a value). */
    private enum Context { KEY_AND_OPERATOR, VALUES }

    private static final String BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";

    private final List<Token.Item> items;
    private int position;

    private LabelSelectorParser(String input) {
        this.items = new Lexer(input).tokens();
    }

    /** The requirements in the order written; the caller sorts them. */
    static List<Requirement> parse(String input) throws SelectorException {
        return new LabelSelectorParser(input).selector();
    }

    private List<Requirement> selector() throws SelectorException {
        List<Requirement> requirements = new ArrayList<>();
        while (true) {
            Token.Item ahead = lookahead(Context.VALUES);
            switch (ahead.token()) {
                case IDENTIFIER, DOES_NOT_EXIST -> {
                    try {
                        requirements.add(requirement());
                    } catch (SelectorException e) {
                        throw new SelectorException("unable to parse requirement: " + e.getMessage());
                    }
                    Token.Item after = consume(Context.VALUES);
                    switch (after.token()) {
                        case END_OF_STRING -> {
                            return requirements;
                        }
                        case COMMA -> {
                            Token.Item next = lookahead(Context.VALUES);
                            if (next.token() != Token.IDENTIFIER && next.token() != Token.DOES_NOT_EXIST) {
                                throw new SelectorException(
                                        "found '" + next.literal() + "', expected: identifier after ','");
                            }
                        }
                        default -> throw new SelectorException(
                                "found '" + after.literal() + "', expected: ',' or 'end of string'");
                    }
                }
                case END_OF_STRING -> {
                    return requirements;
                }
                default -> throw new SelectorException(
                        "found '" + ahead.literal() + "', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private Requirement requirement() throws SelectorException {
        Operator inferred = null;
        Token.Item item = consume(Context.VALUES);
        if (item.token() == Token.DOES_NOT_EXIST) {
            inferred = Operator.DOES_NOT_EXIST;
            item = consume(Context.VALUES);
        }
        if (item.token() != Token.IDENTIFIER) {
            throw new SelectorException("found '" + item.literal() + "', expected: identifier");
        }
        String key = item.literal();
        List<String> keyProblems = Names.qualifiedName(key);
        if (!keyProblems.isEmpty()) {
            throw new SelectorException(FieldErrors.invalid(FieldErrors.NIL_PATH, GoText.quote(key),
                    String.join("; ", keyProblems)));
        }
        Token next = lookahead(Context.VALUES).token();
        if (inferred == null && (next == Token.END_OF_STRING || next == Token.COMMA)) {
            inferred = Operator.EXISTS;
        }
        if (inferred != null) {
            return Requirement.of(key, inferred, List.of());
        }
        Operator operator = operator();
        List<String> values = switch (operator) {
            case IN, NOT_IN -> valueSet();
            default -> exactValue();
        };
        return Requirement.of(key, operator, values);
    }

    private Operator operator() throws SelectorException {
        Token.Item item = consume(Context.KEY_AND_OPERATOR);
        return switch (item.token()) {
            case IN -> Operator.IN;
            case NOT_IN -> Operator.NOT_IN;
            case EQUALS -> Operator.EQUALS;
            case DOUBLE_EQUALS -> Operator.DOUBLE_EQUALS;
            case NOT_EQUALS -> Operator.NOT_EQUALS;
            case GREATER_THAN -> Operator.GREATER_THAN;
            case LESS_THAN -> Operator.LESS_THAN;
            default -> throw new SelectorException("found '" + item.literal() + "', expected: " + BINARY_OPERATORS);
        };
    }

    /** "(" a, b, ... ")" where empty entries mean the empty value; sorted and without duplicates. */
    private List<String> valueSet() throws SelectorException {
        Token.Item open = consume(Context.VALUES);
        if (open.token() != Token.OPEN_PAR) {
            throw new SelectorException("found '" + open.literal() + "' expected: '('");
        }
        Token.Item ahead = lookahead(Context.VALUES);
        switch (ahead.token()) {
            case IDENTIFIER, COMMA -> {
                TreeSet<String> values = identifierList();
                if (consume(Context.VALUES).token() != Token.CLOSED_PAR) {
                    throw new SelectorException("found '" + ahead.literal() + "', expected: ')'");
                }
                return sorted(values);
            }
            case CLOSED_PAR -> {
                consume(Context.VALUES);
                return List.of("");
            }
            default -> throw new SelectorException(
                    "found '" + ahead.literal() + "', expected: ',', ')' or identifier");
        }
    }

    private TreeSet<String> identifierList() throws SelectorException {
        TreeSet<String> values = new TreeSet<>(GoText.BYTE_ORDER);
        while (true) {
            Token.Item item = consume(Context.VALUES);
            switch (item.token()) {
                case IDENTIFIER -> {
                    values.add(item.literal());
                    Token.Item next = lookahead(Context.VALUES);
                    if (next.token() == Token.CLOSED_PAR) {
                        return values;
                    }
                    if (next.token() != Token.COMMA) {
                        throw new SelectorException("found '" + next.literal() + "', expected: ',' or ')'");
                    }
                }
                case COMMA -> {
                    if (values.isEmpty()) {
                        values.add("");
                    }
                    Token next = lookahead(Context.VALUES).token();
                    if (next == Token.CLOSED_PAR) {
                        values.add("");
                        return values;
                    }
                    if (next == Token.COMMA) {
                        values.add("");
                    }
                }
                default -> throw new SelectorException("found '" + item.literal() + "', expected: ',', or identifier");
            }
        }
    }

    /** The single value after =, ==, !=, &gt; or &lt;; nothing before "," or the end means "". */
    private List<String> exactValue() throws SelectorException {
        Token ahead = lookahead(Context.VALUES).token();
        if (ahead == Token.END_OF_STRING || ahead == Token.COMMA) {
            return List.of("");
        }
        Token.Item item = consume(Context.VALUES);
        if (item.token() != Token.IDENTIFIER) {
            throw new SelectorException("found '" + item.literal() + "', expected: identifier");
        }
        return List.of(item.literal());
    }

    private Token.Item lookahead(Context context) {
        return inContext(items.get(position), context);
    }

    private Token.Item consume(Context context) {
        return inContext(items.get(position++), context);
    }

    private static Token.Item inContext(Token.Item item, Context context) {
        if (context == Context.VALUES && (item.token() == Token.IN || item.token() == Token.NOT_IN)) {
            return new Token.Item(Token.IDENTIFIER, item.literal());
        }
        return item;
    }

    private static List<String> sorted(TreeSet<String> values) {
        return List.copyOf(values);
    }
}
