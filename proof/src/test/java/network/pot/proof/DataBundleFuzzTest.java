package network.pot.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import network.pot.base.crypto.Sha256;
import network.pot.base.fuzz.Refusals;
import network.pot.base.io.FileTrees;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.data.Dataset;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dataset bundle from a peer: {@link DataBundle#unpack} (given the input's own hash, so that the
 * fuzzer gets past the hash check) and then {@link DataSets#load} of what it unpacked, as a node
 * does before it trains on the data. Either step may refuse the bytes with an {@link IOException};
 * nothing else may escape.
 */
class DataBundleFuzzTest {
  @TempDir static Path work;

  @FuzzTest
  void unpack(byte[] input) throws Exception {
    Path bundle = work.resolve("bundle");
    Path target = work.resolve("dataset");
    Files.write(bundle, input);
    try {
      Refusals.decode(
              input,
              b -> DataSets.load(DataBundle.unpack(bundle, target, Sha256.of(b))),
              IOException.class)
          .ifPresent(
              split -> {
                // what a node trains on is well formed: every label names a class, and a
                // sample's size is its shape's
                for (Dataset d : List.of(split.train(), split.test())) {
                  assertThat(d.sampleSize())
                      .isEqualTo(
                          java.util.Arrays.stream(d.sampleShape()).reduce(1, (x, y) -> x * y));
                  for (int k = 0; k < d.size(); k++) {
                    assertThat(d.label(k)).isBetween(0, d.classes() - 1);
                  }
                }
              });
    } finally {
      FileTrees.deleteRecursively(target);
    }
  }
}
