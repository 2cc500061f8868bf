package network.pot.cli.proof;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import network.pot.base.bytes.Hex;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.Output;
import network.pot.cli.train.TrainOptions;
import network.pot.proof.TaskSpec;
import network.pot.tensor.train.Seeds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pot task template}: a valid task spec for a dataset, hashing its files. */
@Command(
    name = "template",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a task spec (canonical JSON) for training a model on a dataset: the data files'",
      "content hash, model, optimizer, batch, steps T, checkpoint interval K and verification",
      "sample size q. The task id (its hash) is printed on stderr."
    })
public final class TaskTemplateCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description = "Dataset directory (IDX or train.csv + test.csv); its files are hashed.")
  Path data;

  @Mixin TaskOptions options;

  @Override
  public Integer call() {
    TaskSpec task = options.task(data);
    // the template must describe a run the engine can do: model, data and batch fit together
    task.newTrainer(Seeds.fromSeed(0), TrainOptions.loadData(data).train());
    Output out = Output.of(spec);
    out.json(task.canonicalJson(), ExitCodes.OK);
    out.note("task id " + Hex.encode(task.taskId()));
    return ExitCodes.OK;
  }
}
