package io.personalizekit.csv;

import io.personalizekit.schema.SchemaField;

/** How a column is encoded and checked. */
enum ColumnKind {
    ID,
    CATEGORICAL,
    TEXTUAL,
    STRING,
    INT,
    LONG,
    TIMESTAMP,
    FLOAT,
    DOUBLE,
    BOOLEAN;

    static ColumnKind of(SchemaField f) {
        switch (f.type()) {
            case STRING:
                if (Rules.isIdField(f.name())) {
                    return ID;
                }
                if (f.categorical()) {
                    return CATEGORICAL;
                }
                return f.textual() ? TEXTUAL : STRING;
            case INT:
                return INT;
            case LONG:
                return Rules.isTimestampField(f.name()) ? TIMESTAMP : LONG;
            case FLOAT:
                return FLOAT;
            case DOUBLE:
                return DOUBLE;
            case BOOLEAN:
                return BOOLEAN;
            default:
                throw new IllegalArgumentException("Unsupported field type " + f.type());
        }
    }
}
