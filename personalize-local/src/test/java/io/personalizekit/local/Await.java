package io.personalizekit.local;

import java.util.Set;
import java.util.function.Supplier;

/** Polls a status until it is terminal; the emulator's fast clock gets there in milliseconds, so no sleeps. */
final class Await {
    private static final Set<String> TERMINAL = Set.of("ACTIVE", "CREATE FAILED", "CREATE STOPPED");

    private Await() {}

    static String terminal(Supplier<String> status) {
        return oneOf(TERMINAL, status);
    }

    /**
     * Polls a status until it is one of {@code done}, for at most 20 s. This class is the one place the emulator
     * tests wait: they poll the emulator's answers back to back (each poll is a request; no parking between them).
     */
    static String oneOf(Set<String> done, Supplier<String> status) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        String last = null;
        while (System.nanoTime() < deadline) {
            last = status.get();
            if (done.contains(last)) {
                return last;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("status still " + last + " after 20 s");
    }

    /** Polls a status until it is one of {@code wanted} (for example {@code INACTIVE}). */
    static String status(Supplier<String> status, String... wanted) {
        Set<String> stop = Set.of(wanted);
        long deadline = System.nanoTime() + 20_000_000_000L;
        String last = null;
        while (System.nanoTime() < deadline) {
            last = status.get();
            if (stop.contains(last)) {
                return last;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("status still " + last + " after 20 s, waiting for " + stop);
    }

    /**
     * Describes until the resource is gone (a deletion's end, after {@code DELETE PENDING}): the describe call
     * throws {@code ResourceNotFoundException}.
     */
    static void gone(Runnable describe) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                describe.run();
            } catch (software.amazon.awssdk.services.personalize.model.ResourceNotFoundException e) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("still there after 20 s");
    }
}
