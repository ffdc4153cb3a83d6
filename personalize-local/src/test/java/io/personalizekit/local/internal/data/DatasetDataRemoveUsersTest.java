package io.personalizekit.local.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.schema.DatasetType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Removing users in place: their rows, their ids and the items only they had; the rest stays aligned. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DatasetDataRemoveUsersTest {
    @Test
    void removeUsers_fromInteractions_dropsTheirRowsUsersAndOnlyTheirItems() {
        DatasetData d = DatasetData.empty(DatasetType.INTERACTIONS);
        d.appendInteraction("A", "X", 1, "click", 1f);
        d.appendInteraction("B", "X", 2, "buy", 2f);
        d.appendInteraction("B", "B1", 3, "click", null);
        d.appendInteraction("C", "C1", 4, null, 4f);
        assertThat(d.itemsInteractedBy("B", null)).containsExactlyInAnyOrder("X", "B1");

        assertThat(d.removeUsers(List.of("B", "ghost"))).isEqualTo(2);

        assertThat(d.size()).isEqualTo(2);
        assertThat(d.hasUser("B")).isFalse();
        assertThat(d.hasUser("A")).isTrue();
        assertThat(d.userIdArray()).containsExactly("A", "C");
        assertThat(d.itemIdArray()).containsExactly("X", "C1");
        assertThat(d.itemsInteractedBy("B", null)).isEmpty();
        assertThat(d.itemsInteractedBy("C", null)).containsExactly("C1");
        assertThat(d.timestampColumn()).containsExactly(1, 4);
        assertThat(d.eventTypeAt(0)).isEqualTo("click");
        assertThat(d.eventTypeAt(1)).isNull();
        assertThat(d.eventValueAt(1)).isEqualTo(4f);
        assertThat(d.removeUsers(Set.of("nobody"))).isZero();
    }

    @Test
    void removeUsers_fromRecordsThatNameAUser_asActionInteractionsAreKept() {
        io.personalizekit.schema.DatasetSchema schema = io.personalizekit.schema.SchemaBuilder.forType(
                        DatasetType.ACTION_INTERACTIONS)
                .stringField("USER_ID")
                .stringField("ACTION_ID")
                .stringField("EVENT_TYPE")
                .longField("TIMESTAMP")
                .build();
        java.util.LinkedHashMap<String, Map<String, String>> records = new java.util.LinkedHashMap<>();
        records.put("a1", Map.of("USER_ID", "A", "ACTION_ID", "a1"));
        records.put("a2", Map.of("USER_ID", "B", "ACTION_ID", "a2"));
        DatasetData d = DatasetData.ofRecords(schema, records);

        assertThat(d.hasUser("B")).isTrue();
        assertThat(d.removeUsers(Set.of("B"))).isEqualTo(1);
        assertThat(d.hasUser("B")).isFalse();
        assertThat(d.recordIds()).containsExactly("a1");
    }

    @Test
    void removeUsers_fromUsersRecords_andNotFromItems() {
        DatasetData users = DatasetData.empty(DatasetType.USERS);
        users.upsertUser("A", Map.of("SEGMENT", "gold"));
        users.upsertUser("B", Map.of("SEGMENT", "gold"));
        DatasetData items = DatasetData.empty(DatasetType.ITEMS);
        items.upsertItem("B", Map.of());

        assertThat(users.removeUsers(Set.of("B"))).isEqualTo(1);
        assertThat(items.removeUsers(Set.of("B"))).isZero();

        assertThat(users.recordIds()).containsExactly("A");
        assertThat(users.hasUser("B")).isFalse();
        assertThat(items.recordIds()).containsExactly("B");
    }
}
