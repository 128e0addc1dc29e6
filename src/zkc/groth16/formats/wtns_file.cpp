#include "zkc/groth16/formats/wtns_file.hpp"

#include "zkc/base/io.hpp"
#include "zkc/base/random.hpp"
#include "zkc/groth16/formats/binfile.hpp"

namespace zkc::groth16::formats {
namespace {

constexpr char kMagic[4] = {'w', 't', 'n', 's'};
constexpr std::uint32_t kVersion = 2;
constexpr std::uint32_t kHeader = 1, kValues = 2;

}  // namespace

Result<std::vector<Fr>> parse_wtns(std::span<const std::uint8_t> bytes, const std::string& name) {
  ZKC_TRY(BinFile bin, BinFile::parse(bytes, kMagic, kVersion, name));
  if (Status s = bin.expect_known_sections(kValues); !s) return s.error();
  ZKC_TRY(ByteReader h, bin.reader(kHeader));
  if (Status s = read_prime(h, Fr::kModulus, "section 1 (header): prime", "the BN254 scalar field r"); !s)
    return s.error();
  const std::uint64_t count_at = h.offset();
  ZKC_TRY(std::uint32_t n, h.u32("section 1 (header): nWitness"));
  if (Status s = h.expect_end("section 1 (header)"); !s) return s.error();

  ZKC_TRY(ByteReader v, bin.reader(kValues));
  if (v.remaining() != std::uint64_t{n} * kFieldBytes)
    return h.error_at(count_at, Errc::kBadLength,
                      "section 1 (header): nWitness = " + std::to_string(n) + " needs " +
                          std::to_string(std::uint64_t{n} * kFieldBytes) + " bytes, section 2 (values) has " +
                          std::to_string(v.remaining()));
  std::vector<Fr> w;
  w.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    auto x = v.fr_normal("value");
    if (!x.ok()) return in_context(x.error(), name, "section 2 (values): witness " + std::to_string(i));
    w.push_back(x.value());
  }
  return w;
}

Result<std::vector<Fr>> read_wtns(const std::string& path) {
  ZKC_TRY(auto bytes, read_file(path));
  auto w = parse_wtns(bytes, path);
  secure_wipe(bytes.data(), bytes.size());
  return w;
}

std::vector<std::uint8_t> serialize_wtns(std::span<const Fr> witness) {
  ZKC_ASSERT(witness.size() <= UINT32_MAX);
  BinWriter bw(kMagic, kVersion, 2);
  bw.reserve(76 + witness.size() * kFieldBytes);  // no reallocation leaves copies behind
  ByteWriter& h = bw.begin_section(kHeader);
  write_prime(h, Fr::kModulus);
  h.u32(static_cast<std::uint32_t>(witness.size()));
  bw.end_section();
  ByteWriter& v = bw.begin_section(kValues);
  for (const Fr& x : witness) v.fr_normal(x);
  bw.end_section();
  return bw.release();
}

Status write_wtns(std::span<const Fr> witness, const std::string& path) {
  if (witness.size() > UINT32_MAX)
    return make_error(Errc::kInvalidArgument, path + ": " + std::to_string(witness.size()) +
                                                  " witness values do not fit the format's u32 count");
  auto bytes = serialize_wtns(witness);
  Status s = write_file_atomic(path, bytes, 0600);  // a witness is secret
  secure_wipe(bytes.data(), bytes.size());
  return s;
}

}  // namespace zkc::groth16::formats
