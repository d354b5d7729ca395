package io.hookbridge.standalone;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --help} and {@code --version} of each of the three jars: the text, exit 0, nothing started. */
class HelpAndVersionIT {

    @ParameterizedTest
    @ValueSource(strings = {"ingress", "egress", "standalone"})
    void helpListsTheOptionsAndExits0(String jar) throws Exception {
        Result result = run(jar, "--help");
        assertThat(result.exit).as(result.output).isZero();
        assertThat(result.output).contains("Usage: java [JVM options] -jar hookbridge-" + jar + ".jar [options]",
                "--config FILE", "--help", "--version", "Exit codes: 0", "docs/configuration.md");
        if (jar.equals("standalone")) {
            assertThat(result.output).contains("--data-dir DIR", "--kafka-port N", "--ingress-port N", "--egress-port N");
        }
        assertThat(result.output).doesNotContain("INFO", "listening");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingress", "egress", "standalone"})
    void versionNamesTheJarAndItsKafkaAndExits0(String jar) throws Exception {
        Result result = run(jar, "--version");
        assertThat(result.exit).as(result.output).isZero();
        assertThat(result.output.trim()).matches("hookbridge-" + jar + " \\d+\\.\\d+\\.\\d+\\S* \\(Kafka 4\\.\\d+\\.\\d+, Java .+\\)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingress", "egress", "standalone"})
    void anUnknownOptionPointsToHelp(String jar) throws Exception {
        Result result = run(jar, "--verbose");
        assertThat(result.exit).isEqualTo(2);
        assertThat(result.output).contains("--verbose: unknown option", "--help");
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String jar, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(StandaloneProcess.java(), "-jar", jar(jar).toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Path jar(String name) {
        Path jar = name.equals("standalone") ? Path.of("target", "hookbridge-standalone.jar")
                : Path.of("..", "bridge-" + name, "target", "hookbridge-" + name + ".jar");
        assertThat(jar).exists();
        return jar;
    }
}
