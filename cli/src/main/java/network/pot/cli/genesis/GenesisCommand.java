package network.pot.cli.genesis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import network.pot.base.crypto.KeyPair;
import network.pot.base.io.AtomicFiles;
import network.pot.base.json.Json;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.Keystore;
import network.pot.chain.state.Genesis;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.Params;
import network.pot.cli.keys.Passphrase;
import network.pot.cli.node.InitCommand;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.cli.tx.Args;
import network.pot.node.GenesisFile;
import network.pot.node.GenesisOffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pot genesis}: making a network's genesis file with other people. A coordinator creates the
 * file and adds the accounts; each validator signs an offer (a gentx) with its node's key; the
 * coordinator collects the offers, which checks every signature and takes each self-bond from the
 * validator's genesis balance, and hands out the file; everyone validates it and starts.
 */
@Command(
    name = "genesis",
    header = "Make a network's genesis file with other people (the genesis ceremony).",
    mixinStandardHelpOptions = true,
    description = {
      "1. the coordinator: pot genesis new --chain-id ID --out genesis.json",
      "2. the coordinator, per account: pot genesis add-account --genesis genesis.json",
      "   --address ADDR --amount N (every validator's address needs at least its self-bond)",
      "3. each validator, on its node: pot genesis gentx --home DIR --self-bond N",
      "   --commission BPS --out gentx.json (with the genesis file at DIR/genesis.json)",
      "4. the coordinator: pot genesis collect --genesis genesis.json gentx-*.json",
      "5. everyone: pot genesis validate genesis.json, copy it to HOME/genesis.json, and start",
      "   pot node --home HOME."
    },
    subcommands = {
      GenesisCommand.New.class,
      GenesisCommand.AddAccount.class,
      GenesisCommand.Gentx.class,
      GenesisCommand.Collect.class,
      GenesisCommand.Validate.class
    })
public final class GenesisCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** Reads a genesis file being made; a bad one stops the command with its reason. */
  static Genesis draft(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new UserException(file + ": no such genesis file");
    }
    try {
      return GenesisFile.readDraft(file);
    } catch (IOException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  static void write(Path file, Genesis g) throws IOException {
    AtomicFiles.write(file, GenesisFile.write(g).getBytes(StandardCharsets.UTF_8));
  }

  /** {@code pot genesis new}. */
  @Command(
      name = "new",
      header = "Create a genesis file with no accounts and no validators yet.",
      mixinStandardHelpOptions = true)
  static final class New implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--chain-id", required = true, paramLabel = "ID", description = "Chain id.")
    String chainId;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Genesis file.")
    Path out;

    @Option(
        names = "--genesis-time",
        paramLabel = "MILLIS",
        description =
            "Milliseconds since the epoch; the first block is not earlier (default: now).")
    Long time;

    @Option(
        names = "--param",
        paramLabel = "NAME=VALUE",
        description = "A parameter other than its default (repeatable); see pot query params.")
    List<String> params = List.of();

    @Override
    public Integer call() throws IOException {
      InitCommand.checkChainId(chainId);
      if (Files.exists(out)) {
        throw new UserException(out + ": already exists; not overwriting a genesis file");
      }
      Params p = Params.DEFAULT;
      for (String kv : params) {
        int eq = kv.indexOf('=');
        try {
          p = p.with(kv.substring(0, Math.max(0, eq)), Long.parseLong(kv.substring(eq + 1)));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
          throw new UserException("--param " + kv + ": " + e.getMessage());
        }
      }
      long t = time != null ? time : System.currentTimeMillis();
      if (t < 0) {
        throw new UserException("--genesis-time must not be negative");
      }
      write(out, new Genesis(chainId, t, List.of(), List.of(), p));
      return Output.of(spec).answer(summary(draft(out)), false, "wrote " + out, ExitCodes.OK);
    }
  }

  /** {@code pot genesis add-account}. */
  @Command(
      name = "add-account",
      header = "Give an address a starting balance in a genesis file.",
      mixinStandardHelpOptions = true)
  static final class AddAccount implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--genesis", required = true, paramLabel = "FILE", description = "Genesis.")
    Path file;

    @Option(names = "--address", required = true, paramLabel = "ADDR", description = "Address.")
    String address;

    @Option(names = "--amount", required = true, paramLabel = "N", description = "Balance.")
    long amount;

    @Override
    public Integer call() throws IOException {
      Address a = Args.address("--address", address);
      Args.positive("--amount", amount);
      Genesis g = draft(file);
      List<Genesis.Allocation> accounts = new ArrayList<>(g.accounts());
      if (accounts.stream().anyMatch(x -> x.address().equals(a))) {
        throw new UserException(a + " already has an account in " + file);
      }
      accounts.add(new Genesis.Allocation(a, amount));
      Genesis next =
          new Genesis(g.chainId(), g.genesisTime(), accounts, g.validators(), g.params());
      supply(next);
      write(file, next);
      return Output.of(spec)
          .answer(summary(next), false, "added " + a + " with " + amount, ExitCodes.OK);
    }
  }

  /** {@code pot genesis gentx}. */
  @Command(
      name = "gentx",
      header = "Sign this node's offer to validate from genesis.",
      mixinStandardHelpOptions = true,
      description = {
        "Opens HOME/node.key and signs the chain id (from HOME/genesis.json, or --chain-id), the",
        "self-bond, the commission, the moniker and the key's reveal anchor. The self-bond is taken",
        "from this node's genesis balance when the offer is collected."
      })
  static final class Gentx implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--home", required = true, paramLabel = "DIR", description = "Node home.")
    Path home;

    @Option(names = "--self-bond", required = true, paramLabel = "N", description = "Tokens.")
    long selfBond;

    @Option(
        names = "--commission",
        required = true,
        paramLabel = "BPS",
        description = "Commission on delegators' rewards, in basis points (0..10000).")
    int commission;

    @Option(
        names = "--moniker",
        paramLabel = "NAME",
        description = "The validator's name (default: the home directory's name).")
    String moniker;

    @Option(
        names = "--chain-id",
        paramLabel = "ID",
        description = "Chain id (default: HOME/genesis.json's).")
    String chainId;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Offer file.")
    Path out;

    @Mixin Passphrase passphrase = new Passphrase();

    @Override
    public Integer call() throws IOException {
      Path keyFile = home.resolve("node.key");
      if (!Files.isRegularFile(keyFile)) {
        throw new UserException(keyFile + ": no such key file (pot init --home " + home + ")");
      }
      String chain = chainId;
      if (chain == null) {
        chain = draft(home.resolve("genesis.json")).chainId();
      }
      String name =
          moniker != null ? moniker : home.toAbsolutePath().normalize().getFileName() + "";
      KeyPair key = Keystore.read(keyFile, passphrase.read(false));
      GenesisOffer offer;
      try {
        offer = GenesisOffer.sign(key, chain, name, selfBond, commission);
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage(), e);
      }
      AtomicFiles.write(out, offer.toJson().getBytes(StandardCharsets.UTF_8));
      ObjectNode o = Json.object();
      o.put("out", out.toString())
          .put("chain_id", chain)
          .put("moniker", name)
          .put("address", offer.address().toString())
          .put("self_bond", selfBond)
          .put("commission_bps", commission);
      return Output.of(spec).answer(o, false, "wrote " + out, ExitCodes.OK);
    }
  }

  /** {@code pot genesis collect}. */
  @Command(
      name = "collect",
      header = "Add validators' signed offers to a genesis file.",
      mixinStandardHelpOptions = true,
      description = {
        "Checks each offer's signature and chain id, that no key offers twice, that the",
        "self-bond meets minSelfBond and that the validator's genesis balance covers it (the",
        "self-bond is moved from the balance into the bond). All offers or none are added."
      })
  static final class Collect implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--genesis", required = true, paramLabel = "FILE", description = "Genesis.")
    Path file;

    @Parameters(arity = "1..*", paramLabel = "GENTX", description = "Offer files.")
    List<Path> offers;

    @Override
    public Integer call() throws IOException {
      Genesis g = draft(file);
      List<Genesis.Allocation> accounts = new ArrayList<>(g.accounts());
      List<Genesis.InitialValidator> validators = new ArrayList<>(g.validators());
      Set<Address> seen = new HashSet<>();
      for (Genesis.InitialValidator v : validators) {
        seen.add(Address.of(v.key()));
      }
      for (Path f : offers) {
        if (!Files.isRegularFile(f)) {
          throw new UserException(f + ": no such offer file");
        }
        GenesisOffer o;
        try {
          o = GenesisOffer.parse(Files.readString(f));
        } catch (IllegalArgumentException e) {
          throw new UserException(f + ": not a genesis offer: " + e.getMessage(), e);
        }
        if (!o.verify()) {
          throw new UserException(f + ": the signature is not the offer's key's");
        }
        if (!o.chainId().equals(g.chainId())) {
          throw new UserException(
              f + ": signed for chain " + o.chainId() + ", the genesis is " + g.chainId());
        }
        if (!seen.add(o.address())) {
          throw new UserException(f + ": " + o.address() + " is a genesis validator already");
        }
        if (o.selfBond() < g.params().minSelfBond()) {
          throw new UserException(
              f
                  + ": self-bond "
                  + o.selfBond()
                  + " is below minSelfBond "
                  + g.params().minSelfBond());
        }
        int i = indexOf(accounts, o.address());
        if (i < 0 || accounts.get(i).balance() < o.selfBond()) {
          throw new UserException(
              f
                  + ": "
                  + o.address()
                  + " has "
                  + (i < 0 ? "no genesis account" : "only " + accounts.get(i).balance())
                  + ", less than its self-bond "
                  + o.selfBond()
                  + " (pot genesis add-account)");
        }
        accounts.set(
            i, new Genesis.Allocation(o.address(), accounts.get(i).balance() - o.selfBond()));
        validators.add(o.validator());
      }
      Genesis next = new Genesis(g.chainId(), g.genesisTime(), accounts, validators, g.params());
      supply(next);
      write(file, next);
      return Output.of(spec)
          .answer(
              summary(next),
              false,
              "collected " + offers.size() + " offers into " + file,
              ExitCodes.OK);
    }

    private static int indexOf(List<Genesis.Allocation> accounts, Address a) {
      for (int i = 0; i < accounts.size(); i++) {
        if (accounts.get(i).address().equals(a)) {
          return i;
        }
      }
      return -1;
    }
  }

  /** {@code pot genesis validate}. */
  @Command(
      name = "validate",
      header = "Check a genesis file is complete and print what it starts with.",
      mixinStandardHelpOptions = true,
      description = {
        "Exit 0 and one JSON object with --json (chain_id, genesis_time, accounts, validators,",
        "supply, state_root); exit 2 with the reason when the file is not a network's genesis."
      })
  static final class Validate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Genesis file.")
    Path file;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      if (!Files.isRegularFile(file)) {
        throw new UserException(file + ": no such genesis file");
      }
      Genesis g;
      try {
        g = GenesisFile.read(file);
      } catch (IOException e) {
        throw new UserException(e.getMessage(), e);
      }
      ObjectNode o = summary(g);
      LedgerState s = supply(g);
      o.put("state_root", s.root().toHex());
      String human =
          file
              + ": chain "
              + g.chainId()
              + ", "
              + g.accounts().size()
              + " accounts, "
              + g.validators().size()
              + " validators, supply "
              + o.path("supply").asLong()
              + ", state root "
              + s.root().toHex();
      return Output.of(spec).answer(o, json, human, ExitCodes.OK);
    }
  }

  /** Builds the genesis state; a genesis that cannot be one stops the command. */
  static LedgerState supply(Genesis g) {
    try {
      return g.state();
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new UserException("not a valid genesis: " + e.getMessage(), e);
    }
  }

  static ObjectNode summary(Genesis g) {
    ObjectNode o = Json.object();
    o.put("chain_id", g.chainId())
        .put("genesis_time", g.genesisTime())
        .put("accounts", g.accounts().size())
        .put("validators", g.validators().size());
    long supply = 0;
    for (Genesis.Allocation a : g.accounts()) {
      supply = Math.addExact(supply, a.balance());
    }
    for (Genesis.InitialValidator v : g.validators()) {
      supply = Math.addExact(supply, v.selfBond());
    }
    o.put("supply", supply);
    return o;
  }
}
