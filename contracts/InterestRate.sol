// SPDX-License-Identifier: MIT
// InterestRate: zkcredit's risk-driven interest rate (src/zkc/lending/interest_rate.hpp) in fixed point.
// The rate relaxes from the pool's utilization rate toward a risk-dependent level:
//   dr/dt = k s (r_max - r) - lambda (r - r_base(U)),   r(0) = r_base(U),
// with r_base Aave's two-slope curve (Aave V2 DefaultReserveInterestRateStrategy). Closed form, with
// a = k s + lambda:   r(t) = r_base + k s (r_max - r_base) (1 - e^{-a t}) / a
//                          = r_base + (r_eq - r_base) (1 - e^{-a t}),   r_eq = (k s r_max + lambda r_base) / a
// (r = r_base for all t when k s = 0, which covers a = 0). Rates are annual fractions, k and lambda per
// day, t in days = seconds / 86400. Interface values are WAD (1e18); the exponential and the terms are
// computed at X36 (1e36) and the rate is rounded once, to the nearest WAD.
// 1 - e^{-x} (x >= 0, X36): x = n ln2 + y with n = floor(x / ln2), y in [0, ln2), so
//   1 - e^{-x} = 1 - 2^{-n} (1 - g(y)),   g(y) = 1 - e^{-y} = y - y^2/2! + y^3/3! - ...  (Taylor series),
// summed until a term truncates to 0 (at most 30 terms); for n = 0 (x < ln2) this is the direct series,
// so a tiny x keeps full relative accuracy (g = x exactly once x^2/2 < 1e-36). ln 2 from OEIS A002162.
pragma solidity ^0.8.24;

/// @title The risk-driven interest rate of zkcredit's lending pool, in WAD fixed point
library InterestRate {
    /// @notice 1.0 in the interface's fixed point (rates, utilization, score, k and lambda).
    uint256 internal constant WAD = 1e18;
    /// @notice 1.0 at the internal precision of the exponential and of the loan terms.
    uint256 internal constant X36 = 1e36;
    uint256 internal constant SECONDS_PER_DAY = 86_400;
    /// @notice floor(ln 2 * 1e36); ln 2 = 0.693147180559945309417232121458176568075500134... (OEIS A002162).
    uint256 internal constant LN2_X36 = 693_147_180_559_945_309_417_232_121_458_176_568;
    /// @notice Highest rate parameter (base, slope1, slope2, rMax): 10.0, i.e. 1000 % a year. The bound
    /// keeps every product below 2^256 and every value in 64 bits (the pool's storage).
    uint256 internal constant MAX_RATE = 10e18;
    /// @notice Highest k and lambda: 10 per day.
    uint256 internal constant MAX_PER_DAY = 10e18;

    /// @notice A rate model, every field WAD. Valid iff each rate <= MAX_RATE, k and lambda <= MAX_PER_DAY,
    /// 0 < optimal < 1, and rMax >= base + slope1 + slope2 (the rules of the C++ validate).
    struct Params {
        uint256 base; // r_base(0)
        uint256 slope1; // added between U = 0 and U = optimal
        uint256 slope2; // added between U = optimal and U = 1
        uint256 optimal; // U_opt, in (0, 1)
        uint256 rMax; // the rate a maximal risk pushes toward, >= base + slope1 + slope2
        uint256 kPerDay; // risk sensitivity k
        uint256 lambdaPerDay; // decay lambda toward r_base
    }

    /// @notice What r(t) needs once s and U are fixed: r(t) = startRate + spread (1 - e^{-decay t}).
    /// The widths hold every valid model's terms (startRate <= MAX_RATE < 2^64; spread <= 1e37 and
    /// decay <= 2e37, both < 2^128).
    struct Terms {
        uint64 startRate; // r(0) = r_base(U), WAD, rounded to nearest
        uint128 spreadX36; // r_eq - r(0) = k s (rMax - startRate) / a, X36, rounded down
        uint128 decayX36; // a = k s + lambda per day, X36, exact
    }

    error BaseRateTooHigh(uint256 base);
    error Slope1TooHigh(uint256 slope1);
    error Slope2TooHigh(uint256 slope2);
    /// @notice optimal must be in (0, 1e18).
    error OptimalUtilizationOutOfRange(uint256 optimal);
    error MaxRateTooHigh(uint256 rMax);
    /// @notice rMax below base + slope1 + slope2: a riskier borrower would pay less at high utilization.
    error MaxRateBelowCurveTop(uint256 rMax, uint256 top);
    error RiskSensitivityTooHigh(uint256 kPerDay);
    error DecayRateTooHigh(uint256 lambdaPerDay);
    /// @notice A score above 1e18 (s in [0, 1]).
    error ScoreOutOfRange(uint256 scoreWad);
    /// @notice A utilization above 1e18 (U in [0, 1]).
    error UtilizationOutOfRange(uint256 uWad);

    /// @notice Reverts with the error naming the first invalid parameter (in the C++ validate's order).
    function validate(Params memory p) internal pure {
        if (p.base > MAX_RATE) revert BaseRateTooHigh(p.base);
        if (p.slope1 > MAX_RATE) revert Slope1TooHigh(p.slope1);
        if (p.slope2 > MAX_RATE) revert Slope2TooHigh(p.slope2);
        if (p.rMax > MAX_RATE) revert MaxRateTooHigh(p.rMax);
        if (p.kPerDay > MAX_PER_DAY) revert RiskSensitivityTooHigh(p.kPerDay);
        if (p.lambdaPerDay > MAX_PER_DAY) revert DecayRateTooHigh(p.lambdaPerDay);
        uint256 top = p.base + p.slope1 + p.slope2;
        if (p.rMax < top) revert MaxRateBelowCurveTop(p.rMax, top);
        if (p.optimal == 0 || p.optimal >= WAD) revert OptimalUtilizationOutOfRange(p.optimal);
    }

    /// @notice Reverts unless uWad is a utilization in [0, 1].
    function checkUtilization(uint256 uWad) internal pure {
        if (uWad > WAD) revert UtilizationOutOfRange(uWad);
    }

    /// @notice r_base(U) in WAD, rounded to nearest: base + slope1 U / U_opt for U <= U_opt, else
    /// base + slope1 + slope2 (U - U_opt) / (1 - U_opt). `p` must be valid (validate).
    function utilizationRate(Params memory p, uint256 uWad) internal pure returns (uint256) {
        checkUtilization(uWad);
        if (uWad <= p.optimal) return p.base + (p.slope1 * uWad + p.optimal / 2) / p.optimal;
        uint256 excess = WAD - p.optimal; // > 0 for a valid model
        return p.base + p.slope1 + (p.slope2 * (uWad - p.optimal) + excess / 2) / excess;
    }

    /// @notice The terms of r(t) for score s and utilization U. `p` must be valid (validate).
    function terms(Params memory p, uint256 scoreWad, uint256 uWad) internal pure returns (Terms memory t) {
        if (scoreWad > WAD) revert ScoreOutOfRange(scoreWad);
        uint256 rBase = utilizationRate(p, uWad); // <= base + slope1 + slope2 <= rMax
        uint256 ks = p.kPerDay * scoreWad; // k s at X36, exact
        uint256 a = ks + p.lambdaPerDay * WAD; // X36, exact
        // (r_eq - r_base) = k s (rMax - r_base) / a: X36 * WAD * WAD / X36 = X36; < 1e74 before the division.
        uint256 spread = ks == 0 ? 0 : (ks * (p.rMax - rBase) * WAD) / a;
        t = Terms(uint64(rBase), uint128(spread), uint128(a));
    }

    /// @notice r(elapsed) in X36 for fixed terms: startRate + spread (1 - e^{-a t}), t = elapsed / 86400 days.
    function rateAtX36(Terms memory t, uint256 elapsedSeconds) internal pure returns (uint256) {
        uint256 start = uint256(t.startRate) * WAD;
        if (t.spreadX36 == 0) return start;
        // a t in X36: a < 2^125, elapsed < 2^64 (rateAt's argument), so the product fits.
        uint256 x = (uint256(t.decayX36) * elapsedSeconds) / SECONDS_PER_DAY;
        return start + (uint256(t.spreadX36) * oneMinusExpNeg(x)) / X36;
    }

    /// @notice r(elapsed) in WAD, rounded to nearest.
    function rateAt(Terms memory t, uint64 elapsedSeconds) internal pure returns (uint256) {
        return (rateAtX36(t, elapsedSeconds) + WAD / 2) / WAD;
    }

    /// @notice The annual rate in WAD after `elapsedSeconds` for score s and utilization U (all WAD).
    /// Reverts with validate's errors, ScoreOutOfRange, UtilizationOutOfRange.
    function rate(Params memory p, uint256 scoreWad, uint256 uWad, uint64 elapsedSeconds)
        internal
        pure
        returns (uint256)
    {
        validate(p);
        return rateAt(terms(p, scoreWad, uWad), elapsedSeconds);
    }

    /// @notice 1 - e^{-x} for x >= 0, both X36. Error below 1e-34 absolute; for x < ln 2 a few units
    /// of 1e-36 (so the relative error is about 30e-36 / x).
    function oneMinusExpNeg(uint256 x) internal pure returns (uint256) {
        uint256 n = x / LN2_X36; // x = n ln2 + y
        if (n >= 120) return X36; // e^{-x} <= 2^-120 < 1e-36: below the last digit
        uint256 g = _oneMinusExpNegReduced(x - n * LN2_X36); // 1 - e^{-y}, y in [0, ln2 + 1e-34)
        if (n == 0) return g;
        return X36 - ((X36 - g) >> n); // 1 - 2^{-n} e^{-y}
    }

    /// @dev g(y) = 1 - e^{-y} = sum_{j >= 1} (-1)^{j+1} y^j / j!  for y < 1 (X36). The terms decrease, so the
    /// odd (positive) sum is at least the even one; each truncated term is within 2 units of the exact one.
    function _oneMinusExpNegReduced(uint256 y) private pure returns (uint256) {
        unchecked {
            // y < 1e36 and term <= y: every product < 1e72.
            uint256 term = y; // y^1 / 1!
            uint256 odd = y;
            uint256 even = 0;
            for (uint256 j = 2; term != 0; j += 2) {
                term = (term * y) / (j * X36); // y^j / j!
                even += term;
                term = (term * y) / ((j + 1) * X36); // y^(j+1) / (j+1)!
                odd += term;
            }
            return odd - even;
        }
    }
}
