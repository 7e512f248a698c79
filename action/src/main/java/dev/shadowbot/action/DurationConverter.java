package dev.shadowbot.action;

import dev.shadowbot.engine.config.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Every {@code Duration} option goes through {@link Durations}: {@code --wait 1m} and {@code --timeout PT24H} alike. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return Durations.parse(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                "'" + value + "' is not a duration: write it like 30s, 1m, 1h30m, 2d or 0 (ISO-8601 such as PT5M works too)"));
    }
}
