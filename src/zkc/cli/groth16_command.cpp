// `zkcredit groth16 prove|verify|setup` and `zkcredit zkey export-vkey|export-solidity`: Groth16 on
// snarkjs's files (.zkey, .wtns, .r1cs, .ptau and the JSON proof, public signals and key).
#include <chrono>

#include "zkc/base/io.hpp"
#include "zkc/cli/command.hpp"
#include "zkc/groth16/formats/r1cs_file.hpp"
#include "zkc/groth16/formats/wtns_file.hpp"
#include "zkc/groth16/formats/zkey_file.hpp"
#include "zkc/groth16/formats/ptau_file.hpp"
#include "zkc/groth16/phase2.hpp"
#include "zkc/groth16/prover.hpp"
#include "zkc/groth16/setup.hpp"
#include "zkc/groth16/snarkjs_json.hpp"
#include "zkc/groth16/solidity.hpp"
#include "zkc/groth16/verifier.hpp"

namespace zkc::cli {
namespace {

using Clock = std::chrono::steady_clock;

struct ProveArgs {
  std::string zkey, wtns, proof, pub;
  bool verbose = false;
};

int run_prove(const ProveArgs& a, Context& ctx) {
  const auto t0 = Clock::now();
  auto pk = groth16::formats::read_zkey(a.zkey);
  if (!pk) return ctx.fail(pk.error());
  const double load_ms = ms_since(t0);
  auto w = groth16::formats::read_wtns(a.wtns);
  if (!w) return ctx.fail(w.error());
  if (w.value().size() != pk.value().num_wires)
    return ctx.fail(make_error(Errc::kBadLength, a.wtns + ": the witness has " + std::to_string(w.value().size()) +
                                                     " values, " + a.zkey + " expects " +
                                                     std::to_string(pk.value().num_wires)));
  groth16::ProverTimings t;
  auto proof = groth16::prove(pk.value(), w.value(), &t);
  if (!proof) return ctx.fail(proof.error());
  const auto pub = groth16::public_signals(pk.value(), w.value());
  if (Status s = write_text_file_atomic(a.proof, groth16::proof_to_json(proof.value())); !s) return ctx.fail(s.error());
  if (Status s = write_text_file_atomic(a.pub, groth16::public_signals_to_json(pub)); !s) return ctx.fail(s.error());
  secure_wipe(w.value().data(), w.value().size() * sizeof(ff::bn254::Fr));
  if (a.verbose)
    ctx.err << "zkcredit: load " << load_ms << " ms, witness rows " << t.evaluate_ms << " ms, NTT " << t.ntt_ms
            << " ms, MSM " << t.msm_ms << " ms, prove " << t.total_ms << " ms, total " << ms_since(t0) << " ms\n";
  return kExitOk;
}

struct VerifyArgs {
  std::string vk, pub, proof;
};

// Exit 2 for files that cannot be read or parsed (or a bad key); exit 1 for a well-formed statement
// that does not verify, including a public signal >= r and a proof point off its curve or group.
int run_verify(const VerifyArgs& a, Context& ctx) {
  auto vk_text = read_text_file(a.vk);
  if (!vk_text) return ctx.fail(vk_text.error());
  auto vk = groth16::verifying_key_from_json(vk_text.value(), a.vk);
  if (!vk) return ctx.fail(vk.error());
  auto pvk = groth16::PreparedVerifyingKey::create(vk.value());
  if (!pvk) return ctx.fail(pvk.error());

  auto invalid = [&](const std::string& why) {
    ctx.out << "invalid: " << why << "\n";
    return kExitFailure;
  };
  auto semantic = [](Errc c) { return c == Errc::kNotCanonical || c == Errc::kNotOnCurve || c == Errc::kNotInSubgroup; };

  auto pub_text = read_text_file(a.pub);
  if (!pub_text) return ctx.fail(pub_text.error());
  auto pub = groth16::public_signals_from_json(pub_text.value(), a.pub);
  if (!pub) return semantic(pub.error().code) ? invalid(pub.error().message) : ctx.fail(pub.error());
  auto proof_text = read_text_file(a.proof);
  if (!proof_text) return ctx.fail(proof_text.error());
  auto proof = groth16::proof_from_json(proof_text.value(), a.proof);
  if (!proof) return semantic(proof.error().code) ? invalid(proof.error().message) : ctx.fail(proof.error());

  auto ok = groth16::verify(pvk.value(), pub.value(), proof.value());
  if (!ok) return ctx.fail(ok.error());
  if (!ok.value()) return invalid("the pairing check failed");
  ctx.out << "valid\n";
  return kExitOk;
}

struct SetupArgs {
  std::string r1cs, ptau, zkey;
};

int run_setup(const SetupArgs& a, Context& ctx) {
  auto r1cs = groth16::formats::read_r1cs(a.r1cs);
  if (!r1cs) return ctx.fail(r1cs.error());
  auto ptau = groth16::formats::PtauFile::open(a.ptau);
  if (!ptau) return ctx.fail(ptau.error());
  Progress progress(ctx, "setup");
  auto pk = groth16::setup_from_ptau(r1cs.value().cs, ptau.value(),
                                     [&](std::size_t done, std::size_t total) { progress(done, total); });
  if (!pk) return ctx.fail(pk.error());
  if (Status s = groth16::formats::write_zkey(pk.value(), a.zkey, groth16::formats::ZkeyLayout::kSetup); !s)
    return ctx.fail(s.error());
  ctx.out << "wrote " << a.zkey << ": " << r1cs.value().cs.constraints.size() << " constraints, "
          << pk.value().num_public << " public signals, domain 2^" << groth16::setup_domain_log2(r1cs.value().cs)
          << " (phase-2 key with no contribution yet: delta = 1; add one before production use)\n";
  return kExitOk;
}

struct ContributeArgs {
  std::string in, out, name, entropy;
};

int run_zkey_contribute(const ContributeArgs& a, Context& ctx) {
  auto pk = groth16::formats::read_zkey(a.in);
  if (!pk) return ctx.fail(pk.error());
  Progress progress(ctx, "contribute");
  auto hash = groth16::phase2_contribute(pk.value(), groth16::Phase2ContributeOptions{a.name, a.entropy},
                                         [&](std::size_t done, std::size_t total) { progress(done, total); });
  if (!hash) return ctx.fail(hash.error());
  if (Status s = groth16::formats::write_zkey(pk.value(), a.out); !s) return ctx.fail(s.error());
  ctx.out << "Contribution hash:\n" << format_hash(hash.value());
  return kExitOk;
}

struct ZkeyVerifyArgs {
  std::string r1cs, ptau, zkey;
};

// snarkjs's `zkey verify`: the key must be the initial key of this circuit and ceremony (recomputed
// here) followed by a valid chain of phase-2 contributions.
int run_zkey_verify(const ZkeyVerifyArgs& a, Context& ctx) {
  auto r1cs = groth16::formats::read_r1cs(a.r1cs);
  if (!r1cs) return ctx.fail(r1cs.error());
  auto ptau = groth16::formats::PtauFile::open(a.ptau);
  if (!ptau) return ctx.fail(ptau.error());
  auto pk = groth16::formats::read_zkey(a.zkey);
  if (!pk) return ctx.fail(pk.error());
  Progress progress(ctx, "initial key");
  auto initial = groth16::setup_from_ptau(r1cs.value().cs, ptau.value(),
                                          [&](std::size_t done, std::size_t total) { progress(done, total); });
  if (!initial) return ctx.fail(initial.error());
  const groth16::Phase2VerifyResult r = groth16::phase2_verify(initial.value(), pk.value());
  for (std::size_t i = 0; i < r.contribution_hashes.size(); ++i)
    ctx.out << "contribution #" << i + 1 << " hash:\n" << format_hash(r.contribution_hashes[i]);
  if (!r.valid) {
    ctx.out << "invalid: " << r.failure << "\n";
    return kExitFailure;
  }
  if (pk.value().phase2.contributions.empty())
    ctx.out << "warning: no phase-2 contribution: delta is the generator and anyone can forge proofs\n";
  ctx.out << "valid: " << a.zkey << " is the key of " << a.r1cs << " from " << a.ptau << " with "
          << pk.value().phase2.contributions.size() << " phase-2 contribution(s)\n";
  return kExitOk;
}

int run_export_vkey(const std::string& zkey, const std::string& out, Context& ctx) {
  auto vk = groth16::formats::read_zkey_verifying_key(zkey);
  if (!vk) return ctx.fail(vk.error());
  if (Status s = write_text_file_atomic(out, groth16::verifying_key_to_json(vk.value())); !s) return ctx.fail(s.error());
  return kExitOk;
}

int run_export_solidity(const std::string& zkey, const std::string& out, Context& ctx) {
  auto vk = groth16::formats::read_zkey_verifying_key(zkey);
  if (!vk) return ctx.fail(vk.error());
  if (Status s = write_text_file_atomic(out, groth16::export_solidity_verifier(vk.value())); !s) return ctx.fail(s.error());
  return kExitOk;
}

}  // namespace

void add_groth16_commands(CLI::App& app, Context& ctx) {
  auto* g = app.add_subcommand("groth16", "Groth16 proofs on snarkjs files (.zkey, .wtns, JSON)");
  g->require_subcommand(1);

  auto prove = std::make_shared<ProveArgs>();
  auto* p = g->add_subcommand("prove", "Prove with a .zkey and a .wtns (rapidsnark's argument order)");
  p->add_option("zkey", prove->zkey, "proving key (.zkey, snarkjs format)")->required()->check(CLI::ExistingFile);
  p->add_option("witness", prove->wtns, "witness (.wtns)")->required()->check(CLI::ExistingFile);
  p->add_option("proof", prove->proof, "proof output (proof.json)")->required();
  p->add_option("public", prove->pub, "public signals output (public.json)")->required();
  p->add_flag("-v,--verbose", prove->verbose, "print the time of each phase to stderr");
  p->callback([&ctx, prove] { ctx.exit_code = run_prove(*prove, ctx); });

  auto verify = std::make_shared<VerifyArgs>();
  auto* v = g->add_subcommand("verify", "Verify a proof: exit 0 valid, 1 invalid, 2 bad input");
  v->add_option("verification_key", verify->vk, "verification_key.json")->required();
  v->add_option("public", verify->pub, "public.json")->required();
  v->add_option("proof", verify->proof, "proof.json")->required();
  v->callback([&ctx, verify] { ctx.exit_code = run_verify(*verify, ctx); });

  auto setup = std::make_shared<SetupArgs>();
  auto* st = g->add_subcommand("setup", "Circuit-specific setup from a prepared Powers of Tau (as snarkjs groth16 setup)");
  st->add_option("r1cs", setup->r1cs, "constraint system (.r1cs, circom)")->required()->check(CLI::ExistingFile);
  st->add_option("ptau", setup->ptau, "prepared Powers of Tau (.ptau)")->required()->check(CLI::ExistingFile);
  st->add_option("zkey", setup->zkey, "proving key output (.zkey)")->required();
  st->callback([&ctx, setup] { ctx.exit_code = run_setup(*setup, ctx); });

  auto* z = app.add_subcommand("zkey", "Inspect and export Groth16 proving keys");
  z->require_subcommand(1);
  auto files = std::make_shared<std::pair<std::string, std::string>>();
  auto contribute = std::make_shared<ContributeArgs>();
  auto* zc = z->add_subcommand("contribute", "Add a phase-2 contribution (random delta from the CSPRNG), as snarkjs zkey contribute");
  zc->add_option("in", contribute->in, "proving key (.zkey)")->required()->check(CLI::ExistingFile);
  zc->add_option("out", contribute->out, "proving key output (.zkey)")->required();
  zc->add_option("--name", contribute->name, "name recorded with the contribution");
  zc->add_option("-e,--entropy", contribute->entropy, "extra entropy mixed into the CSPRNG output");
  zc->callback([&ctx, contribute] { ctx.exit_code = run_zkey_contribute(*contribute, ctx); });

  auto zverify = std::make_shared<ZkeyVerifyArgs>();
  auto* zv = z->add_subcommand("verify", "Check a key against its circuit and ceremony: exit 0 valid, 1 invalid, 2 bad input");
  zv->add_option("r1cs", zverify->r1cs, "constraint system (.r1cs)")->required()->check(CLI::ExistingFile);
  zv->add_option("ptau", zverify->ptau, "prepared Powers of Tau (.ptau)")->required()->check(CLI::ExistingFile);
  zv->add_option("zkey", zverify->zkey, "proving key (.zkey)")->required()->check(CLI::ExistingFile);
  zv->callback([&ctx, zverify] { ctx.exit_code = run_zkey_verify(*zverify, ctx); });

  auto* ev = z->add_subcommand("export-vkey", "Write the verification key as snarkjs's verification_key.json");
  ev->add_option("zkey", files->first, "proving key (.zkey)")->required()->check(CLI::ExistingFile);
  ev->add_option("verification_key", files->second, "output (verification_key.json)")->required();
  ev->callback([&ctx, files] { ctx.exit_code = run_export_vkey(files->first, files->second, ctx); });
  auto* es = z->add_subcommand("export-solidity", "Write a Solidity verifier contract (snarkjs's interface)");
  es->add_option("zkey", files->first, "proving key (.zkey)")->required()->check(CLI::ExistingFile);
  es->add_option("verifier", files->second, "output (Verifier.sol)")->required();
  es->callback([&ctx, files] { ctx.exit_code = run_export_solidity(files->first, files->second, ctx); });
}

}  // namespace zkc::cli
