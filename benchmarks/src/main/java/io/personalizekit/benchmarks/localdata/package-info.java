/**
 * Benchmark mains for the personalize-local data engine (CSV import and model training); see docs/benchmarks.md.
 */
@NullMarked
package io.personalizekit.benchmarks.localdata;

import org.jspecify.annotations.NullMarked;
