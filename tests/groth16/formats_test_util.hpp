// Helpers for the .r1cs/.wtns/.zkey tests: fixture loading, and a Container that splits an iden3
// binary file into its sections so tests can drop, repeat, reorder, shorten or patch them and
// write the file back (a second, deliberately naive, implementation of the container layout).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "testing/testing.hpp"
#include "zkc/base/result.hpp"

namespace zkc::groth16::formats::test {

using Bytes = std::vector<std::uint8_t>;

inline Bytes load_fixture(const std::string& name) {
  std::ifstream in(zkc::testing::data_path("groth16/formats/" + name), std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing fixture " << name;
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::string fixture_path(const std::string& name) {
  return zkc::testing::data_path("groth16/formats/" + name);
}

inline std::uint32_t get_u32(const Bytes& b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | b.at(at + i);
  return v;
}
inline void put_u32(Bytes& b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b.at(at + i) = static_cast<std::uint8_t>(v >> (8 * i));
}
inline void put_u64(Bytes& b, std::size_t at, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) b.at(at + i) = static_cast<std::uint8_t>(v >> (8 * i));
}

struct Container {
  std::string magic;
  std::uint32_t version = 0;
  std::vector<std::pair<std::uint32_t, Bytes>> sections;

  static Container split(const Bytes& b) {
    Container c;
    c.magic.assign(b.begin(), b.begin() + 4);
    c.version = get_u32(b, 4);
    const std::uint32_t n = get_u32(b, 8);
    std::size_t pos = 12;
    for (std::uint32_t i = 0; i < n; ++i) {
      const std::uint32_t type = get_u32(b, pos);
      std::uint64_t len = 0;
      for (int k = 7; k >= 0; --k) len = (len << 8) | b.at(pos + 4 + k);
      c.sections.emplace_back(type, Bytes(b.begin() + pos + 12, b.begin() + pos + 12 + len));
      pos += 12 + len;
    }
    EXPECT_EQ(pos, b.size());
    return c;
  }

  Bytes join() const {
    Bytes out(magic.begin(), magic.end());
    out.resize(12);
    put_u32(out, 4, version);
    put_u32(out, 8, static_cast<std::uint32_t>(sections.size()));
    for (const auto& [type, data] : sections) {
      const std::size_t at = out.size();
      out.resize(at + 12);
      put_u32(out, at, type);
      put_u64(out, at + 4, data.size());
      out.insert(out.end(), data.begin(), data.end());
    }
    return out;
  }

  // The payload of the (first) section of this type.
  Bytes& get(std::uint32_t type) {
    for (auto& [t, data] : sections)
      if (t == type) return data;
    ADD_FAILURE() << "no section " << type;
    static Bytes none;
    return none;
  }
  // The file offset of the payload of the first section of this type.
  std::size_t payload_offset(std::uint32_t type) const {
    std::size_t pos = 12;
    for (const auto& [t, data] : sections) {
      if (t == type) return pos + 12;
      pos += 12 + data.size();
    }
    ADD_FAILURE() << "no section " << type;
    return 0;
  }
  void remove(std::uint32_t type) {
    std::erase_if(sections, [type](const auto& s) { return s.first == type; });
  }
};

// Expects an error whose message contains every one of `parts`.
template <class R>
void expect_error(const R& r, std::initializer_list<const char*> parts, const char* context = "") {
  ASSERT_FALSE(r.ok()) << context << ": accepted";
  for (const char* p : parts)
    EXPECT_NE(r.error().message.find(p), std::string::npos)
        << context << ": message '" << r.error().message << "' lacks '" << p << "'";
}

// A fresh directory under the system temp dir, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() / ("zkc_formats_" + std::to_string(::getpid()) + "_" +
                                                      std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace zkc::groth16::formats::test
