package network.pot.cli.tx;

import java.util.List;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.base.crypto.PublicKey;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.RevealChain;
import network.pot.chain.tx.Payload;
import network.pot.cli.output.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pot stake}: validator and delegator transactions. */
@Command(
    name = "stake",
    header = "Stake: become a validator, bond, delegate, withdraw rewards.",
    mixinStandardHelpOptions = true,
    subcommands = {
      StakeCommand.CreateValidator.class,
      StakeCommand.Bond.class,
      StakeCommand.Unbond.class,
      StakeCommand.Commission.class,
      StakeCommand.Unjail.class,
      StakeCommand.Delegate.class,
      StakeCommand.Undelegate.class,
      StakeCommand.Redelegate.class,
      StakeCommand.Withdraw.class
    })
public final class StakeCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** {@code pot stake create-validator}. */
  @Command(
      name = "create-validator",
      header = "Make the sending account a validator with a self-bond.",
      mixinStandardHelpOptions = true,
      description = {
        "By default the sending key also signs the validator's consensus messages, so the node",
        "runs with it. To keep the account key offline, give the node's own key with",
        "--consensus-key and --reveal-anchor (both printed by pot init --json, or pot keys show",
        "on the node's key file): the node then signs blocks and verification votes with its key",
        "and holds no stake."
      })
  static final class CreateValidator extends SigningCommand {
    @Option(
        names = "--consensus-key",
        paramLabel = "HEX",
        description = "Public key of a separate consensus key (64 hex digits).")
    String consensusKey;

    @Option(
        names = "--reveal-anchor",
        paramLabel = "HEX",
        description = "Anchor of the consensus key's reveal chain (with --consensus-key).")
    String revealAnchor;

    @Option(names = "--self-bond", required = true, paramLabel = "N", description = "Tokens.")
    long selfBond;

    @Option(
        names = "--commission",
        required = true,
        paramLabel = "BPS",
        description = "Commission on delegators' rewards, in basis points (0..10000).")
    int commission;

    @Override
    protected Payload payload() {
      if ((consensusKey == null) != (revealAnchor == null)) {
        throw new UserException("--consensus-key and --reveal-anchor go together");
      }
      return new Payload.CreateValidator(
          Args.bps("--commission", commission),
          Args.positive("--self-bond", selfBond),
          revealAnchor == null ? Hash.ZERO : Args.hash("--reveal-anchor", revealAnchor),
          consensusKey == null
              ? PublicKey.of(new byte[PublicKey.SIZE])
              : Args.publicKey("--consensus-key", consensusKey));
    }

    /**
     * With the signing key as consensus key, registers the anchor of its reveal chain, which the
     * validator's node derives too.
     */
    @Override
    protected Payload payload(KeyPair key) {
      Payload.CreateValidator p = (Payload.CreateValidator) payload();
      return consensusKey != null
          ? p
          : new Payload.CreateValidator(
              p.commissionBps(), p.selfBond(), RevealChain.of(key).anchor(), key.publicKey());
    }

    @Override
    protected long spends() {
      return selfBond;
    }

    @Override
    protected String describe() {
      return "create validator, self-bond " + selfBond + ", commission " + commission + " bps";
    }
  }

  /** {@code pot stake bond}. */
  @Command(
      name = "bond",
      header = "Add to the sending validator's self-bond.",
      mixinStandardHelpOptions = true)
  static final class Bond extends SigningCommand {
    @Option(names = "--amount", required = true, paramLabel = "N", description = "Tokens.")
    long amount;

    @Override
    protected Payload payload() {
      return new Payload.Bond(Args.positive("--amount", amount));
    }

    @Override
    protected long spends() {
      return amount;
    }

    @Override
    protected List<Address> validators(Address self) {
      return List.of(self);
    }

    @Override
    protected String describe() {
      return "bond " + amount;
    }
  }

  /** {@code pot stake unbond}. */
  @Command(
      name = "unbond",
      header = "Start unbonding part of the sending validator's self-bond.",
      mixinStandardHelpOptions = true)
  static final class Unbond extends SigningCommand {
    @Option(names = "--amount", required = true, paramLabel = "N", description = "Tokens.")
    long amount;

    @Override
    protected Payload payload() {
      return new Payload.Unbond(Args.positive("--amount", amount));
    }

    @Override
    protected List<Address> validators(Address self) {
      return List.of(self);
    }

    @Override
    protected String describe() {
      return "unbond " + amount;
    }
  }

  /** {@code pot stake commission}. */
  @Command(
      name = "commission",
      header = "Change the sending validator's commission.",
      mixinStandardHelpOptions = true)
  static final class Commission extends SigningCommand {
    @Option(
        names = "--bps",
        required = true,
        paramLabel = "N",
        description = "New commission in basis points (0..10000).")
    int bps;

    @Override
    protected Payload payload() {
      return new Payload.EditCommission(Args.bps("--bps", bps));
    }

    @Override
    protected List<Address> validators(Address self) {
      return List.of(self);
    }

    @Override
    protected String describe() {
      return "set commission to " + bps + " bps";
    }
  }

  /** {@code pot stake unjail}. */
  @Command(
      name = "unjail",
      header = "Bring the sending validator back after its jail time.",
      mixinStandardHelpOptions = true)
  static final class Unjail extends SigningCommand {
    @Override
    protected Payload payload() {
      return new Payload.Unjail();
    }

    @Override
    protected List<Address> validators(Address self) {
      return List.of(self);
    }

    @Override
    protected String describe() {
      return "unjail";
    }
  }

  /** {@code pot stake delegate}. */
  @Command(
      name = "delegate",
      header = "Delegate tokens to a validator.",
      mixinStandardHelpOptions = true)
  static final class Delegate extends SigningCommand {
    @Option(names = "--validator", required = true, paramLabel = "ADDR", description = "To whom.")
    String validator;

    @Option(names = "--amount", required = true, paramLabel = "N", description = "Tokens.")
    long amount;

    @Override
    protected Payload payload() {
      return new Payload.Delegate(
          Args.address("--validator", validator), Args.positive("--amount", amount));
    }

    @Override
    protected long spends() {
      return amount;
    }

    @Override
    protected List<Address> validators(Address self) {
      return List.of(Args.address("--validator", validator));
    }

    @Override
    protected String describe() {
      return "delegate " + amount + " to " + validator;
    }
  }

  /** {@code pot stake undelegate}. */
  @Command(
      name = "undelegate",
      header = "Start undelegating tokens from a validator.",
      mixinStandardHelpOptions = true)
  static final class Undelegate extends SigningCommand {
    @Option(names = "--validator", required = true, paramLabel = "ADDR", description = "From whom.")
    String validator;

    @Option(names = "--amount", required = true, paramLabel = "N", description = "Tokens.")
    long amount;

    @Override
    protected Payload payload() {
      return new Payload.Undelegate(
          Args.address("--validator", validator), Args.positive("--amount", amount));
    }

    @Override
    protected List<Address> validators(Address self) {
      return List.of(Args.address("--validator", validator));
    }

    @Override
    protected String describe() {
      return "undelegate " + amount + " from " + validator;
    }
  }

  /** {@code pot stake redelegate}. */
  @Command(
      name = "redelegate",
      header = "Move a delegation from one validator to another.",
      mixinStandardHelpOptions = true)
  static final class Redelegate extends SigningCommand {
    @Option(names = "--from", required = true, paramLabel = "ADDR", description = "Validator now.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "ADDR", description = "New validator.")
    String to;

    @Option(names = "--amount", required = true, paramLabel = "N", description = "Tokens.")
    long amount;

    @Override
    protected Payload payload() {
      return new Payload.Redelegate(
          Args.address("--from", from),
          Args.address("--to", to),
          Args.positive("--amount", amount));
    }

    @Override
    protected List<Address> validators(Address self) {
      return List.of(Args.address("--from", from), Args.address("--to", to));
    }

    @Override
    protected String describe() {
      return "redelegate " + amount + " from " + from + " to " + to;
    }
  }

  /** {@code pot stake withdraw}. */
  @Command(
      name = "withdraw",
      header = "Withdraw the staking rewards owed by a validator.",
      mixinStandardHelpOptions = true)
  static final class Withdraw extends SigningCommand {
    @Option(names = "--validator", required = true, paramLabel = "ADDR", description = "Validator.")
    String validator;

    @Override
    protected Payload payload() {
      return new Payload.WithdrawRewards(Args.address("--validator", validator));
    }

    @Override
    protected List<Address> validators(Address self) {
      return List.of(Args.address("--validator", validator));
    }

    @Override
    protected String describe() {
      return "withdraw rewards from " + validator;
    }
  }
}
