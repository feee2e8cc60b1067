package io.kubepark.apiserver.selector;

/** The operators of a label requirement, named after Kubernetes' selection.Operator values. */
public enum Operator {
    /** {@code key in (a,b)}: the label exists and has one of the values. */
    IN("in"),
    /** {@code key notin (a,b)}: the label is absent or has none of the values. */
    NOT_IN("notin"),
    /** {@code key=value}. */
    EQUALS("="),
    /** {@code key==value}, the same as {@link #EQUALS}. */
    DOUBLE_EQUALS("=="),
    /** {@code key!=value}: the label is absent or has another value. */
    NOT_EQUALS("!="),
    /** {@code key>1}: the label is an integer greater than the value. */
    GREATER_THAN("gt"),
    /** {@code key<1}: the label is an integer less than the value. */
    LESS_THAN("lt"),
    /** {@code key}: the label exists. */
    EXISTS("exists"),
    /** {@code !key}: the label does not exist. */
    DOES_NOT_EXIST("!");

    private final String goName;

    Operator(String goName) {
        this.goName = goName;
    }

    /** The string value Kubernetes uses for this operator in messages. */
    public String goName() {
        return goName;
    }
}
