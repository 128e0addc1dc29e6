// SPDX-License-Identifier: MIT
// Test-only harness of contracts/InterestRate.sol (tests/evm/rate_test.mjs): external functions over the
// library's internal ones, with the parameters as uint256[7] = [base, slope1, slope2, optimal, rMax,
// kPerDay, lambdaPerDay] (WAD). Not deployed anywhere but the test's in-memory EVM.
pragma solidity ^0.8.24;

import {InterestRate} from "./InterestRate.sol";

contract RateHarness {
    function _params(uint256[7] calldata p) private pure returns (InterestRate.Params memory) {
        return InterestRate.Params(p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
    }

    function validate(uint256[7] calldata p) external pure {
        InterestRate.validate(_params(p));
    }

    function utilizationRate(uint256[7] calldata p, uint256 uWad) external pure returns (uint256) {
        InterestRate.Params memory q = _params(p);
        InterestRate.validate(q);
        return InterestRate.utilizationRate(q, uWad);
    }

    function rate(uint256[7] calldata p, uint256 scoreWad, uint256 uWad, uint64 elapsedSeconds)
        external
        pure
        returns (uint256)
    {
        return InterestRate.rate(_params(p), scoreWad, uWad, elapsedSeconds);
    }

    /// @notice rate() (WAD), the same rate before rounding (1e36), and the gas of the rate() call alone.
    function evaluate(uint256[7] calldata p, uint256 scoreWad, uint256 uWad, uint64 elapsedSeconds)
        external
        view
        returns (uint256 rateWad, uint256 rateX36, uint256 gasUsed)
    {
        InterestRate.Params memory q = _params(p);
        uint256 before = gasleft();
        rateWad = InterestRate.rate(q, scoreWad, uWad, elapsedSeconds);
        gasUsed = before - gasleft();
        rateX36 = InterestRate.rateAtX36(InterestRate.terms(q, scoreWad, uWad), elapsedSeconds);
    }

    /// @notice evaluate() at 12 scores at once (the test's grid of s), to save calls.
    function evaluateScores(uint256[7] calldata p, uint256[12] calldata scoreWad, uint256 uWad, uint64 elapsedSeconds)
        external
        view
        returns (uint256[12] memory rateWad, uint256[12] memory rateX36, uint256[12] memory gasUsed)
    {
        InterestRate.Params memory q = _params(p);
        for (uint256 i = 0; i < 12; ++i) {
            uint256 before = gasleft();
            rateWad[i] = InterestRate.rate(q, scoreWad[i], uWad, elapsedSeconds);
            gasUsed[i] = before - gasleft();
            rateX36[i] = InterestRate.rateAtX36(InterestRate.terms(q, scoreWad[i], uWad), elapsedSeconds);
        }
    }

    function terms(uint256[7] calldata p, uint256 scoreWad, uint256 uWad)
        external
        pure
        returns (uint64 startRate, uint128 spreadX36, uint128 decayX36)
    {
        InterestRate.Params memory q = _params(p);
        InterestRate.validate(q);
        InterestRate.Terms memory t = InterestRate.terms(q, scoreWad, uWad);
        return (t.startRate, t.spreadX36, t.decayX36);
    }

    function oneMinusExpNeg(uint256 x) external pure returns (uint256) {
        return InterestRate.oneMinusExpNeg(x);
    }

    function ln2() external pure returns (uint256) {
        return InterestRate.LN2_X36;
    }
}

/// @notice Test-only stand-in for the credit verifier: accepts every proof, so rate_test.mjs can open
/// loans in a LendingPool at chosen scores without the credit keys.
contract AcceptAllVerifier {
    function verifyProof(uint256[2] calldata, uint256[2][2] calldata, uint256[2] calldata, uint256[6] calldata)
        external
        pure
        returns (bool)
    {
        return true;
    }
}
