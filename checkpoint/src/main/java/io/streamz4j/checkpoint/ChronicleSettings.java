package io.streamz4j.checkpoint;

/**
 * System properties Chronicle reads once, when its classes first load. Chronicle would otherwise
 * send usage analytics home, which streamz4j must never do, and print its announcement banner
 * (the JVM, its version and "Leave your e-mail to get information about the latest releases") on
 * every start of a service; the journal switches both off itself, in case an embedder forgot
 * {@code -Dchronicle.analytics.disable=true} (the build also leaves Chronicle's analytics jar off
 * the class path). An explicit setting by the embedder wins.
 *
 * <p>Thread safety: {@link #apply()} is idempotent and may race with itself harmlessly.
 */
final class ChronicleSettings {
    static final String ANALYTICS_DISABLE = "chronicle.analytics.disable";
    /** Read by Chronicle core's announcer: true prints the banner nowhere. */
    static final String ANNOUNCER_DISABLE = "chronicle.announcer.disable";

    private ChronicleSettings() {
    }

    /** Called before any Chronicle class is touched (from {@link Journal}'s static initializer). */
    static void apply() {
        defaultTo(ANALYTICS_DISABLE, "true");
        defaultTo(ANNOUNCER_DISABLE, "true");
    }

    private static void defaultTo(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
