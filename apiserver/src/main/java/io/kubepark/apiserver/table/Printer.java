package io.kubepark.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/*
 * The table printer of one resource: its columns and how one object becomes the cells of a row (always the wide
 * form, as kube-apiserver generates it; kubectl drops priority-1 columns itself).
 */
record Printer(List<Column> columns, Cells cells, Conditions conditions, Comparator<JsonNode> order) {

    // Cells of one row, in column order. Values are String, Long, Double, Boolean or null.
    @FunctionalInterface
    interface Cells {
        List<Object> of(JsonNode obj, Instant now);
    }

    // Optional TableRowConditions of one row.
    @FunctionalInterface
    interface Conditions {
        List<RowCondition> of(JsonNode obj);
    }

    record RowCondition(String type, String status, String reason, String message) {
    }

    static Printer of(List<Column> columns, Cells cells) {
        return new Printer(columns, cells, null, null);
    }

    Printer withConditions(Conditions c) {
        return new Printer(columns, cells, c, order);
    }

    Printer sortedBy(Comparator<JsonNode> comparator) {
        return new Printer(columns, cells, conditions, comparator);
    }

    static List<Column> cols(Column... columns) {
        return List.of(columns);
    }

    // A cell list that may hold nulls.
    static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }
}
