package network.pot.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import network.pot.base.crypto.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a separate JVM while its storage service collects, at a step chosen by a seed
 * ({@code -Dpot.seed=N} to repeat one), once while key files are being removed and once while
 * content is ({@code -Dpot.rounds=N} for more pairs of rounds): after reopening, every artifact
 * still referenced is present and whole, every key names content that is there, no content is left
 * that no key names, and a collection run again finishes the job.
 */
@Timeout(300)
class GcKillTest {
  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

  @TempDir Path tmp;

  @Test
  void aNodeKilledDuringCollectionLosesNothingStillReferenced() throws Exception {
    long seed = Long.getLong("pot.seed", System.nanoTime());
    Random random = new Random(seed);
    int unnames = GcWorkload.doomed().size();
    int caughtMidway = 0;
    int rounds = 2 * Integer.getInteger("pot.rounds", 1);
    for (int round = 0; round < rounds; round++) {
      // even rounds stop it among the key removals, odd ones among the content removals
      int killAt = round % 2 == 0 ? random.nextInt(unnames) : unnames + 1 + random.nextInt(unnames);
      String what = "seed " + seed + " round " + round + " kill at step " + killAt;
      Path dir = tmp.resolve("round" + round);
      GcWorkload.fill(ArtifactIndex.open(dir));

      killDuringCollection(dir, killAt, what);

      Set<Hash> doomedNamed = new HashSet<>(GcWorkload.doomed());
      doomedNamed.retainAll(keyFiles(dir));
      long blobsBefore = blobFiles(dir);
      boolean midway = !doomedNamed.isEmpty() || blobsBefore > keyFiles(dir).size();
      caughtMidway += midway ? 1 : 0;
      System.out.printf(
          "%s: %d of %d removable keys still named, %d content files for %d keys%n",
          what, doomedNamed.size(), unnames, blobsBefore, keyFiles(dir).size());

      ArtifactIndex reopened = ArtifactIndex.open(dir);
      assertConsistent(reopened, dir, what);
      assertThat(reopened.sizes().keySet()).as(what).containsAll(GcWorkload.kept());

      Storage again = new Storage(reopened, new PinSet(dir), RetentionPolicy.DEFAULT);
      Storage.Result r =
          again.collect(GcWorkload.state(), List.of(GcWorkload.OLD, GcWorkload.OPEN), null, false);
      assertThat(r.removed()).as(what).containsExactlyInAnyOrderElementsOf(doomedNamed);
      assertThat(reopened.sizes().keySet())
          .as(what)
          .containsExactlyInAnyOrderElementsOf(GcWorkload.kept());
      assertConsistent(reopened, dir, what);
    }
    assertThat(caughtMidway).as("seed " + seed + ": rounds killed mid-collection").isPositive();
  }

  /** Starts the child, reads its steps and kills it (SIGKILL) on reaching {@code killAt}. */
  private static void killDuringCollection(Path dir, int killAt, String what) throws Exception {
    Process child =
        new ProcessBuilder(
                JAVA.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                GcChild.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    boolean killed = false;
    StringBuilder seen = new StringBuilder();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String prefix = "step " + killAt + " ";
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith(prefix)) {
          child.destroyForcibly(); // SIGKILL
          killed = true;
          break;
        }
        if (!line.startsWith("step ")) {
          seen.append(line).append('\n');
        }
      }
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(killed).as(what + ": the child reached the step; it said\n" + seen).isTrue();
  }

  /**
   * Every key names content that is there and is the artifact's; the store holds no content that no
   * key names, and nothing in its partial or trash directories.
   */
  private static void assertConsistent(ArtifactIndex index, Path dir, String what)
      throws IOException {
    Map<Hash, Long> sizes = index.sizes();
    assertThat(sizes.keySet()).as(what).containsExactlyInAnyOrderElementsOf(keyFiles(dir));
    for (Hash k : sizes.keySet()) {
      Path f = index.file(k.toArray()).orElseThrow();
      assertThat(Files.readAllBytes(f)).as(what + " " + k).isEqualTo(GcWorkload.content(k));
    }
    assertThat(blobFiles(dir)).as(what).isEqualTo(sizes.size());
    for (String sub : List.of("partial", "trash")) {
      try (var files = Files.list(dir.resolve("blobs").resolve(sub))) {
        assertThat(files.toList()).as(what + " " + sub).isEmpty();
      }
    }
  }

  private static Set<Hash> keyFiles(Path dir) throws IOException {
    Set<Hash> out = new HashSet<>();
    try (var files = Files.list(dir.resolve("keys"))) {
      for (Path f : files.toList()) {
        String n = f.getFileName().toString();
        if (n.length() == 2 * Hash.SIZE) {
          out.add(Hash.fromHex(n));
        }
      }
    }
    return out;
  }

  private static long blobFiles(Path dir) throws IOException {
    try (var files = Files.list(dir.resolve("blobs").resolve("blobs"))) {
      return files.filter(f -> f.toString().endsWith(".blob")).count();
    }
  }
}
