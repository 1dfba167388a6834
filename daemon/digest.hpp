// The daily digest: once a day, one notice per officer (link adviser, lead...) listing what falls
// due in the next N working days and what is overdue, across all the schools they support.
//
// Who gets one: every distinct email address (compared case-insensitively) that is some active
// school's contact for one of DigestOptions::roles, or, where a school has no contact with an
// email address for the role, the authority's default contact for it (so a head of service
// set once in notifications.contacts.la_lead hears about every school). An officer with nothing
// due and nothing overdue gets nothing.
//
// What it lists, per school the officer supports, from each active (non-final) instance:
//   due      each pending deadline timer (reminders and escalations are not deadlines) due
//            between `today` and N working days after it, inclusive, grouped by date;
//   overdue  daemon/overdue.hpp's overdue_items(): each deadline recorded in Instance::overdue
//            (it fell due and the instance stayed in its state, or its firing moved the instance
//            to a state it stays overdue in), and any pending `kind: deadline` timer already
//            past (a timer that could not fire), oldest first, with how many working days overdue.
// Working days are counted on each school's framework calendar (its region's bank holidays),
// as the engine does: Calendar(school.region, config.term_calendar(latest framework)).
//
// Delivery: digests are outbox rows with no school (storage::Database::outbox_enqueue), routed
// to the officer by their data (notifications::route_to_person), rendered with the template
// `daily-digest` and sent by the ordinary dispatcher: at least once, retried, dead-lettered.
// The key "digest/<date>/<email>" (the email lower-cased, '@' and any character outside
// [a-z0-9._+-] written =XX, so the Message-ID stays valid) makes a second call for the same
// date add nothing, e.g. after a restart at 07:05.
//
// Template data (flat keys; lists as name[i], see notifications/renderer.hpp):
//   recipient.name, recipient.email, recipient.role (the first of options.roles they hold)
//   digest.date, digest.date.words, digest.horizon (N), digest.horizon_end(.words),
//   digest.due_count, digest.overdue_count, digest.school_count (schools with something listed),
//   digest.has_due, digest.has_overdue ("yes" or empty, for sections)
//   days[i].date(.words), days[i].working_days, days[i].when ("today", "in 3 working days"),
//   days[i].items[j].{school.id, school.name, workflow, state, title, due, due.words, instance}
//   overdue[i].{school.id, school.name, workflow, state, title, due, due.words, instance,
//               working_days, when ("2 working days overdue")}
//
// Thread-safety: enqueue_digests is a free function over the Database (itself thread-safe);
// call it from one thread at a time per day, on any connection to the sif database.
#pragma once

#include <string>
#include <vector>

#include "config/config_set.hpp"
#include "notifications/routing.hpp"
#include "storage/database.hpp"
#include "workflows/date.hpp"
#include "workflows/result.hpp"

namespace sif::daemon {

struct DigestOptions {
  std::vector<std::string> roles{"link_adviser", "la_lead"};  // which officers get one
  int horizon_working_days = 10;      // "due in the next N working days"
  std::string local_time = "07:00";   // when it goes out (Europe/London); read by the daemon
  std::string template_id = "daily-digest";
};

// Writes one digest per officer with something to report into the outbox for the local date
// `today` (all in one transaction), due at `now`. Returns how many were enqueued: 0 when every
// one already existed. REQUIRES: horizon_working_days >= 0.
// Errors: kInvalidInput (a school's framework is not loaded; the school is named), kIo.
workflows::Result<int> enqueue_digests(storage::Database& db, const config::ConfigSet& definitions,
                                       const notifications::Contacts& default_contacts, workflows::Date today,
                                       const DigestOptions& options, storage::UnixSeconds now);

// The outbox key of `email`'s digest for `today`: "digest/2026-12-21/ann.adviser=40leics.gov.uk".
std::string digest_key(workflows::Date today, const std::string& email);

}  // namespace sif::daemon
