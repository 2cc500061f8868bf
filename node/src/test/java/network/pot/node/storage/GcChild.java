package network.pot.node.storage;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The child process of {@link GcKillTest}: opens the node's storage in the directory given, with
 * every step of a removal printed as it is reached ({@code step N ...}), and collects on the
 * storage service's path, as the running node does.
 */
final class GcChild {
  private GcChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    int[] steps = {0};
    ArtifactIndex index =
        ArtifactIndex.open(dir, step -> out.println("step " + steps[0]++ + " " + step));
    Storage storage = new Storage(index, new PinSet(dir), RetentionPolicy.DEFAULT);
    try (StorageService service =
        new StorageService(
            "gc-child",
            storage,
            StorageConfig.DEFAULT,
            GcWorkload::state,
            () -> List.of(GcWorkload.OLD, GcWorkload.OPEN),
            null,
            () -> Long.MAX_VALUE)) {
      out.println("collecting");
      Storage.Result r = service.collect(false);
      out.println("done " + r.removed().size());
    }
  }
}
