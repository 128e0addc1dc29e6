#include "zkc/base/io.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace zkc {
namespace {

Error io_error(const std::string& what, const std::string& path) {
  return make_error(Errc::kIo, what + " '" + path + "': " + std::strerror(errno));
}

// Closes a descriptor on scope exit.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

Result<std::vector<std::uint8_t>> read_file(const std::string& path) {
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (f.fd < 0) return io_error("cannot open", path);
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) return io_error("cannot stat", path);
  if (S_ISDIR(st.st_mode)) return make_error(Errc::kIo, "cannot read '" + path + "': is a directory");
  // Read straight into the result (no intermediate buffer left holding a copy: callers read secret keys
  // with this). The vector grows only if the file grew after fstat.
  std::vector<std::uint8_t> out(static_cast<std::size_t>(st.st_size) + 1);
  std::size_t len = 0;
  for (;;) {
    if (len == out.size()) out.resize(2 * out.size() + 4096);
    const ssize_t n = ::read(f.fd, out.data() + len, out.size() - len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("cannot read", path);
    }
    if (n == 0) break;
    len += static_cast<std::size_t>(n);
  }
  out.resize(len);
  return out;
}

Result<std::string> read_text_file(const std::string& path) {
  ZKC_TRY(auto bytes, read_file(path));
  return std::string(bytes.begin(), bytes.end());
}

Status write_file_atomic(const std::string& path, std::span<const std::uint8_t> data, unsigned mode) {
  std::string tmp = path + ".tmp-XXXXXX";
  Fd f{::mkstemp(tmp.data())};
  if (f.fd < 0) return io_error("cannot create a temporary file for", path);
  auto fail = [&](const char* what) {
    Error e = io_error(what, path);
    ::unlink(tmp.c_str());
    return e;
  };
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(f.fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("cannot write");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fchmod(f.fd, static_cast<mode_t>(mode)) != 0) return fail("cannot set permissions of");
  if (::fsync(f.fd) != 0) return fail("cannot flush");
  if (::close(f.fd) != 0) {
    f.fd = -1;
    return fail("cannot close");
  }
  f.fd = -1;
  if (::rename(tmp.c_str(), path.c_str()) != 0) return fail("cannot rename the temporary file onto");
  return Status::success();
}

Status write_text_file_atomic(const std::string& path, std::string_view text, unsigned mode) {
  return write_file_atomic(path, {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}, mode);
}

Result<MappedFile> MappedFile::open(const std::string& path) {
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (f.fd < 0) return io_error("cannot open", path);
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) return io_error("cannot stat", path);
  if (!S_ISREG(st.st_mode)) return make_error(Errc::kIo, "cannot map '" + path + "': not a regular file");
  MappedFile m;
  m.path_ = path;
  m.size_ = static_cast<std::size_t>(st.st_size);
  if (m.size_ > 0) {
    void* p = ::mmap(nullptr, m.size_, PROT_READ, MAP_PRIVATE, f.fd, 0);
    if (p == MAP_FAILED) return io_error("cannot map", path);
    m.data_ = static_cast<const std::uint8_t*>(p);
  }
  return m;
}

MappedFile::MappedFile(MappedFile&& other) noexcept { *this = std::move(other); }

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    reset();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    path_ = std::move(other.path_);
  }
  return *this;
}

MappedFile::~MappedFile() { reset(); }

void MappedFile::release(std::span<const std::uint8_t> range) const {
  if (data_ == nullptr || range.empty()) return;
  ZKC_ASSERT(range.data() >= data_ && range.data() + range.size() <= data_ + size_);
  const std::uintptr_t page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const std::uintptr_t begin = (reinterpret_cast<std::uintptr_t>(range.data()) + page - 1) / page * page;
  const std::uintptr_t end = (reinterpret_cast<std::uintptr_t>(range.data()) + range.size()) / page * page;
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
}

void MappedFile::reset() {
  if (data_ != nullptr) ::munmap(const_cast<std::uint8_t*>(data_), size_);
  data_ = nullptr;
  size_ = 0;
}

}  // namespace zkc
