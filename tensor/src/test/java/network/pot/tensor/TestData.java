package network.pot.tensor;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the committed test dataset from any module's working directory. */
public final class TestData {
  private TestData() {}

  /** The repository's {@code data/fashion-mnist-small} directory. */
  public static Path fashionSmall() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      Path c = p.resolve("data").resolve("fashion-mnist-small");
      if (Files.isDirectory(c)) {
        return c;
      }
      p = p.getParent();
    }
    throw new IllegalStateException("data/fashion-mnist-small not found above the working dir");
  }

  /** Debian's Fashion-MNIST directory, or null when the package is not installed. */
  public static Path fashionFull() {
    Path p = Path.of("/usr/share/datasets/fashion-mnist");
    return Files.isRegularFile(p.resolve("train-images-idx3-ubyte.gz")) ? p : null;
  }
}
