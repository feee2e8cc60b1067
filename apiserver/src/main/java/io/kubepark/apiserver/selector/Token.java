package io.kubepark.apiserver.selector;

import java.util.Map;

/** Tokens of the label selector language, as produced by {@link Lexer}. */
enum Token {
    ERROR, END_OF_STRING, CLOSED_PAR, COMMA, DOES_NOT_EXIST, DOUBLE_EQUALS, EQUALS, GREATER_THAN,
    IDENTIFIER, IN, LESS_THAN, NOT_EQUALS, NOT_IN, OPEN_PAR;

    /** Literals that are tokens of their own; everything else is an identifier. */
    static final Map<String, Token> LITERALS = Map.ofEntries(
            Map.entry(")", CLOSED_PAR),
            Map.entry(",", COMMA),
            Map.entry("!", DOES_NOT_EXIST),
            Map.entry("==", DOUBLE_EQUALS),
            Map.entry("=", EQUALS),
            Map.entry(">", GREATER_THAN),
            Map.entry("in", IN),
            Map.entry("<", LESS_THAN),
            Map.entry("!=", NOT_EQUALS),
            Map.entry("notin", NOT_IN),
            Map.entry("(", OPEN_PAR));

    /** A token with the text it was read from. */
    record Item(Token token, String literal) {
    }
}
