package io.personalizekit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.FetchSummary;
import io.personalizekit.cache.RecommendationFetcher;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.csv.CsvRecord;
import io.personalizekit.csv.DatasetCsvReader;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.recommend.SimilarItemsRequest;
import io.personalizekit.resource.Deployment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code personalize-kit fetch}: the similar items of a whole catalogue into the Redis cache. */
@Command(
        name = "fetch",
        mixinStandardHelpOptions = true,
        description = {
            "Fetches the similar items of every item of a catalogue into a new generation of the Redis cache, paced"
                    + " to --max-tps, then switches readers to it in one step. A run that was stopped resumes where"
                    + " it stopped (the items already written are not fetched again).",
            "Exit code 3 when too many items failed and readers were not switched."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  personalize-kit fetch --pipeline news-pipeline.json --items-csv items.csv --redis-url redis://127.0.0.1:6379",
            "  personalize-kit fetch --campaign-arn ARN --items-file ids.txt --redis-url redis://cache:6379 --max-tps 100"
        })
final class FetchCommand extends CliCommand {
    @Mixin
    final TargetOptions target = new TargetOptions();

    @Mixin
    final CacheOptions cache = new CacheOptions();

    @ArgGroup(exclusive = true, multiplicity = "1")
    @SuppressWarnings("NullAway.Init")
    Source source;

    static final class Source {
        @Option(
                names = "--items-csv",
                paramLabel = "CSV",
                description = "An items CSV with a header; ids from --id-column.")
        @Nullable
        Path itemsCsv;

        @Option(names = "--items-file", paramLabel = "FILE", description = "A text file with one item id per line.")
        @Nullable
        Path itemsFile;
    }

    @Option(
            names = "--id-column",
            paramLabel = "NAME",
            defaultValue = "ITEM_ID",
            description = "The id column of --items-csv. Default: ${DEFAULT-VALUE}.")
    String idColumn = "ITEM_ID";

    @Option(
            names = "--max-tps",
            paramLabel = "TPS",
            defaultValue = "50",
            description = "Calls per second at most (the campaign serves at most 500 and bills above its minimum"
                    + " TPS). Default: ${DEFAULT-VALUE}.")
    double maxTps = 50;

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            defaultValue = "8",
            description = "Calls in flight at most. Default: ${DEFAULT-VALUE}.")
    int concurrency = 8;

    @Override
    int run(Session session) {
        Output out = session.output();
        Set<String> ids = itemIds();
        if (ids.isEmpty()) {
            throw CliException.badInput(
                    "no item ids in " + (source.itemsCsv != null ? source.itemsCsv : source.itemsFile));
        }
        Deployment deployment = target.deployment(session);
        CacheKeyspace keyspace = cache.keyspace(deployment);
        FetchSummary summary;
        try (RecommendationStore store = cache.store();
                SimilarItemsClient live = SimilarItemsClient.builder()
                        .runtimeClient(session.runtime())
                        .deployment(deployment)
                        .build()) {
            out.note("fetching the similar items of " + ids.size() + " items into " + cache.redactedUrl()
                    + " (keyspace " + keyspace.id() + ")");
            Counting counting = new Counting(live, out, ids.size());
            summary = RecommendationFetcher.builder()
                    .client(counting)
                    .store(store)
                    .keyspace(keyspace)
                    .maxTps(maxTps)
                    .maxConcurrency(concurrency)
                    .build()
                    .run(ids);
        }
        ObjectNode json = Output.object();
        json.put("keyspace", summary.keyspace().id());
        json.put("campaign", deployment.campaign().arn());
        json.put("solutionVersion", deployment.solutionVersion().arn());
        json.put("generation", summary.generation());
        json.put("total", summary.total());
        json.put("fetched", summary.fetched());
        json.put("resumed", summary.resumed());
        json.put("failed", summary.failed());
        json.put("fallbacks", summary.fallbacks());
        json.put("activated", summary.activated());
        json.put("elapsedMillis", summary.elapsed().toMillis());
        ObjectNode failures = json.putObject("failures");
        summary.failures().forEach(failures::put);
        out.result(json, w -> {
            w.println(String.format(
                    Locale.ROOT,
                    "  cached      %d/%d items, %d failed, in %s (%.0f/s)",
                    summary.fetched() + summary.resumed(),
                    summary.total(),
                    summary.failed(),
                    Durations.human(summary.elapsed()),
                    summary.rate()));
            w.println(
                    "  generation  " + summary.generation() + (summary.activated() ? " (active)" : " (NOT activated)"));
            w.println("  keyspace    " + summary.keyspace().id());
            summary.failures().entrySet().stream()
                    .limit(10)
                    .forEach(e -> w.println("  failed      " + e.getKey() + ": " + e.getValue()));
        });
        if (!summary.activated()) {
            return ExitCodes.SERVICE_FAILURE;
        }
        return ExitCodes.OK;
    }

    private Set<String> itemIds() {
        Set<String> ids = new LinkedHashSet<>();
        if (source.itemsFile != null) {
            Path f = source.itemsFile;
            InputFiles.requireReadable(f, "items");
            try {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    String id = line.strip();
                    if (!id.isEmpty() && !id.startsWith("#")) {
                        ids.add(id);
                    }
                }
            } catch (IOException e) {
                throw CliException.badInput("cannot read the items file " + f + ": " + InputFiles.describe(e));
            }
            return ids;
        }
        Path csv = java.util.Objects.requireNonNull(source.itemsCsv);
        InputFiles.requireReadable(csv, "items CSV");
        try (DatasetCsvReader reader = DatasetCsvReader.open(csv)) {
            int column = -1;
            for (int i = 0; i < reader.header().size(); i++) {
                if (reader.header().get(i).equalsIgnoreCase(idColumn)) {
                    column = i;
                }
            }
            if (column < 0) {
                throw CliException.badInput(csv + ": no column " + idColumn + " in the header " + reader.header());
            }
            for (CsvRecord r : reader) {
                if (column < r.size() && !r.get(column).isEmpty()) {
                    ids.add(r.get(column));
                }
            }
        }
        return ids;
    }

    /** Counts the answered calls for the progress bar; the fetcher calls it from its workers. */
    static final class Counting implements SimilarItemsClient {
        private final SimilarItemsClient delegate;
        private final Output out;
        private final long total;
        private final AtomicLong done = new AtomicLong();

        Counting(SimilarItemsClient delegate, Output out, long total) {
            this.delegate = delegate;
            this.out = out;
            this.total = total;
        }

        @Override
        public SimilarItems similarItems(SimilarItemsRequest request) {
            SimilarItems result = delegate.similarItems(request);
            out.progress().update("fetch", done.incrementAndGet(), total, "");
            return result;
        }

        @Override
        public void close() {}
    }
}
