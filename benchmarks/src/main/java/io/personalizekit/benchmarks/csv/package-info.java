/**
 * CSV benchmarks: {@link io.personalizekit.benchmarks.csv.ItemWriteBenchmark} (ItemCsvWriter against a Jackson-encoded writer with the same checks, raw Jackson
 * CsvGenerator and commons-csv), {@link io.personalizekit.benchmarks.csv.ValidateBenchmark} (DatasetCsvValidator
 * on one million interactions) and {@link io.personalizekit.benchmarks.csv.ValidateLargeMain} (ten million rows
 * under a small heap).
 */
package io.personalizekit.benchmarks.csv;
