/**
 * The periodic refresh of a deployment, made safe: {@link io.personalizekit.retrain.RetrainingLoop} imports new
 * data, trains a new solution version exactly once (or picks up the one automatic training made), compares its
 * offline metrics with the live version's through a {@link io.personalizekit.retrain.QualityGate}, and only when
 * the gate passes moves the campaign to it, waits for the update and refreshes the cache into a new generation. A
 * refused model is reported ({@link io.personalizekit.retrain.RetrainResult#report()}) and costs nothing more.
 * Every step resumes after a crash: a re-run with the same run id finds what the first run did from the service and
 * the cache store.
 */
@NullMarked
package io.personalizekit.retrain;

import org.jspecify.annotations.NullMarked;
