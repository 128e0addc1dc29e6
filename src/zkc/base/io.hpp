// File I/O helpers: whole-file reads, read-only memory maps for large inputs (proving keys), and
// atomic writes (a temporary file in the same directory, fsync, then rename), so a failed or
// interrupted write never leaves a half-written file behind. Errors name the path (Errc::kIo).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "zkc/base/result.hpp"

namespace zkc {

// The whole file; error if it cannot be opened or read.
Result<std::vector<std::uint8_t>> read_file(const std::string& path);
Result<std::string> read_text_file(const std::string& path);

// Writes `data` to `path` atomically: `path` either keeps its old content or gets all of `data`.
// `mode`: the file's permissions (0600 for secrets: the temporary file is created 0600, so the data
// is never readable by others at any point).
Status write_file_atomic(const std::string& path, std::span<const std::uint8_t> data, unsigned mode = 0644);
Status write_text_file_atomic(const std::string& path, std::string_view text, unsigned mode = 0644);

// A read-only private memory map of a whole file (an empty file maps to an empty span).
// Move-only; unmaps on destruction.
class MappedFile {
 public:
  static Result<MappedFile> open(const std::string& path);
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::span<const std::uint8_t> bytes() const { return {data_, size_}; }
  // Tells the kernel the whole pages inside `range` (a part of bytes()) will not be read again, so
  // they stop counting toward the process's memory (a reader decoding a large file section by
  // section keeps its peak at the decoded data plus one section). Reading them again still works:
  // the pages are read back from the file.
  void release(std::span<const std::uint8_t> range) const;
  const std::string& path() const { return path_; }

 private:
  MappedFile() = default;
  void reset();
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  std::string path_;
};

}  // namespace zkc
