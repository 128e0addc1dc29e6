// `zkcredit collateral commit|prove|verify`: the collateral statement C >= r_c * L with Pedersen
// commitments and a Bulletproofs range proof (lending/collateral_range.hpp), no trusted setup.
// verify exits 0 valid, 1 invalid, 2 bad input, like the SNARK verifier.
#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "zkc/base/io.hpp"
#include "zkc/cli/command.hpp"
#include "zkc/commit/generators.hpp"
#include "zkc/lending/collateral_range.hpp"

namespace zkc::cli {

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr const char* kOpeningFile = "opening.json";
constexpr const char* kCommitmentsFile = "commitments.json";

// Builds the generators and their tables for an n-bit collateral proof (once per process) and returns
// the milliseconds it took, so that the proof's own time is printed apart from it.
double warm_generators(unsigned bits) {
  const auto t0 = Clock::now();
  if (lending::valid_collateral_bits(bits))
    commit::BulletproofGens::tables(bits * lending::kCollateralRangeValues);
  return ms_since(t0);
}

Result<json> read_json(const std::string& path) {
  ZKC_TRY(const std::string text, read_text_file(path));
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return make_error(Errc::kBadFormat, path + ": not valid JSON");
  return j;
}

// --- commit ---------------------------------------------------------------------------------------

struct CommitArgs {
  std::uint64_t collateral = 0, loan = 0;
  std::string out;
  bool force = false;
};

int run_commit(const CommitArgs& a, Context& ctx) {
  const auto t0 = Clock::now();
  // The amounts are checked against 64 bits here; prove checks them against its n.
  auto opening = lending::open_collateral(a.collateral, a.loan, 64);
  if (!opening) return ctx.fail(opening.error());
  const std::string opening_path = join_path(a.out, kOpeningFile);
  if (!a.force && std::filesystem::exists(opening_path))
    return ctx.fail(
        make_error(Errc::kInvalidArgument,
                   opening_path + " exists: it may be the only copy of an opening (use --force)"));
  if (auto s = make_dir(a.out); !s) return ctx.fail(s.error());
  const lending::CollateralCommitments c = lending::commit_collateral(opening.value());
  std::string secret = lending::opening_to_json(opening.value()).dump(1) + "\n";
  const Status written = write_text_file_atomic(opening_path, secret, 0600);
  secure_wipe(secret.data(), secret.size());
  if (!written) return ctx.fail(written.error());
  const std::string commitments_path = join_path(a.out, kCommitmentsFile);
  const json public_part = lending::commitments_to_json(c);
  if (auto s = write_text_file_atomic(commitments_path, public_part.dump(1) + "\n"); !s)
    return ctx.fail(s.error());
  ctx.out << "committed to C and L (Pedersen on ristretto255, perfectly hiding): " << ms_since(t0) << " ms\n";
  ctx.out << "  Com(C) " << public_part["collateral"].get<std::string>() << "\n";
  ctx.out << "  Com(L) " << public_part["loan"].get<std::string>() << "\n";
  ctx.out << "wrote " << commitments_path << " (give it to the pool) and " << opening_path
          << " (secret, mode 0600: amounts and blindings)\n";
  return kExitOk;
}

// --- prove ----------------------------------------------------------------------------------------

struct ProveArgs {
  std::string opening, ratio, out;
  unsigned bits = 64;
};

int run_prove(const ProveArgs& a, Context& ctx) {
  auto ratio = lending::parse_ratio(a.ratio);
  if (!ratio) return ctx.fail(ratio.error());
  auto j = read_json(a.opening);
  if (!j) return ctx.fail(j.error());
  auto opening = lending::opening_from_json(j.value(), a.opening);
  j.value() = json();
  if (!opening) return ctx.fail(opening.error());
  const double gens_ms = warm_generators(a.bits);
  const auto t0 = Clock::now();
  auto proof = lending::prove_collateral_range(opening.value(), ratio.value(), a.bits);
  if (!proof) return ctx.fail(proof.error());
  const double prove_ms = ms_since(t0);
  const lending::CollateralCommitments c = lending::commit_collateral(opening.value());
  if (auto s =
          write_text_file_atomic(a.out, lending::collateral_proof_to_json(c, proof.value()).dump(1) + "\n");
      !s)
    return ctx.fail(s.error());
  const std::size_t size = commit::RangeProof::serialized_size(a.bits, lending::kCollateralRangeValues);
  ctx.out << "proved C >= " << ratio.value().to_string() << " x L with " << a.bits
          << "-bit amounts (Bulletproofs, m = 4: C, L - 1, gap low, gap high): " << prove_ms
          << " ms (generator tables, once per process: " << gens_ms << " ms)\n";
  ctx.out << "  proof " << size << " bytes + Com(gap high) 32 bytes; hidden: C, L and the gap\n";
  ctx.out << "wrote " << a.out << "\n";
  return kExitOk;
}

// --- verify ---------------------------------------------------------------------------------------

struct VerifyArgs {
  std::string proof, commitments, ratio;
  bool json_output = false;
};

int run_verify(const VerifyArgs& a, Context& ctx) {
  auto required = lending::parse_ratio(a.ratio);
  if (!required) return ctx.fail(required.error());
  auto cj = read_json(a.commitments);
  if (!cj) return ctx.fail(cj.error());
  auto commitments = lending::commitments_from_json(cj.value(), a.commitments);
  if (!commitments) return ctx.fail(commitments.error());
  auto invalid = [&](const std::string& why) {
    if (a.json_output)
      ctx.out << json{{"valid", false}, {"reason", why}}.dump(1) << "\n";
    else
      ctx.out << "invalid: " << why << "\n";
    return kExitFailure;
  };
  auto pj = read_json(a.proof);
  if (!pj) return ctx.fail(pj.error());
  auto file = lending::collateral_proof_from_json(pj.value(), a.proof);
  // A point or scalar that is not a valid encoding makes the proof invalid; a malformed file is bad input.
  if (!file) {
    const Errc c = file.error().code;
    const bool semantic = c == Errc::kNotCanonical || c == Errc::kNotOnCurve || c == Errc::kNotInSubgroup;
    return semantic ? invalid(file.error().message) : ctx.fail(file.error());
  }
  const lending::CollateralRangeProof& p = file.value().proof;
  if (!(file.value().commitments == commitments.value()))
    return invalid("the proof is for other commitments than " + a.commitments + "'s");
  // The proof's ratio must be at least the pool's: C >= r_proof * L >= r_pool * L.
  const auto lhs = static_cast<unsigned __int128>(p.ratio.num) * required.value().den;
  const auto rhs = static_cast<unsigned __int128>(required.value().num) * p.ratio.den;
  if (lhs < rhs)
    return invalid("the proof shows C >= " + p.ratio.to_string() + " x L, below the required " +
                   required.value().to_string());
  const double gens_ms = warm_generators(p.bits);
  const auto t0 = Clock::now();
  const Status ok = lending::verify_collateral_range(commitments.value(), p);
  const double verify_ms = ms_since(t0);
  if (!ok) return invalid(ok.error().message);
  if (a.json_output) {
    ctx.out << json{{"valid", true},
                    {"ratio", p.ratio.to_string()},
                    {"bits", p.bits},
                    {"proof_bytes",
                     commit::RangeProof::serialized_size(p.bits, lending::kCollateralRangeValues)},
                    {"verify_ms", verify_ms},
                    {"generator_tables_ms", gens_ms}}
                   .dump(1)
            << "\n";
    return kExitOk;
  }
  ctx.out << "valid\n";
  ctx.out << "collateral covers " << p.ratio.to_string() << " x loan (both private, " << p.bits
          << "-bit amounts); verified in " << verify_ms
          << " ms (generator tables, once per process: " << gens_ms << " ms)\n";
  return kExitOk;
}

}  // namespace

void add_collateral_commands(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand(
      "collateral", "Collateral proof without a trusted setup (Pedersen commitments, Bulletproofs)");
  group->require_subcommand(1);

  auto commit_args = std::make_shared<CommitArgs>();
  auto* c = group->add_subcommand(
      "commit", "Commit to collateral C and loan L (writes opening.json, commitments.json)");
  c->add_option("--collateral", commit_args->collateral, "collateral C (integer units, < 2^64)")->required();
  c->add_option("--loan", commit_args->loan, "loan L (integer units, 1 <= L <= 2^64 - 1)")->required();
  c->add_option("--out", commit_args->out, "output directory")->required();
  c->add_flag("--force", commit_args->force, "overwrite an existing opening.json");
  c->callback([commit_args, &ctx] { ctx.exit_code = run_commit(*commit_args, ctx); });

  auto prove_args = std::make_shared<ProveArgs>();
  auto* p = group->add_subcommand("prove", "Prove C >= ratio x L from an opening (writes the proof file)");
  p->add_option("--opening", prove_args->opening, "opening.json (zkcredit collateral commit)")->required();
  p->add_option("--ratio", prove_args->ratio, "collateral ratio r_c, num/den or decimal")->required();
  p->add_option("--bits", prove_args->bits, "amount width n: 8, 16, 32 or 64 (num, den < 2^n too)")
      ->capture_default_str();
  p->add_option("--out", prove_args->out, "proof file to write (JSON)")->required();
  p->callback([prove_args, &ctx] { ctx.exit_code = run_prove(*prove_args, ctx); });

  auto verify_args = std::make_shared<VerifyArgs>();
  auto* v =
      group->add_subcommand("verify", "Verify a collateral proof: exit 0 valid, 1 invalid, 2 bad input");
  v->add_option("--proof", verify_args->proof, "proof file (zkcredit collateral prove)")->required();
  v->add_option("--commitments", verify_args->commitments, "the borrower's commitments.json")->required();
  v->add_option("--ratio", verify_args->ratio, "the pool's required ratio; the proof's must be at least this")
      ->required();
  v->add_flag("--json", verify_args->json_output, "print the result as JSON");
  v->callback([verify_args, &ctx] { ctx.exit_code = run_verify(*verify_args, ctx); });
}

}  // namespace zkc::cli
