package dev.replaylink.testsupport;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's failures name what is wrong; starting the real jar is what the modules' ITs do.
 */
class ServiceProcessTest {
  @Test
  void aMissingJarIsNamedWithItsProperty(@TempDir Path dir) {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> ServiceProcess.builder().jar(dir.resolve("absent.jar")).start());
    assertTrue(e.getMessage().contains("absent.jar"), e.getMessage());
  }

  @Test
  void aJarThatExitsAtOnceFailsTheStartWithItsLog(@TempDir Path dir) throws Exception {
    Path notAJar = Files.writeString(dir.resolve("broken.jar"), "not a zip");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> ServiceProcess.builder().jar(notAJar).log(dir.resolve("broken.log")).start());
    assertTrue(e.getMessage().contains("exited with"), e.getMessage());
    assertTrue(e.getMessage().contains("broken.log"), e.getMessage());
  }
}
