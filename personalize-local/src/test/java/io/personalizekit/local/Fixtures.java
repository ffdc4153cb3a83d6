package io.personalizekit.local;

/** Schemas and data from the article (news articles with LABELS, similar-items). */
final class Fixtures {
    static final String ITEMS_SCHEMA = "{\"type\":\"record\",\"name\":\"Items\","
            + "\"namespace\":\"com.amazonaws.personalize.schema\",\"fields\":["
            + "{\"name\":\"ITEM_ID\",\"type\":\"string\"},"
            + "{\"name\":\"LABELS\",\"type\":[\"null\",\"string\"],\"categorical\":true},"
            + "{\"name\":\"CREATION_TIMESTAMP\",\"type\":\"long\"}],\"version\":\"1.0\"}";

    static final String INTERACTIONS_SCHEMA = "{\"type\":\"record\",\"name\":\"Interactions\","
            + "\"namespace\":\"com.amazonaws.personalize.schema\",\"fields\":["
            + "{\"name\":\"USER_ID\",\"type\":\"string\"},"
            + "{\"name\":\"ITEM_ID\",\"type\":\"string\"},"
            + "{\"name\":\"TIMESTAMP\",\"type\":\"long\"}],\"version\":\"1.0\"}";

    static final String ROLE = "arn:aws:iam::000000000000:role/PersonalizeS3";
    static final String SIMILAR_ITEMS = "arn:aws:personalize:::recipe/aws-similar-items";

    private Fixtures() {}
}
