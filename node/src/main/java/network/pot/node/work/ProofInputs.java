package network.pot.node.work;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import network.pot.base.crypto.Hash;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.Task;
import network.pot.node.net.Artifacts;
import network.pot.proof.Commitment;
import network.pot.proof.TaskSpec;
import network.pot.proof.Transcript;
import network.pot.tensor.data.DataSets;

/**
 * What re-executing a miner's committed proof needs, fetched and checked: the task's spec (equal to
 * the chain's terms), its dataset, the miner's transcript (against its committed root) and the
 * commitment as the proof module states it. Shared by the committee's verifier and the watcher.
 */
record ProofInputs(
    TaskSpec spec, DataSets.Split data, Transcript transcript, Commitment commitment) {
  /** Why there are no inputs. */
  enum Lack {
    /** Not fetched yet (spec, dataset or transcript): try again later. */
    MISSING,
    /** The proof cannot be right whatever is fetched: a spec that is not the task, a bad metric. */
    UNSOUND
  }

  /** Inputs, or why there are none. */
  record Result(ProofInputs inputs, Lack lack) {}

  static Result gather(
      Hash id, Task t, Address miner, Enrollment e, Artifacts artifacts, Datasets datasets)
      throws IOException {
    Optional<TaskSpec> spec = Datasets.spec(t, artifacts);
    if (spec.isEmpty()) {
      return new Result(null, Lack.MISSING);
    }
    TaskSpec s = spec.get();
    if (!MinerWorker.matches(s, t)
        || e.claimedMetric() < 0
        || e.claimedMetric() > Integer.MAX_VALUE) {
      return new Result(null, Lack.UNSOUND);
    }
    Optional<DataSets.Split> data = datasets.load(s);
    if (data.isEmpty()) {
      return new Result(null, Lack.MISSING);
    }
    int leaves = s.segments() + 1;
    byte[] root = e.transcriptRoot().toArray();
    Optional<List<byte[]>> hashes =
        artifacts
            .fetch(root, leaves * 32, b -> Transcripts.decode(b, leaves, root).isPresent())
            .flatMap(b -> Transcripts.decode(b, leaves, root));
    if (hashes.isEmpty()) {
      return new Result(null, Lack.MISSING);
    }
    Commitment c =
        new Commitment(
            s.taskId(),
            miner.toArray(),
            e.enrollHash().toArray(),
            e.transcriptRoot().toArray(),
            e.modelHash().toArray(),
            (int) e.claimedMetric(),
            leaves);
    return new Result(new ProofInputs(s, data.get(), new Transcript(hashes.get()), c), null);
  }
}
