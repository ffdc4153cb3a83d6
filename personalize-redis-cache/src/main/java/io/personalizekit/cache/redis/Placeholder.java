package io.personalizekit.cache.redis;

/** Placeholder until the module's first real type lands; delete it then. */
public final class Placeholder {
    private Placeholder() {}
}
