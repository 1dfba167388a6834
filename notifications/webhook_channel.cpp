#include "notifications/webhook_channel.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json.hpp>

#include <algorithm>

#include "notifications/curl_util.hpp"

namespace sif::notifications {
namespace {

boost::json::array addresses(const std::vector<Address>& list) {
  boost::json::array a;
  for (const auto& x : list) {
    a.push_back(boost::json::object{{"role", x.role}, {"name", x.name}, {"email", x.email}});
  }
  return a;
}


std::size_t keep_cb(char* ptr, std::size_t size, std::size_t nmemb, void* userp) {
  auto* s = static_cast<std::string*>(userp);
  const std::size_t n = size * nmemb;
  if (s->size() < 512) s->append(ptr, std::min<std::size_t>(n, 512 - s->size()));
  return n;
}

}  // namespace

std::string webhook_body(const Message& m) {
  boost::json::object data;
  for (const auto& [k, v] : m.data) data[k] = v;
  boost::json::object body;
  body["id"] = m.id;
  body["template"] = m.template_id;
  body["school"] = m.school_id;
  body["to"] = addresses(m.to);
  body["cc"] = addresses(m.cc);
  body["subject"] = m.subject;
  body["text"] = m.text;
  if (!m.html.empty()) body["html"] = m.html;
  body["data"] = std::move(data);
  return boost::json::serialize(body);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view body) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex += kHex[mac[i] >> 4];
    hex += kHex[mac[i] & 15];
  }
  return hex;
}

WebhookChannel::WebhookChannel(WebhookConfig config) : config_(std::move(config)) { curl::ensure_global(); }

Status WebhookChannel::send(const Message& message) {
  curl::Easy h{curl_easy_init()};
  if (!h) return transient_error("webhook: cannot create a curl handle");
  const std::string body = webhook_body(message);

  curl::Slist headers;
  curl::append(headers, "Content-Type: application/json");
  curl::append(headers, "Idempotency-Key: " + message.id);
  curl::append(headers, "X-Sif-Message-Id: " + message.message_id());
  if (!config_.secret.empty()) {
    curl::append(headers, "X-Sif-Signature: sha256=" + hmac_sha256_hex(config_.secret, body));
  }
  curl::append(headers, "Expect:");  // no 100-continue round trip
  for (const auto& [k, v] : config_.headers) curl::append(headers, k + ": " + v);

  std::string reply;
  char errbuf[CURL_ERROR_SIZE] = {0};
  CURL* c = h.get();
  curl_easy_setopt(c, CURLOPT_URL, config_.url.c_str());
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep_cb);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config_.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.timeout.count()));
  if (!config_.verify_peer) {
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!config_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, config_.ca_file.c_str());

  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) return curl::error_from("webhook", rc, errbuf);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 200 && status < 300) return workflows::Ok{};
  std::string msg = "webhook: " + config_.url + " answered HTTP " + std::to_string(status);
  if (!reply.empty()) msg += ": " + reply;
  if (status == 408 || status == 425 || status == 429 || status >= 500) return transient_error(std::move(msg));
  return Error::io(std::move(msg));
}

}  // namespace sif::notifications
