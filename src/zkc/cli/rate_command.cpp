// `zkcredit rate`: the borrower's interest rate from her risk score (lending/interest_rate.hpp), at one
// point or as a table of the rate against the score.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "zkc/cli/command.hpp"
#include "zkc/lending/interest_rate.hpp"

namespace zkc::cli {

namespace {

struct RateArgs {
  double score = -1, utilization = 0.5, days = 30;
  bool table = false, json_output = false, numeric = false;
  lending::RateModel model;
};

std::string percent(double r) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f %%", 100 * r);
  return buf;
}

int run_rate(const RateArgs& a, Context& ctx) {
  auto rate = [&](double s) {
    return a.numeric ? lending::interest_rate_numeric(a.model, s, a.utilization, a.days)
                     : lending::interest_rate(a.model, s, a.utilization, a.days);
  };
  if (auto s = lending::validate(a.model); !s) return ctx.fail(s.error());
  if (!a.table && a.score < 0)
    return ctx.fail(make_error(Errc::kInvalidArgument,
                               "--score is required (or --table for the rate against the score)"));
  if (a.table) {
    nlohmann::json rows = nlohmann::json::array();
    if (!a.json_output)
      ctx.out << "utilization " << a.utilization << ", after " << a.days << " days (base rate "
              << percent(lending::utilization_rate(a.model.curve, std::clamp(a.utilization, 0.0, 1.0)))
              << ")\n"
              << "score    rate\n";
    for (int i = 0; i <= 10; ++i) {
      const double s = i / 10.0;
      auto r = rate(s);
      if (!r) return ctx.fail(r.error());
      if (a.json_output)
        rows.push_back({{"score", s}, {"rate", r.value()}});
      else
        ctx.out << (i == 10 ? std::string("1.0") : "0." + std::to_string(i)) << "     " << percent(r.value()) << "\n";
    }
    if (a.json_output) ctx.out << rows.dump(1) << "\n";
    return kExitOk;
  }
  auto r = rate(a.score);
  if (!r) return ctx.fail(r.error());
  const double base = lending::utilization_rate(a.model.curve, a.utilization);
  if (a.json_output) {
    ctx.out << nlohmann::json{{"score", a.score},
                              {"utilization", a.utilization},
                              {"days", a.days},
                              {"base_rate", base},
                              {"rate", r.value()}}
                   .dump(1)
            << "\n";
    return kExitOk;
  }
  ctx.out << "rate " << percent(r.value()) << " (score " << a.score << ", utilization " << a.utilization
          << ", after " << a.days << " days; the pool's base rate is " << percent(base) << ")\n";
  return kExitOk;
}

}  // namespace

void add_rate_command(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<RateArgs>();
  auto* r =
      app.add_subcommand("rate", "The borrower's interest rate from her risk score (annual; see --help)");
  r->add_option("--score", args->score, "verified risk score s in [0, 1]");
  r->add_option("--utilization", args->utilization, "the pool's utilization U in [0, 1]")
      ->capture_default_str();
  r->add_option("--days", args->days, "time t since the loan started, in days")->capture_default_str();
  r->add_flag("--table", args->table, "print the rate against the score (0, 0.1, ..., 1)");
  r->add_flag("--numeric", args->numeric,
              "integrate the ODE (Dormand-Prince 5(4)) instead of the closed form");
  r->add_flag("--json", args->json_output, "print JSON");
  r->add_option("--r-max", args->model.r_max, "rate a maximal risk pushes toward")->capture_default_str();
  r->add_option("--k", args->model.k, "risk sensitivity, per day")->capture_default_str();
  r->add_option("--lambda", args->model.lambda, "decay toward the utilization rate, per day")
      ->capture_default_str();
  r->add_option("--base", args->model.curve.base, "utilization curve: rate at U = 0")->capture_default_str();
  r->add_option("--slope1", args->model.curve.slope1, "utilization curve: slope below U_opt")
      ->capture_default_str();
  r->add_option("--slope2", args->model.curve.slope2, "utilization curve: slope above U_opt")
      ->capture_default_str();
  r->add_option("--u-opt", args->model.curve.optimal, "utilization curve: optimal utilization U_opt")
      ->capture_default_str();
  r->callback([args, &ctx] { ctx.exit_code = run_rate(*args, ctx); });
}

}  // namespace zkc::cli
