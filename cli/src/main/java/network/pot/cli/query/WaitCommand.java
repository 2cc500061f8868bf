package network.pot.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.concurrent.Callable;
import network.pot.base.json.Json;
import network.pot.cli.client.NodeOption;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.NodeUnreachableException;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.rpc.RpcClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pot wait}: blocks until the chain reaches a point (a height, a number of blocks from now,
 * a task settled, a proposal closed), for scripts and for a person following a walkthrough. A node
 * that does not answer yet (one still starting) is asked again until the timeout.
 */
@Command(
    name = "wait",
    mixinStandardHelpOptions = true,
    description = {
      "Waits until the node's finalized chain reaches a height, has grown by N blocks, has",
      "settled a task, or has closed a proposal (its vote counted); then prints what it",
      "waited for. A node that is still starting is asked again until --timeout.",
      "Exit 0 when reached, 1 on timeout or an unreachable node, 2 for bad input."
    })
public final class WaitCommand implements Callable<Integer> {
  private static final long POLL_MILLIS = 250;
  private static final long PROGRESS_MILLIS = 10_000;

  @Spec CommandSpec spec;

  @Mixin NodeOption node;

  @ArgGroup(multiplicity = "1")
  Target target;

  /** What to wait for: exactly one of the four. */
  static final class Target {
    @Option(names = "--height", paramLabel = "H", description = "Until block H is final.")
    Long height;

    @Option(
        names = "--blocks",
        paramLabel = "N",
        description = "Until N more blocks are final than when the command started.")
    Long blocks;

    @Option(names = "--task", paramLabel = "ID", description = "Until the task is settled.")
    String task;

    @Option(
        names = "--proposal",
        paramLabel = "ID",
        description = "Until the proposal is closed (passed, rejected, vetoed, expired, failed).")
    Long proposal;
  }

  @Option(
      names = "--timeout",
      defaultValue = "300",
      paramLabel = "SECONDS",
      description = "Give up after this long (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = "--json", description = "Print the answer as one line of JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (timeoutSeconds < 1) {
      throw new UserException("--timeout must be at least 1 second");
    }
    for (Long n : new Long[] {target.height, target.blocks}) {
      if (n != null && n < 0) {
        throw new UserException("--height and --blocks must not be negative");
      }
    }
    if (target.task != null && !target.task.matches("[0-9a-fA-F]{64}")) {
      throw new UserException("--task must be a task id (64 hex digits), not " + target.task);
    }
    Output out = Output.of(spec);
    long deadline = System.currentTimeMillis() + timeoutSeconds * 1000;
    Condition c = condition(deadline);
    long nextProgress = System.currentTimeMillis() + PROGRESS_MILLIS;
    while (true) {
      JsonNode reached = c.check();
      if (reached != null) {
        return out.answer(reached, json, Text.render(reached), ExitCodes.OK);
      }
      long now = System.currentTimeMillis();
      if (now > deadline) {
        return out.error(
            "timed out after " + timeoutSeconds + " s waiting for " + c.what(), ExitCodes.INTERNAL);
      }
      if (now >= nextProgress) {
        out.note("waiting for " + c.what() + " (height " + lastHeight + ")");
        nextProgress = now + PROGRESS_MILLIS;
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  private long lastHeight = -1;

  /** One kind of target: checked until it answers non-null. */
  private interface Condition {
    /** The answer once the target is reached, else null. */
    JsonNode check() throws IOException;

    String what();
  }

  private Condition condition(long deadline) throws IOException, InterruptedException {
    if (target.height != null || target.blocks != null) {
      long goal =
          target.height != null
              ? target.height
              : Math.addExact(height(call("pot_status", null, deadline)), target.blocks);
      return new Condition() {
        @Override
        public JsonNode check() throws IOException {
          JsonNode s = ask("pot_status", null);
          if (s == null) {
            return null;
          }
          long h = height(s);
          return h >= goal ? Json.object().put("height", h) : null;
        }

        @Override
        public String what() {
          return "height " + goal;
        }
      };
    }
    if (target.task != null) {
      ObjectNode p = RpcClient.params().put("id", target.task.toLowerCase(java.util.Locale.ROOT));
      return new Condition() {
        @Override
        public JsonNode check() throws IOException {
          JsonNode t = ask("pot_getTask", p);
          if (t == null || !t.path("settled").asBoolean()) {
            return null;
          }
          return Json.object()
              .put("task", target.task)
              .put("settled", true)
              .put("settlement_height", t.path("settlement_height").asLong())
              .set("winner", t.path("winner"));
        }

        @Override
        public String what() {
          return "task " + target.task + " to settle";
        }
      };
    }
    ObjectNode p = RpcClient.params().put("id", target.proposal);
    return new Condition() {
      @Override
      public JsonNode check() throws IOException {
        JsonNode prop = ask("pot_getProposal", p);
        if (prop == null) {
          return null;
        }
        String status = prop.path("status").asText();
        if (status.equals("DEPOSIT") || status.equals("VOTING")) {
          return null;
        }
        return Json.object().put("proposal", target.proposal).put("status", status);
      }

      @Override
      public String what() {
        return "proposal " + target.proposal + " to close";
      }
    };
  }

  private long height(JsonNode status) {
    long h = status.path("height").asLong();
    lastHeight = h;
    return h;
  }

  /**
   * One call; null when the node does not answer (yet). An error the node answers with (an unknown
   * id) is bad input.
   */
  private JsonNode ask(String method, ObjectNode params) throws IOException {
    if (params != null && !method.equals("pot_status")) {
      // keep the progress line's height current while waiting on something else
      JsonNode s = ask("pot_status", null);
      if (s == null) {
        return null;
      }
      height(s);
    }
    try {
      return node.call(method, params);
    } catch (NodeUnreachableException e) {
      return null;
    } catch (RpcClient.RpcException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  /** Asks until the node answers or the deadline passes. */
  private JsonNode call(String method, ObjectNode params, long deadline)
      throws IOException, InterruptedException {
    while (true) {
      JsonNode r = ask(method, params);
      if (r != null) {
        return r;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new NodeUnreachableException("cannot reach the node at " + node.url(), null);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
