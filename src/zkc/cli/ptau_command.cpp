// `zkcredit ptau new|contribute|beacon|prepare|verify`: a Powers-of-Tau ceremony whose files snarkjs
// 0.7 reads and verifies (groth16/ptau.hpp). Hashes print as snarkjs prints them (four rows of four
// 32-bit words). Exit codes: 0 success / valid, 1 invalid (verify), 2 bad input.
#include <chrono>
#include <string>
#include <vector>

#include "zkc/cli/command.hpp"
#include "zkc/groth16/ptau.hpp"

namespace zkc::cli {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct ContributeArgs {
  std::string in, out, name, entropy;
};
struct BeaconArgs {
  std::string in, out, hash, name;
  unsigned exp = 10;
};
struct Files {
  std::string in, out;
  unsigned power = 0;
};

int run_new(const Files& a, Context& ctx) {
  Progress progress(ctx, "ptau new");
  if (Status s = groth16::ptau_new(a.power, a.out, std::ref(progress)); !s) return ctx.fail(s.error());
  ctx.out << "First contribution hash:\n" << format_hash(groth16::mpc::first_challenge_hash(a.power));
  return kExitOk;
}

int print_contribution(const groth16::PtauContributeResult& r, Context& ctx) {
  if (r.dropped_lagrange)
    ctx.err << "zkcredit: note: the input was prepared for phase 2; run `zkcredit ptau prepare` on the output\n";
  ctx.out << "Contribution response hash:\n"
          << format_hash(r.response_hash) << "Next challenge hash:\n"
          << format_hash(r.next_challenge);
  return kExitOk;
}

int run_contribute(const ContributeArgs& a, Context& ctx) {
  Progress progress(ctx, "ptau contribute");
  auto r = groth16::ptau_contribute(a.in, a.out, {a.name, a.entropy}, std::ref(progress));
  if (!r) return ctx.fail(r.error());
  return print_contribution(r.value(), ctx);
}

int run_beacon(const BeaconArgs& a, Context& ctx) {
  std::string h = a.hash;
  if (h.rfind("0x", 0) == 0) h = h.substr(2);
  std::vector<std::uint8_t> bytes;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (h.empty() || h.size() % 2 != 0)
    return ctx.fail(
        make_error(Errc::kBadFormat, "beacon hash '" + a.hash + "' is not an even number of hex digits"));
  for (std::size_t i = 0; i < h.size(); i += 2) {
    const int hi = digit(h[i]), lo = digit(h[i + 1]);
    if (hi < 0 || lo < 0)
      return ctx.fail(make_error(Errc::kBadFormat, "beacon hash '" + a.hash + "' is not hexadecimal"));
    bytes.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
  }
  Progress progress(ctx, "ptau beacon");
  auto r = groth16::ptau_beacon(a.in, a.out, bytes, a.exp, a.name, std::ref(progress));
  if (!r) return ctx.fail(r.error());
  return print_contribution(r.value(), ctx);
}

int run_prepare(const Files& a, Context& ctx) {
  const auto t0 = Clock::now();
  Progress progress(ctx, "ptau prepare");
  if (Status s = groth16::ptau_prepare(a.in, a.out, std::ref(progress)); !s) return ctx.fail(s.error());
  ctx.err << "zkcredit: prepared " << a.out << " in " << seconds_since(t0) << " s\n";
  return kExitOk;
}

int run_verify(const Files& a, Context& ctx) {
  Progress progress(ctx, "ptau verify");
  auto r = groth16::ptau_verify(a.in, std::ref(progress));
  if (!r) return ctx.fail(r.error());
  const auto& v = r.value();
  ctx.out << "power " << v.power << " (ceremony power " << v.ceremony_power << "), "
          << (v.has_lagrange ? "prepared for phase 2" : "not prepared for phase 2") << "\n";
  for (const auto& c : v.contributions) {
    ctx.out << "contribution #" << c.id << (c.name.empty() ? "" : ": " + c.name)
            << (c.type == 1 ? " (random beacon, 2^" + std::to_string(c.num_iterations_exp) + " iterations)"
                            : "")
            << "\n  response hash:\n"
            << format_hash(c.response_hash) << "  next challenge:\n"
            << format_hash(c.next_challenge);
  }
  if (!v.valid) {
    ctx.out << "invalid: " << v.failure << "\n";
    return kExitFailure;
  }
  ctx.out << "Next challenge hash:\n" << format_hash(v.next_challenge) << "valid\n";
  return kExitOk;
}

}  // namespace

void add_ptau_commands(CLI::App& app, Context& ctx) {
  auto* g =
      app.add_subcommand("ptau", "Powers-of-Tau ceremony files that snarkjs 0.7 accepts (.ptau, bn128)");
  g->require_subcommand(1);

  auto nw = std::make_shared<Files>();
  auto* n =
      g->add_subcommand("new", "Start a ceremony: every point is the generator (snarkjs powersoftau new)");
  n->add_option("power", nw->power, "log2 of the largest circuit domain")
      ->required()
      ->check(CLI::Range(1, 28));
  n->add_option("out", nw->out, "output .ptau")->required();
  n->callback([&ctx, nw] { ctx.exit_code = run_new(*nw, ctx); });

  auto ca = std::make_shared<ContributeArgs>();
  auto* c = g->add_subcommand("contribute", "Add a contribution with secrets from the CSPRNG");
  c->add_option("in", ca->in, "input .ptau")->required()->check(CLI::ExistingFile);
  c->add_option("out", ca->out, "output .ptau")->required();
  c->add_option("--name,-n", ca->name, "name recorded with the contribution");
  c->add_option("--entropy,-e", ca->entropy, "extra entropy mixed into the CSPRNG output");
  c->callback([&ctx, ca] { ctx.exit_code = run_contribute(*ca, ctx); });

  auto ba = std::make_shared<BeaconArgs>();
  auto* b =
      g->add_subcommand("beacon", "Add a public random-beacon contribution (snarkjs powersoftau beacon)");
  b->add_option("in", ba->in, "input .ptau")->required()->check(CLI::ExistingFile);
  b->add_option("out", ba->out, "output .ptau")->required();
  b->add_option("beacon_hash", ba->hash, "beacon value, hexadecimal")->required();
  b->add_option("num_iterations_exp", ba->exp, "log2 of the SHA-256 iterations")
      ->required()
      ->check(CLI::Range(10, 63));
  b->add_option("--name,-n", ba->name, "name recorded with the contribution");
  b->callback([&ctx, ba] { ctx.exit_code = run_beacon(*ba, ctx); });

  auto pa = std::make_shared<Files>();
  auto* p = g->add_subcommand("prepare",
                              "Add the Lagrange sections phase 2 needs (snarkjs powersoftau prepare phase2)");
  p->add_option("in", pa->in, "input .ptau")->required()->check(CLI::ExistingFile);
  p->add_option("out", pa->out, "output .ptau")->required();
  p->callback([&ctx, pa] { ctx.exit_code = run_prepare(*pa, ctx); });

  auto va = std::make_shared<Files>();
  auto* v = g->add_subcommand("verify", "Verify a ceremony file: exit 0 valid, 1 invalid, 2 bad input");
  v->add_option("in", va->in, "the .ptau to verify")->required();
  v->callback([&ctx, va] { ctx.exit_code = run_verify(*va, ctx); });
}

}  // namespace zkc::cli
