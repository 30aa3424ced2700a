package io.streamz4j.plugin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of {@link io.streamz4j.Stream} that only forwards to the plugin of the same name
 * ({@code scatter}, which the transport artifact provides): its name stays free for that plugin
 * instead of being reserved as a built-in.
 *
 * <p>Thread safety: an annotation, read once when the registry is built.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ProvidedByPlugin {
}
