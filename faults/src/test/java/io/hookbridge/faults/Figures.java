package io.hookbridge.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The figures of one scenario, printed and appended to {@code target/fault-figures.md} so that
 * docs/reliability.md quotes a real run.
 */
record Figures(String scenario, long requests, long acknowledged, long found, long duplicates, long lost, String notes) {

    void report() throws IOException {
        String row = String.format("| %s | %s | %d | %d | %d | %d | %d | %s |%n",
                scenario, Scale.FULL ? "full" : "short", requests, acknowledged, found, duplicates, lost, notes);
        System.out.print("FIGURES " + row);
        Path file = Path.of("target", "fault-figures.md");
        if (!Files.exists(file)) {
            Files.writeString(file, "| scenario | scale | requests | acknowledged | found | duplicates | lost | notes |\n"
                    + "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        }
        Files.writeString(file, row, StandardOpenOption.APPEND);
    }
}
