package network.pot.proof;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import network.pot.base.crypto.Sha256;
import network.pot.base.fuzz.Refusals;
import network.pot.base.io.FileTrees;
import network.pot.tensor.data.DataSets;
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
          IOException.class);
    } finally {
      FileTrees.deleteRecursively(target);
    }
  }
}
