// Small shared pieces of the libcurl channels (SMTP, webhook): one-time global initialisation,
// RAII handles, and the mapping of curl's result codes onto transient/permanent errors.
//
// Thread-safety: ensure_curl_global() is safe to call from any thread (call_once); handles
// are owned by one call.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>

#include "notifications/channel.hpp"

namespace sif::notifications::curl {

void ensure_global();

struct EasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
using Easy = std::unique_ptr<CURL, EasyDeleter>;

struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// Appends to a list (curl_slist_append returns the new head, or null on allocation failure).
void append(Slist& list, const std::string& item);

// True for failures worth retrying: the peer could not be reached, timed out or hung up.
bool transient_code(CURLcode code);

// "<channel>: <curl's message> (<detail from the error buffer>)" as a transient or permanent error.
Error error_from(std::string_view channel, CURLcode code, const char* errbuf);

}  // namespace sif::notifications::curl
