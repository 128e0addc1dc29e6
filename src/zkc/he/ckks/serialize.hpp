// Serialization of CKKS parameters (small, human-editable JSON) and of every CKKS object (a binary format),
// with validation of everything loaded: a loaded object is well formed for the given Context or an error
// names what was wrong and where (byte offset or JSON field). Format: docs/HE.md, "File formats".
//
// Binary layout, all integers little-endian (offsets in bytes):
//    0  6  magic "ZKCKKS"
//    6  2  format version (kFormatVersion)
//    8  2  kind (ObjectKind)
//   10  2  reserved, 0
//   12  4  ring degree N
//   16  8  Context::fingerprint() of the parameters the object was made for
//   24  4  rows per polynomial: l + 1 (ciphertext, plaintext at level l), L + 1 (public key), L + 2 (secret,
//          relinearization and Galois keys, whose last row is the special prime)
//   28  4  count: ciphertext parts (2 or 3), 1 (plaintext, secret key), 2 (public key), L + 1 (the digits of
//   a
//          relinearization key), number of Galois elements (Galois keys)
//   32  8  scale, IEEE-754 binary64 (ciphertext and plaintext: finite, > 0; keys: 0)
//   40     body: polynomials, each `rows` rows of N u64 residues (row i modulo context prime i), NTT domain.
//          ciphertext c0, c1[, c2]; plaintext m; public key b, a; secret key s;
//          relinearization key b_0, a_0, ..., b_L, a_L; Galois keys, by increasing element g:
//          u64 g, then b_0, a_0, ..., b_L, a_L.
// Invariants checked on load: every residue < its prime; the secret key is ternary (the same value in
// {-1, 0, 1} modulo every prime after the inverse NTT); Galois elements are rotations 3^k mod 2N (k != 0)
// or the conjugation 2N - 1, strictly increasing. Secret-key buffers are wiped by the file helpers; the
// caller of save_secret_key owns the returned secret bytes and should secure_wipe them.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/he/ckks/keys.hpp"

namespace zkc::he::ckks {

// ---- parameters as JSON ---------------------------------------------------------------------------
// {"format": "zkcredit-ckks-params", "version": 1, "ring_degree": 8192, "prime_bits": [60, 40, 40, 60],
//  "scale_log2": 40, "insecure_testing": false}
// "scale_log2" (an integer) or "scale" (a number), exactly one; "insecure_testing" may be left out (false).
// Unknown fields are refused, so a misspelt field never passes silently.
inline constexpr std::string_view kParamsFormat = "zkcredit-ckks-params";
inline constexpr int kParamsVersion = 1;
// At most this many primes in "prime_bits" (SEAL's bound on the coefficient modulus count,
// SEAL_COEFF_MOD_COUNT_MAX in native/src/seal/util/defines.h), which also bounds a hostile file's memory.
inline constexpr std::size_t kMaxPrimes = 64;

nlohmann::json parameters_to_json(const Parameters& params);  // scale_log2 when the scale is 2^k
// The same, one field a line in the order above (what write_parameters writes).
std::string parameters_to_text(const Parameters& params);
// Shape and types only. Errors (kBadFormat): "<source>: <field>: <what>".
Result<Parameters> parameters_from_json(const nlohmann::json& j, const std::string& source);
// The above, then Context::create (its checks apply; its error is prefixed with the source).
Result<ContextPtr> context_from_json(const nlohmann::json& j, const std::string& source);
Result<ContextPtr> context_from_json_text(std::string_view text, const std::string& source);
Result<ContextPtr> read_parameters(const std::string& path);
Status write_parameters(const Parameters& params, const std::string& path);

// ---- binary objects -------------------------------------------------------------------------------
inline constexpr char kMagic[6] = {'Z', 'K', 'C', 'K', 'K', 'S'};
inline constexpr std::uint16_t kFormatVersion = 1;
inline constexpr std::size_t kHeaderSize = 40;

enum class ObjectKind : std::uint16_t {
  kCiphertext = 1,
  kPlaintext = 2,
  kPublicKey = 3,
  kSecretKey = 4,
  kRelinKey = 5,
  kGaloisKeys = 6,
};
const char* object_kind_name(ObjectKind kind);  // "ciphertext", "public key", ...

// save_*: the object must be well formed for `ctx` (a bug otherwise: asserts).
std::vector<std::uint8_t> save_ciphertext(const Context& ctx, const Ciphertext& ct);
std::vector<std::uint8_t> save_plaintext(const Context& ctx, const Plaintext& pt);
std::vector<std::uint8_t> save_public_key(const Context& ctx, const PublicKey& pk);
std::vector<std::uint8_t> save_secret_key(const Context& ctx, const SecretKey& sk);  // secret bytes: wipe
std::vector<std::uint8_t> save_relin_key(const Context& ctx, const RelinKey& rk);
std::vector<std::uint8_t> save_galois_keys(const Context& ctx, const GaloisKeys& gk);

// load_*: errors "ckks <kind>: offset <o>: <what>" (kBadFormat, kBadLength, kInvalidArgument for
// another kind or other parameters, kNotCanonical for residues, ternarity, Galois elements).
Result<Ciphertext> load_ciphertext(const Context& ctx, std::span<const std::uint8_t> bytes);
Result<Plaintext> load_plaintext(const Context& ctx, std::span<const std::uint8_t> bytes);
Result<PublicKey> load_public_key(const Context& ctx, std::span<const std::uint8_t> bytes);
Result<SecretKey> load_secret_key(const Context& ctx, std::span<const std::uint8_t> bytes);
Result<RelinKey> load_relin_key(const Context& ctx, std::span<const std::uint8_t> bytes);
Result<GaloisKeys> load_galois_keys(const Context& ctx, std::span<const std::uint8_t> bytes);

// Files: written atomically (the secret key with mode 0600, its buffer wiped); errors from reading are
// prefixed with the path.
Status write_ciphertext(const Context& ctx, const Ciphertext& ct, const std::string& path);
Status write_plaintext(const Context& ctx, const Plaintext& pt, const std::string& path);
Status write_public_key(const Context& ctx, const PublicKey& pk, const std::string& path);
Status write_secret_key(const Context& ctx, const SecretKey& sk, const std::string& path);
Status write_relin_key(const Context& ctx, const RelinKey& rk, const std::string& path);
Status write_galois_keys(const Context& ctx, const GaloisKeys& gk, const std::string& path);
Result<Ciphertext> read_ciphertext(const Context& ctx, const std::string& path);
Result<Plaintext> read_plaintext(const Context& ctx, const std::string& path);
Result<PublicKey> read_public_key(const Context& ctx, const std::string& path);
Result<SecretKey> read_secret_key(const Context& ctx, const std::string& path);
Result<RelinKey> read_relin_key(const Context& ctx, const std::string& path);
Result<GaloisKeys> read_galois_keys(const Context& ctx, const std::string& path);

}  // namespace zkc::he::ckks
