package network.pot.cli.proof;

import java.util.function.LongConsumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** A step counter shown as a progress bar on stderr, or nothing when disabled. */
final class Progress implements LongConsumer, AutoCloseable {
  private final ProgressBar bar;

  Progress(String name, long total, boolean enabled) {
    this.bar =
        enabled
            ? new ProgressBarBuilder()
                .setTaskName(name)
                .setInitialMax(total)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(500)
                .showSpeed()
                .setUnit(" steps", 1)
                .build()
            : null;
  }

  @Override
  public void accept(long step) {
    if (bar != null) {
      bar.stepTo(step);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
