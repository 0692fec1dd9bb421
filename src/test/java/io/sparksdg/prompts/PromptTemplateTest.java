package io.sparksdg.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptTemplateTest {

  @TempDir Path dir;

  @Test
  void aFileInTheTemplatesDirOverridesTheBuiltInOne() throws Exception {
    Files.writeString(dir.resolve("open-questions.txt"), "version: 7\nAsk {n} about {topic}.\n");
    PromptTemplate t = PromptTemplate.load("open-questions", dir.toString());
    assertThat(t.version()).isEqualTo(7);
    assertThat(t.render(Map.of("n", 2, "topic", "tides"))).isEqualTo("Ask 2 about tides.");
    assertThat(PromptTemplate.load("macro-topics", dir.toString()))
        .isEqualTo(PromptTemplate.builtIn("macro-topics"));
    assertThat(PromptTemplate.load("macro-topics", null))
        .isEqualTo(PromptTemplate.builtIn("macro-topics"));
  }

  @Test
  void anOverrideWithoutAVersionLineIsRejectedNamingTheFile() throws Exception {
    Files.writeString(dir.resolve("subtopics.txt"), "List {n} subtopics of {topic}.\n");
    assertThatThrownBy(() -> PromptTemplate.load("subtopics", dir.toString()))
        .hasMessageContaining("version: N")
        .hasMessageContaining("subtopics.txt");
  }

  @Test
  void theShippedCopiesUnderConfMatchTheBuiltInTemplates() throws Exception {
    Path conf = Path.of("conf/templates");
    try (var files = Files.list(Path.of("src/main/resources/io/sparksdg/prompts/templates"))) {
      for (Path builtIn : files.toList()) {
        String id = builtIn.getFileName().toString().replace(".txt", "");
        assertThat(PromptTemplate.load(id, conf.toString())).isEqualTo(PromptTemplate.builtIn(id));
      }
    }
  }

  @Test
  void minHashFindsNearDuplicatesAndExactOnesAfterNormalization() {
    MinHash m = new MinHash(128, 32, 5, 1);
    var dups =
        Duplicates.find(
            Map.of(
                "a", "How do tides form along rocky coasts?",
                "b", "how do TIDES form, along rocky coasts",
                "c", "How do tides form along the rocky coasts?",
                "d", "Write a poem about bread."),
            m,
            0.7);
    assertThat(dups)
        .extracting(Duplicates.Duplicate::promptId, Duplicates.Duplicate::duplicateOf)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("b", "a"),
            org.assertj.core.groups.Tuple.tuple("c", "a"));
    assertThat(dups.stream().filter(d -> d.promptId().equals("b")).findFirst().get().similarity())
        .isEqualTo(1.0);
  }
}
