package io.personalizekit.cache.redis;

/**
 * Whether Lettuce can be used: {@code io.lettuce:lettuce-core} is an optional dependency of this module (Jedis is
 * the default driver and the one that rides along), so {@link RedisDriver#LETTUCE} checks for it before any Lettuce
 * class is touched, and says which dependency to add.
 */
final class LettuceSupport {
    /** The Maven coordinates to add, in messages. */
    static final String DEPENDENCY = "io.lettuce:lettuce-core";

    /** Classes Lettuce needs at run time: its own, and those of netty and Reactor that it brings along. */
    private static final String[] REQUIRED = {
        "io.lettuce.core.RedisClient", "io.netty.channel.Channel", "reactor.core.publisher.Mono"
    };

    private LettuceSupport() {}

    /**
     * Fails with a clear message when Lettuce (or what it brings: netty, Reactor) is missing.
     *
     * @param what what needed Lettuce, for the message
     * @throws IllegalStateException naming the dependency to add
     */
    static void require(String what) {
        ClassLoader loader = LettuceSupport.class.getClassLoader();
        for (String name : REQUIRED) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException(what + " needs Lettuce, which is not on the class path (" + name
                        + " is missing): add the dependency " + DEPENDENCY + " (it brings netty and Reactor), or use"
                        + " RedisDriver.JEDIS, the default");
            }
        }
    }
}
