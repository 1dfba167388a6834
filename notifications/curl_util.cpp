#include "notifications/curl_util.hpp"

#include <mutex>

namespace sif::notifications::curl {

void ensure_global() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

void append(Slist& list, const std::string& item) {
  curl_slist* head = curl_slist_append(list.get(), item.c_str());
  if (head != nullptr) {
    (void)list.release();
    list.reset(head);
  }
}

bool transient_code(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_AGAIN:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_OUT_OF_MEMORY:
      return true;
    default:
      return false;
  }
}

Error error_from(std::string_view channel, CURLcode code, const char* errbuf) {
  std::string msg = std::string(channel) + ": " + curl_easy_strerror(code);
  if (errbuf != nullptr && errbuf[0] != '\0') msg += " (" + std::string(errbuf) + ")";
  if (transient_code(code)) return transient_error(std::move(msg));
  return Error::io(std::move(msg));
}

}  // namespace sif::notifications::curl
