package network.pot.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.concurrent.Callable;
import network.pot.cli.client.NodeOption;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.Output;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A read-only question to a node: asks it ({@link #query}) and prints the answer as text, or with
 * {@code --json} as one JSON object on the last stdout line.
 */
public abstract class NodeQuery implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin NodeOption node;

  @Option(names = "--json", description = "Print the answer as one line of JSON.")
  boolean json;

  /** Asks the node; returns the answer, a JSON object. */
  protected abstract JsonNode query(NodeOption node) throws IOException;

  /** The answer for a person to read. */
  protected String human(JsonNode answer) {
    return Text.render(answer);
  }

  @Override
  public final Integer call() throws IOException {
    Output out = Output.of(spec);
    JsonNode answer = query(node);
    return out.answer(answer, json, human(answer), ExitCodes.OK);
  }
}
