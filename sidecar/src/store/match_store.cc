#include "store/match_store.h"

namespace klussen::store {
namespace {

std::vector<int64_t> Keys(const QueryResult& r) {
  std::vector<int64_t> out;
  out.reserve(r.size());
  for (size_t i = 0; i < r.size(); ++i) out.push_back(r.Int(i, 0));
  return out;
}

std::vector<ChangedRow> Changes(const QueryResult& r, bool with_second) {
  std::vector<ChangedRow> out;
  out.reserve(r.size());
  for (size_t i = 0; i < r.size(); ++i) {
    ChangedRow row;
    row.key = r.Int(i, 0);
    if (with_second) {
      row.second = r.Int(i, 1);
      row.updated_at = r.Int(i, 2);
    } else {
      row.updated_at = r.Int(i, 1);
    }
    out.push_back(row);
  }
  return out;
}

}  // namespace

Result<std::vector<int64_t>> OpenKlusIds(Connection& c, int64_t after_id, int limit) {
  KL_ASSIGN_OR_RETURN(QueryResult r,
                      c.Query("SELECT id FROM klussen_klus WHERE state = 'open' AND id > ? "
                              "ORDER BY id LIMIT ?",
                              {after_id, int64_t{limit}}, static_cast<size_t>(limit)));
  return Keys(r);
}

Result<std::vector<ChangedRow>> PortfoliosChangedAfter(Connection& c, int64_t time,
                                                       int64_t after_guid, int limit) {
  KL_ASSIGN_OR_RETURN(
      QueryResult r, c.Query("SELECT user_guid, version, updated_at FROM klussen_portfolio "
                             "WHERE updated_at > ? OR (updated_at = ? AND user_guid > ?) "
                             "ORDER BY updated_at, user_guid LIMIT ?",
                             {time, time, after_guid, int64_t{limit}}, static_cast<size_t>(limit)));
  return Changes(r, true);
}

Result<std::vector<ChangedRow>> KlussenChangedAfter(Connection& c, int64_t time, int64_t after_id,
                                                    int limit) {
  KL_ASSIGN_OR_RETURN(QueryResult r,
                      c.Query("SELECT id, updated_at FROM klussen_klus "
                              "WHERE updated_at > ? OR (updated_at = ? AND id > ?) "
                              "ORDER BY updated_at, id LIMIT ?",
                              {time, time, after_id, int64_t{limit}}, static_cast<size_t>(limit)));
  return Changes(r, false);
}

Result<std::vector<ChangedRow>> ParticipantsChangedAfter(Connection& c, int64_t time,
                                                         int64_t after_klus, int64_t after_user,
                                                         int limit) {
  KL_ASSIGN_OR_RETURN(QueryResult r,
                      c.Query("SELECT klus_id, user_guid, updated_at FROM klussen_participant "
                              "WHERE updated_at > ? OR (updated_at = ? AND (klus_id > ? OR "
                              "(klus_id = ? AND user_guid > ?))) "
                              "ORDER BY updated_at, klus_id, user_guid LIMIT ?",
                              {time, time, after_klus, after_klus, after_user, int64_t{limit}},
                              static_cast<size_t>(limit)));
  return Changes(r, true);
}

Result<std::vector<int64_t>> InvolvedIn(Connection& c, int64_t klus) {
  KL_ASSIGN_OR_RETURN(QueryResult r,
                      c.Query("SELECT user_guid FROM klussen_participant WHERE klus_id = ? "
                              "ORDER BY user_guid LIMIT 100000",
                              {klus}, 100000));
  return Keys(r);
}

}  // namespace klussen::store
