/** Test support shared by personalize-core's tests: in-process servers and client factories. */
@NullMarked
package io.personalizekit.testing;

import org.jspecify.annotations.NullMarked;
