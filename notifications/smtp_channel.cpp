#include "notifications/smtp_channel.hpp"

#include <algorithm>
#include <cstring>

#include "notifications/curl_util.hpp"
#include "notifications/mime.hpp"

namespace sif::notifications {
namespace {

struct Upload {
  const std::string* data;
  std::size_t offset = 0;
};

std::size_t read_cb(char* buffer, std::size_t size, std::size_t nitems, void* userp) {
  auto* up = static_cast<Upload*>(userp);
  const std::size_t room = size * nitems;
  const std::size_t n = std::min(room, up->data->size() - up->offset);
  std::memcpy(buffer, up->data->data() + up->offset, n);
  up->offset += n;
  return n;
}

}  // namespace

SmtpChannel::SmtpChannel(SmtpConfig config) : config_(std::move(config)) { curl::ensure_global(); }

Status SmtpChannel::send(const Message& message) {
  curl::Easy h{curl_easy_init()};
  if (!h) return transient_error("smtp: cannot create a curl handle");

  const std::string payload = format_rfc5322(message, config_.from, "\r\n");
  Upload up{&payload};
  curl::Slist rcpt;
  for (const auto* list : {&message.to, &message.cc}) {
    for (const auto& a : *list) curl::append(rcpt, "<" + a.email + ">");
  }
  if (!rcpt) return Error::invalid("smtp: message " + message.id + " has no recipients");

  char errbuf[CURL_ERROR_SIZE] = {0};
  CURL* c = h.get();
  curl_easy_setopt(c, CURLOPT_URL, config_.url.c_str());
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  if (config_.url.rfind("smtps://", 0) != 0) {
    long use_ssl = config_.tls == SmtpTls::kStartTls ? CURLUSESSL_ALL
                   : config_.tls == SmtpTls::kTry    ? CURLUSESSL_TRY
                                                     : CURLUSESSL_NONE;
    curl_easy_setopt(c, CURLOPT_USE_SSL, use_ssl);
  }
  if (!config_.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, config_.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, config_.password.c_str());
  }
  if (!config_.verify_peer) {
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!config_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, config_.ca_file.c_str());
  const std::string mail_from = "<" + config_.from.email + ">";
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt(c, CURLOPT_READDATA, &up);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(payload.size()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config_.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.timeout.count()));

  const CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) return workflows::Ok{};

  long reply = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
  Error err = curl::error_from("smtp", rc, errbuf);
  if (reply >= 400 && reply < 500) {
    err.code = ErrorCode::kTransient;
  } else if (reply >= 500 && reply < 600) {
    err.code = ErrorCode::kIo;
  }
  if (reply != 0) err.message += " (server replied " + std::to_string(reply) + ")";
  return err;
}

}  // namespace sif::notifications
