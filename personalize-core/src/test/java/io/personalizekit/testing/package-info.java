/**
 * Test support shared by personalize-core's tests and, through its test-jar (this package only), by the other
 * modules' tests: in-process servers and client factories, the one fake time line ({@link
 * io.personalizekit.testing.FakeClock}) and the fake live client ({@link
 * io.personalizekit.testing.FakeSimilarItemsClient}).
 */
@NullMarked
package io.personalizekit.testing;

import org.jspecify.annotations.NullMarked;
