package io.kubepark.apiserver.selector;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a label selector into tokens the way Kubernetes' lexer does: operators are runs of the
 * symbols {@code = ! ( ) , > <} (longest known operator wins), identifiers are runs of anything
 * else except blanks, and a NUL character ends the input like the end of the string does.
 */
final class Lexer {

    private static final char END = 0;

    private final String input;
    private int position;

    Lexer(String input) {
        this.input = input;
    }

    /** All tokens up to and including the first END_OF_STRING. */
    List<Token.Item> tokens() {
        List<Token.Item> items = new ArrayList<>();
        Token.Item item;
        do {
            item = next();
            items.add(item);
        } while (item.token() != Token.END_OF_STRING);
        return items;
    }

    private Token.Item next() {
        char ch = read();
        while (isBlank(ch)) {
            ch = read();
        }
        if (ch == END) {
            return new Token.Item(Token.END_OF_STRING, "");
        }
        unread();
        return isSymbol(ch) ? symbol() : word();
    }

    private Token.Item word() {
        StringBuilder text = new StringBuilder();
        while (true) {
            char ch = read();
            if (ch == END) {
                break;
            }
            if (isSymbol(ch) || isBlank(ch)) {
                unread();
                break;
            }
            text.append(ch);
        }
        String literal = text.toString();
        return new Token.Item(Token.LITERALS.getOrDefault(literal, Token.IDENTIFIER), literal);
    }

    private Token.Item symbol() {
        StringBuilder text = new StringBuilder();
        Token.Item last = null;
        while (true) {
            char ch = read();
            if (ch == END) {
                break;
            }
            if (!isSymbol(ch)) {
                unread();
                break;
            }
            text.append(ch);
            Token known = Token.LITERALS.get(text.toString());
            if (known != null) {
                last = new Token.Item(known, text.toString());
            } else if (last != null) {
                unread();
                break;
            }
        }
        if (last == null) {
            return new Token.Item(Token.ERROR, "error expected: keyword found '" + text + "'");
        }
        return last;
    }

    private char read() {
        if (position < input.length()) {
            return input.charAt(position++);
        }
        return END;
    }

    private void unread() {
        position--;
    }

    private static boolean isBlank(char ch) {
        return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
    }

    private static boolean isSymbol(char ch) {
        return ch == '=' || ch == '!' || ch == '(' || ch == ')' || ch == ',' || ch == '>' || ch == '<';
    }
}
