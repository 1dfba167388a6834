#include "notifications/maildir_channel.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "notifications/mime.hpp"

namespace sif::notifications {
namespace {

Error fs_error(const std::string& what, const std::filesystem::path& p, int err) {
  return transient_error("maildir: " + what + " " + p.string() + ": " + std::strerror(err));
}

Status write_all(int fd, const std::string& data, const std::filesystem::path& p) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fs_error("cannot write", p, errno);
    }
    done += static_cast<std::size_t>(n);
  }
  return workflows::Ok{};
}

Status fsync_dir(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return fs_error("cannot open", dir, errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return fs_error("cannot fsync", dir, err);
  return workflows::Ok{};
}

}  // namespace

std::string filename_safe(std::string_view key) {
  std::string s;
  for (char c : key) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    s += ok ? c : '_';
  }
  if (s.empty() || s.front() == '.') s.insert(s.begin(), '_');
  return s;
}

MaildirChannel::MaildirChannel(MaildirConfig config) : config_(std::move(config)) {}

std::filesystem::path MaildirChannel::path_for(const std::string& id) const {
  return config_.dir / "new" / (filename_safe(id) + ".eml");
}

Status MaildirChannel::send(const Message& message) {
  std::error_code ec;
  for (const char* sub : {"tmp", "new", "cur"}) {
    std::filesystem::create_directories(config_.dir / sub, ec);
    if (ec) return transient_error("maildir: cannot create " + (config_.dir / sub).string() + ": " + ec.message());
  }
  const std::string eml = format_rfc5322(message, config_.from, "\n");
  const auto final_path = path_for(message.id);
  const auto tmp_path = config_.dir / "tmp" /
                        (filename_safe(message.id) + "." + std::to_string(::getpid()) + "." +
                         std::to_string(counter_.fetch_add(1)) + ".tmp");

  int fd = ::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return fs_error("cannot create", tmp_path, errno);
  Status st = write_all(fd, eml, tmp_path);
  if (st && ::fsync(fd) != 0) st = fs_error("cannot fsync", tmp_path, errno);
  if (::close(fd) != 0 && st) st = fs_error("cannot close", tmp_path, errno);
  if (!st) {
    ::unlink(tmp_path.c_str());
    return st;
  }
  if (::rename(tmp_path.c_str(), final_path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp_path.c_str());
    return fs_error("cannot rename into", final_path, err);
  }
  // The rename is durable only once the directory entry is.
  return fsync_dir(final_path.parent_path());
}

Status MaildirChannel::check() const {
  for (const char* sub : {"tmp", "new"}) {
    const auto dir = config_.dir / sub;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return transient_error("maildir: cannot create " + dir.string() + ": " + ec.message());
    const auto probe = dir / (".sif-ready-probe." + std::to_string(::getpid()));
    int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0) return fs_error("cannot create files in", dir, errno);
    ::close(fd);
    ::unlink(probe.c_str());
  }
  return workflows::Ok{};
}

}  // namespace sif::notifications
