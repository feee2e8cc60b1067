package io.kubepark.apiserver.table;

// One meta.k8s.io/v1 TableColumnDefinition.
record Column(String name, String type, String format, String description, int priority) {

    static final String NAME_DOC = "Name must be unique within a namespace. Is required when creating resources, although "
            + "some resources may allow a client to request the generation of an appropriate name automatically. Name is "
            + "primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: "
            + "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
    static final String CREATED_DOC = "CreationTimestamp is a timestamp representing the server time when this object was "
            + "created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not "
            + "set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null "
            + "for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
    static final String CONTAINERS_DOC = "Names of each container in the template.";
    static final String IMAGES_DOC = "Images referenced by each container in the template.";

    // The leading Name column most printers start with.
    static Column nameColumn() {
        return new Column("Name", "string", "name", NAME_DOC, 0);
    }

    // The Age column (a human duration string).
    static Column age() {
        return new Column("Age", "string", "", CREATED_DOC, 0);
    }

    static Column of(String name, String type, String description) {
        return new Column(name, type, "", description, 0);
    }

    static Column str(String name, String description) {
        return of(name, "string", description);
    }

    static Column integer(String name, String description) {
        return of(name, "integer", description);
    }

    // A column kubectl shows only with -o wide.
    static Column wide(String name, String type, String description) {
        return new Column(name, type, "", description, 1);
    }

    static Column containers() {
        return wide("Containers", "string", CONTAINERS_DOC);
    }

    static Column images() {
        return wide("Images", "string", IMAGES_DOC);
    }
}
