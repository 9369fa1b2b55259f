package io.subgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class H2FileUrlsTest {
  @Test
  void relativeFilePaths_becomeAbsolute_optionsKept() {
    String cwd = Path.of("").toAbsolutePath().normalize().toString();
    assertEquals(
        "jdbc:h2:file:" + cwd + "/.subgate/db/subgate;MODE=PostgreSQL",
        H2FileUrls.absolute("jdbc:h2:file:.subgate/db/subgate;MODE=PostgreSQL"));
    assertEquals("jdbc:h2:file:" + cwd + "/data/db", H2FileUrls.absolute("jdbc:h2:file:./data/db"));
  }

  @Test
  void absoluteHomeMemoryAndOtherUrls_areLeftAlone() {
    for (String url :
        new String[] {
          "jdbc:h2:file:/var/lib/subgate/db;MODE=PostgreSQL",
          "jdbc:h2:file:~/subgate/db",
          "jdbc:h2:mem:x;DB_CLOSE_DELAY=-1",
          "jdbc:postgresql://127.0.0.1:5432/subgate"
        }) {
      assertEquals(url, H2FileUrls.absolute(url));
    }
  }
}
