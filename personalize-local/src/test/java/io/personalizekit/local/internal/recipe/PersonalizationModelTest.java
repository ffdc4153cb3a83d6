package io.personalizekit.local.internal.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.local.TopicReaders;
import io.personalizekit.local.internal.data.DatasetData;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PersonalizationModelTest {
    static final DatasetSchema INTERACTIONS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .longField("TIMESTAMP")
            .build();

    private static TrainingData data() {
        DatasetData d = DatasetData.empty(INTERACTIONS);
        for (TopicReaders.Read r : new TopicReaders(200, 12, 17).reads) {
            d.appendInteraction(r.user(), r.item(), r.timestamp(), null, null);
        }
        return TrainingData.of(d, null, null);
    }

    private static List<String> offers(Model model, Query query, int n) {
        List<String> out = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        model.candidates(query, (id, score) -> {
            out.add(id + "@" + score);
            scores.add(score);
            return out.size() < n;
        });
        return out;
    }

    @Test
    void keptItems_giveTheSameListAndScoresAsComputingIt_beyondTheKeptLength_withAndWithoutExploration() {
        TrainingData data = data();
        ItemUniverse universe = ItemUniverse.interacted(data);
        Neighbourhoods nh =
                Neighbourhoods.train(data, universe, CoOccurrenceGraph.of(data, universe.size(), false, null), true);
        UserProfiles profiles = UserProfiles.build(data, null);
        ItemSignals signals = ItemSignals.interacted(data);
        Exploration exploration = Exploration.of(data, universe, signals);
        PersonalizationModel kept = new PersonalizationModel(nh, profiles, signals, exploration, true);
        PersonalizationModel computed = new PersonalizationModel(nh, profiles, signals, exploration, false);

        for (String user : List.of("u0", "u7", "u199", "nobody")) {
            for (CampaignSettings settings :
                    List.of(CampaignSettings.of(Map.of("explorationWeight", "0"), null), CampaignSettings.DEFAULT)) {
                Query q = new Query(null, user, List.of(), settings);
                for (int n : List.of(10, PersonalizationModel.CACHED, PersonalizationModel.CACHED + 1, 200)) {
                    assertThat(offers(kept, q, n))
                            .as("%s %s %d", user, settings, n)
                            .isEqualTo(offers(computed, q, n));
                }
            }
        }
    }

    @Test
    void selectSmallest_putsTheSmallestValuesFirst() {
        Random r = new Random(3);
        for (int round = 0; round < 200; round++) {
            int n = 1 + r.nextInt(300);
            long[] a = new long[n];
            for (int i = 0; i < n; i++) {
                a[i] = r.nextInt(round % 2 == 0 ? 20 : 1_000_000) - 500;
            }
            long[] sorted = a.clone();
            Arrays.sort(sorted);
            int from = r.nextInt(n);
            int m = r.nextInt(n - from + 1);
            long[] expected = a.clone();
            Arrays.sort(expected, from, n);
            Neighbourhoods.selectSmallest(a, from, n, m);
            long[] head = Arrays.copyOfRange(a, from, from + m);
            Arrays.sort(head);
            assertThat(head).isEqualTo(Arrays.copyOfRange(expected, from, from + m));
        }
    }
}
