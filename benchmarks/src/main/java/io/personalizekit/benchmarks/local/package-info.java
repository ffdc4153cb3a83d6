/** Benchmarks of personalize-local: runtime throughput, control-plane latency, import through the API. */
@NullMarked
package io.personalizekit.benchmarks.local;

import org.jspecify.annotations.NullMarked;
