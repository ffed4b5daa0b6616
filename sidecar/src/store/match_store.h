// What the match index reads from our own tables to keep itself current:
// the open klussen for the start-up load (portfolios come in pages from
// portfolio_store.h) and change scans on the updated_at
// columns (klussen_portfolio, klussen_klus, klussen_participant).
//
// Contract: prepared statements only, read-only, every answer bounded by
// `limit`. Changes come in (updated_at, key) order; a caller continues from
// the last row it saw. Rows committed late with an older updated_at are
// caught by re-reading a short overlap (suggest/index_feed.cc).
// Threading: stateless functions over a Connection the caller holds.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "store/database.h"

namespace klussen::store {

struct ChangedRow {
  int64_t key = 0;     // user_guid or klus id
  int64_t second = 0;  // participant rows: the user_guid; portfolio rows: the version
  int64_t updated_at = 0;
};

// Open klussen, id > after, ascending.
Result<std::vector<int64_t>> OpenKlusIds(Connection& c, int64_t after_id, int limit);

// Rows with (updated_at, key[, second]) after the given point.
Result<std::vector<ChangedRow>> PortfoliosChangedAfter(Connection& c, int64_t time,
                                                       int64_t after_guid, int limit);
Result<std::vector<ChangedRow>> KlussenChangedAfter(Connection& c, int64_t time, int64_t after_id,
                                                    int limit);
Result<std::vector<ChangedRow>> ParticipantsChangedAfter(Connection& c, int64_t time,
                                                         int64_t after_klus, int64_t after_user,
                                                         int limit);

// Every user with a participation row in `klus` (any state).
Result<std::vector<int64_t>> InvolvedIn(Connection& c, int64_t klus);

}  // namespace klussen::store
