package network.pot.cli.tx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.ProposalAction;
import network.pot.chain.tx.VoteOption;
import network.pot.cli.output.UserException;
import network.pot.cli.query.GovListCommand;
import network.pot.cli.query.GovShowCommand;
import network.pot.rpc.RpcClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pot gov}: governance. The group holds the transactions (propose, deposit, vote); commands
 * that read proposals belong here too.
 */
@Command(
    name = "gov",
    header = "Governance: propose, deposit on and vote on proposals.",
    mixinStandardHelpOptions = true,
    subcommands = {
      GovCommand.Propose.class,
      GovCommand.Deposit.class,
      GovCommand.Vote.class,
      GovListCommand.class,
      GovShowCommand.class
    })
public final class GovCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** What a proposal does: exactly one of the three. */
  static final class Action {
    @Option(names = "--text", required = true, description = "A signalling proposal.")
    boolean text;

    @Option(
        names = "--param",
        required = true,
        paramLabel = "NAME=VALUE",
        description = "Set a chain parameter.")
    String param;

    @Option(
        names = "--spend",
        required = true,
        paramLabel = "ADDR:AMOUNT",
        description = "Pay from the community treasury.")
    String spend;

    ProposalAction parse() {
      if (param != null) {
        int eq = param.indexOf('=');
        if (eq <= 0) {
          throw new UserException("--param " + param + ": expected NAME=VALUE");
        }
        String name = param.substring(0, eq);
        if (name.getBytes(StandardCharsets.UTF_8).length > ProposalAction.MAX_NAME) {
          throw new UserException("--param: name longer than " + ProposalAction.MAX_NAME);
        }
        long value;
        try {
          value = Long.parseLong(param.substring(eq + 1));
        } catch (NumberFormatException e) {
          throw new UserException("--param " + param + ": VALUE must be an integer", e);
        }
        if (value < 0) {
          throw new UserException("--param " + param + ": VALUE must not be negative");
        }
        return new ProposalAction.ParamChange(name, value);
      }
      if (spend != null) {
        int colon = spend.lastIndexOf(':');
        if (colon <= 0) {
          throw new UserException("--spend " + spend + ": expected ADDR:AMOUNT");
        }
        long amount;
        try {
          amount = Long.parseLong(spend.substring(colon + 1));
        } catch (NumberFormatException e) {
          throw new UserException("--spend " + spend + ": AMOUNT must be an integer", e);
        }
        return new ProposalAction.TreasurySpend(
            Args.address("--spend", spend.substring(0, colon)), Args.positive("--spend", amount));
      }
      return new ProposalAction.Text();
    }
  }

  /** {@code pot gov propose}. */
  @Command(
      name = "propose",
      header = "Submit a governance proposal with an initial deposit.",
      mixinStandardHelpOptions = true)
  static final class Propose extends SigningCommand {
    @Option(names = "--title", required = true, paramLabel = "T", description = "Its title.")
    String title;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    @Option(names = "--deposit", required = true, paramLabel = "N", description = "Tokens.")
    long deposit;

    @Override
    protected Payload payload() {
      if (title.isBlank()) {
        throw new UserException("--title must not be empty");
      }
      if (title.getBytes(StandardCharsets.UTF_8).length > Payload.MAX_TITLE) {
        throw new UserException("--title is longer than " + Payload.MAX_TITLE + " bytes");
      }
      return new Payload.SubmitProposal(title, action.parse(), Args.positive("--deposit", deposit));
    }

    @Override
    protected long spends() {
      return deposit;
    }

    /** The new proposal's id, once the transaction is final. */
    private String proposal;

    /** Adds {@code proposal}, the new proposal's id, read from the deposit event. */
    @Override
    protected void annotate(RpcClient node, Long acceptedHeight, ObjectNode answer) {
      for (JsonNode e : answer.path("events")) {
        if (e.path("type").asText().equals("DEPOSIT") && e.has("proposal")) {
          proposal = e.path("proposal").asText();
          answer.put("proposal", Long.parseLong(proposal));
        }
      }
    }

    @Override
    protected String describe() {
      return (proposal == null ? "propose" : "proposal " + proposal + ":")
          + " \""
          + title
          + "\" with deposit "
          + deposit;
    }
  }

  /** {@code pot gov deposit}. */
  @Command(
      name = "deposit",
      header = "Add to a proposal's deposit.",
      mixinStandardHelpOptions = true)
  static final class Deposit extends SigningCommand {
    @Option(names = "--proposal", required = true, paramLabel = "ID", description = "Proposal.")
    long proposal;

    @Option(names = "--amount", required = true, paramLabel = "N", description = "Tokens.")
    long amount;

    @Override
    protected Payload payload() {
      if (proposal < 0) {
        throw new UserException("--proposal must not be negative");
      }
      return new Payload.Deposit(proposal, Args.positive("--amount", amount));
    }

    @Override
    protected long spends() {
      return amount;
    }

    @Override
    protected String describe() {
      return "deposit " + amount + " on proposal " + proposal;
    }
  }

  /** {@code pot gov vote}. */
  @Command(
      name = "vote",
      header = "Vote on a proposal with the sender's bonded stake.",
      mixinStandardHelpOptions = true)
  static final class Vote extends SigningCommand {
    @Option(names = "--proposal", required = true, paramLabel = "ID", description = "Proposal.")
    long proposal;

    @Option(
        names = "--option",
        required = true,
        paramLabel = "yes|no|abstain|veto",
        description = "The vote.")
    String option;

    @Override
    protected Payload payload() {
      if (proposal < 0) {
        throw new UserException("--proposal must not be negative");
      }
      VoteOption o =
          switch (option.toLowerCase(Locale.ROOT)) {
            case "yes" -> VoteOption.YES;
            case "no" -> VoteOption.NO;
            case "abstain" -> VoteOption.ABSTAIN;
            case "veto" -> VoteOption.VETO;
            default ->
                throw new UserException(
                    "--option " + option + ": expected yes, no, abstain or veto");
          };
      return new Payload.Vote(proposal, o);
    }

    @Override
    protected String describe() {
      return "vote " + option.toLowerCase(Locale.ROOT) + " on proposal " + proposal;
    }
  }
}
