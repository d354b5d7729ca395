package io.hookbridge.examples;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/consuming.md shows {@link ConsumeEvents} exactly as compiled, a pom for a project of one's own that
 * needs nothing from hookbridge's build and has this module's dependencies and compiler settings, and the
 * command that runs the example.
 */
class ConsumingDocTest {

    private static final String EXAMPLE = "examples/src/main/java/io/hookbridge/examples/ConsumeEvents.java";

    @Test
    void theDocShowsTheExampleExactlyAsCompiled() throws Exception {
        String source = read(EXAMPLE);
        String example = source.substring(source.indexOf("// tag::example[]\n") + "// tag::example[]\n".length(),
                source.indexOf("// end::example[]"));
        String block = block("<!-- example: " + EXAMPLE + " -->\n```java\n");
        assertThat(block).isEqualTo(example);
        assertThat(example).contains("CloudEventDeserializer", "read_committed", "addShutdownHook");
    }

    @Test
    void theDocsPomStandsAloneWithTheModulesDependenciesAndCompilerSettings() throws Exception {
        Document doc = xml(block("<!-- pom: examples/pom.xml -->\n```xml\n"));
        Document module = xml(read("examples/pom.xml"));

        assertThat(children(doc.getDocumentElement(), "parent")).as("a project of its own, no parent").isEmpty();
        for (String coordinate : List.of("modelVersion", "groupId", "artifactId", "version")) {
            assertThat(text(doc.getDocumentElement(), coordinate)).as(coordinate).isNotBlank();
        }
        assertThat(property(doc, "maven.compiler.release")).isEqualTo("17").isEqualTo(property(module, "maven.compiler.release"));
        List<String> docDependencies = coordinates(doc, "dependency");
        assertThat(docDependencies).contains("org.apache.kafka:kafka-clients:4.3.1")
                .anyMatch(d -> d.startsWith("io.cloudevents:cloudevents-kafka:"));
        assertThat(coordinates(module, "dependency")).containsAll(docDependencies);
        List<String> docPlugins = coordinates(doc, "plugin");
        assertThat(docPlugins).anyMatch(p -> p.startsWith("org.apache.maven.plugins:maven-compiler-plugin:3."));
        assertThat(coordinates(module, "plugin")).containsAll(docPlugins);
    }

    @Test
    void theDocGivesTheCommandThatRunsIt() throws Exception {
        String doc = read("docs/consuming.md");
        assertThat(doc).contains("java -jar examples/target/consume-events.jar")
                .contains("`" + ConsumeEvents.GROUP_ID + "`");
    }

    private static String block(String marker) throws Exception {
        String doc = read("docs/consuming.md");
        assertThat(doc).contains(marker);
        int start = doc.indexOf(marker) + marker.length();
        return doc.substring(start, doc.indexOf("```\n", start));
    }

    private static Document xml(String text) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) found.add(e);
        }
        return found;
    }

    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? "" : found.get(0).getTextContent().trim();
    }

    private static String property(Document pom, String name) {
        return children(pom.getDocumentElement(), "properties").stream().map(p -> text(p, name)).findFirst().orElse("");
    }

    /** groupId:artifactId:version of every {@code dependency} or {@code plugin} element. */
    private static List<String> coordinates(Document pom, String tag) {
        List<String> all = new ArrayList<>();
        NodeList nodes = pom.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            all.add(text(e, "groupId") + ":" + text(e, "artifactId") + ":" + text(e, "version"));
        }
        return all;
    }

    /** A file of the repository, found from the module directory the tests run in. */
    static String read(String relative) throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(relative))) dir = dir.getParent();
        assertThat(dir).as("a directory above the tests' that holds " + relative).isNotNull();
        return Files.readString(dir.resolve(relative));
    }
}
