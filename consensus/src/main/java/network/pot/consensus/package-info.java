/**
 * Stake-weighted BFT consensus with immediate finality (Tendermint's algorithm): the state machine
 * {@link network.pot.consensus.ConsensusNode}, what it orders ({@link
 * network.pot.consensus.ConsensusBlock}) among the validators of a {@link
 * network.pot.consensus.ValidatorSet} ({@link network.pot.consensus.ConsensusValidator}), the
 * messages it signs and their canonical encoding, commit certificates, double-sign evidence, and
 * the small interfaces through which the ledger ({@link network.pot.consensus.Application}, {@link
 * network.pot.consensus.BlockStore}), the transport ({@link network.pot.consensus.Network}), time
 * ({@link network.pot.consensus.Scheduler}) and durable storage of its own votes ({@link
 * network.pot.consensus.VoteLog}) reach it. Depends on no other PoT module but base (hashes,
 * Ed25519, the canonical codec, durable files).
 */
package network.pot.consensus;
