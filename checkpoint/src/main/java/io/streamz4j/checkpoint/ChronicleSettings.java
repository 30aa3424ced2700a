package io.streamz4j.checkpoint;

/**
 * System properties Chronicle reads once, when its classes first load. Chronicle would otherwise
 * send usage analytics home; streamz4j must never do that, so the journal switches it off itself
 * in case an embedder forgot {@code -Dchronicle.analytics.disable=true} (the build also leaves
 * Chronicle's analytics jar off the class path). An explicit setting by the embedder wins.
 *
 * <p>Thread safety: {@link #apply()} is idempotent and may race with itself harmlessly.
 */
final class ChronicleSettings {
    static final String ANALYTICS_DISABLE = "chronicle.analytics.disable";

    private ChronicleSettings() {
    }

    /** Called before any Chronicle class is touched (from {@link Journal}'s static initializer). */
    static void apply() {
        if (System.getProperty(ANALYTICS_DISABLE) == null) {
            System.setProperty(ANALYTICS_DISABLE, "true");
        }
    }
}
