// File helpers: atomic writes replace a file whole or not at all, reads and maps return exactly the
// bytes, errors name the path, released pages of a map read back unchanged.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "zkc/base/io.hpp"

namespace zkc {
namespace {

// A fresh directory per test (and process).
std::string temp_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto dir = std::filesystem::temp_directory_path() /
                   ("zkc_io_test_" + std::to_string(::getpid()) + "_" + info->name());
  std::filesystem::create_directories(dir);
  return dir.string();
}

TEST(Io, AtomicWriteThenRead) {
  const std::string path = temp_dir() + "/a.bin";
  std::vector<std::uint8_t> data(100000);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 31 + 7);
  ASSERT_TRUE(write_file_atomic(path, data));
  EXPECT_EQ(read_file(path).value(), data);
  // Overwrite with shorter content: no trailing bytes of the old file survive, no temp file is left.
  ASSERT_TRUE(write_text_file_atomic(path, "hello"));
  EXPECT_EQ(read_text_file(path).value(), "hello");
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(temp_dir())) ++entries;
  EXPECT_EQ(entries, 1u);
}

TEST(Io, ErrorsNameThePath) {
  const auto missing = read_file("/nonexistent/zkc/file.bin");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Errc::kIo);
  EXPECT_NE(missing.error().message.find("/nonexistent/zkc/file.bin"), std::string::npos);
  const Status s = write_text_file_atomic("/nonexistent/zkc/out.json", "x");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("/nonexistent/zkc/out.json"), std::string::npos);
  EXPECT_FALSE(read_file(temp_dir()).ok());  // a directory
  EXPECT_FALSE(MappedFile::open(temp_dir()).ok());
}

TEST(Io, MapAndRelease) {
  const std::string path = temp_dir() + "/m.bin";
  std::vector<std::uint8_t> data(5 * 4096 + 123);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i ^ (i >> 8));
  ASSERT_TRUE(write_file_atomic(path, data));
  auto m = MappedFile::open(path);
  ASSERT_TRUE(m.ok());
  const auto bytes = m.value().bytes();
  ASSERT_EQ(bytes.size(), data.size());
  EXPECT_TRUE(std::equal(bytes.begin(), bytes.end(), data.begin()));
  m.value().release(bytes.subspan(100, 3 * 4096));  // unaligned range: only whole inner pages go
  m.value().release(bytes);
  EXPECT_TRUE(std::equal(bytes.begin(), bytes.end(), data.begin()));  // read back from the file
  MappedFile moved = std::move(m).value();
  EXPECT_EQ(moved.bytes().size(), data.size());
  ASSERT_TRUE(write_file_atomic(temp_dir() + "/empty.bin", {}));
  EXPECT_TRUE(MappedFile::open(temp_dir() + "/empty.bin").value().bytes().empty());
}

}  // namespace
}  // namespace zkc
