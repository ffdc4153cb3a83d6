package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.sync.RequestBody;

/** Starting and using the emulator inside a user's test JVM changes no JVM-wide setting. */
@Timeout(60)
class NoGlobalStateTest {
    @Test
    void startingAndUsingTheEmulator_leavesSystemPropertiesAsTheyWere() {
        String nodelay = System.getProperty("sun.net.httpserver.nodelay");
        System.clearProperty("sun.net.httpserver.nodelay"); // the build sets it for other tests; see it change
        try {
            java.util.TimeZone.getDefault(); // the JDK sets user.timezone on first use
            Map<Object, Object> before = new HashMap<>(System.getProperties());
            try (PersonalizeLocal local =
                    PersonalizeLocal.builder().timeScale(0).build().start()) {
                local.personalizeClient().createDatasetGroup(r -> r.name("g"));
                local.s3Client().createBucket(b -> b.bucket("global"));
                local.s3Client().putObject(p -> p.bucket("global").key("k"), RequestBody.fromString("v"));
            }
            Map<Object, Object> after = new HashMap<>(System.getProperties());
            Map<Object, String> changed = new HashMap<>();
            for (Object k : union(before, after)) {
                if (!java.util.Objects.equals(before.get(k), after.get(k)) && !isJdkOrSdkCache(k.toString())) {
                    changed.put(k, before.get(k) + " -> " + after.get(k));
                }
            }
            assertThat(changed).isEmpty();
        } finally {
            if (nodelay != null) {
                System.setProperty("sun.net.httpserver.nodelay", nodelay);
            }
        }
    }

    private static java.util.Set<Object> union(Map<Object, Object> a, Map<Object, Object> b) {
        java.util.Set<Object> keys = new java.util.HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    /** Properties the JDK or the SDK set lazily on first use of a class, not the emulator's doing. */
    private static boolean isJdkOrSdkCache(String key) {
        return key.startsWith("java.")
                || key.startsWith("jdk.")
                || (key.startsWith("sun.") && !key.startsWith("sun.net"));
    }
}
