// KlusService::GetMany against Get: for every viewer of the tiny site
// (tests/fixtures/models/tiny.json) and both Elgg generations, the batch
// answers exactly the klussen Get answers, in the asked order, with the same
// view of each. Who is who:
//   2 jdevries   owner of open group 40
//   3 abakker    site admin, member of hidden closed group 41
//   4 pdhondt    banned: a logged-out visitor
//   6 nozturk    member of 40, owner of hidden closed group 41
//   7 felidrissi group_admin of 40
//   8 kjansen    in no group that is enabled
#include "klus/klus_service.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "common/dates.h"
#include "store/klus_store.h"
#include "support/test_db.h"

namespace klussen::klus {
namespace {

using testing::TestDatabase;

template <typename T>
T Get(Result<T> result) {
  if (!result.ok()) throw std::runtime_error(result.status().ToString());
  return std::move(*result);
}

KlusFields Fields(const std::string& title, Audience audience) {
  KlusFields f;
  f.title = title;
  f.description = "Wij zoeken iemand die ons helpt.";
  f.required_skills = {{"", "Python"}};
  f.desired_skills = {{"", "SQL"}, {"", "GIS"}};
  f.time_mode = TimeMode::kPerWeek;
  f.hours_tenths = 35;
  f.deadline = UnixNow() + 30 * kSecondsPerDay;
  f.region = "Utrecht";
  f.remote = true;
  f.audience = audience;
  return f;
}

class KlusServiceGetManyTest : public ::testing::TestWithParam<std::string> {};

TEST_P(KlusServiceGetManyTest, AnswersAsGetDoesForEveryViewer) {
  auto db = TestDatabase::Create();
  db->LoadModel("tests/fixtures/models/tiny.json", GetParam());
  db->Migrate();
  auto probe = db->Connect();
  host::HostSettings settings;
  auto reader = Get(host::MakeHostReader(Get(host::ProbeHostSchema(*probe, "elgg_")), settings));
  store::Pool pool(db->RootSettings(), store::PoolOptions{});
  KlusService service(reader.get(), &pool, 1, [] { return UnixNow(); });

  const Actor owner40{2, 1}, owner41{6, 1};
  std::vector<KlusId> ids;
  auto post = [&](const Actor& who, Guid group, const std::string& title, Audience audience,
                  bool publish) {
    std::vector<FieldError> errors;
    bool created = false;
    Klus k =
        Get(service.Create(who, group, Fields(title, audience), publish, "", &errors, &created));
    ids.push_back(k.id);
    return k.id;
  };
  const KlusId group40 = post(owner40, 40, "Een klus van groep 40", Audience::kGroup, true);
  post(owner40, 40, "Een klus voor de site", Audience::kSite, true);
  post(owner40, 40, "Een klus voor het platform", Audience::kPlatform, true);
  post(owner40, 40, "Een klus in concept", Audience::kGroup, false);
  post(owner41, 41, "Een klus van de verborgen groep", Audience::kGroup, true);
  const KlusId past = post(owner41, 41, "Een klus van 41 voor de site", Audience::kSite, true);
  Get(service.Apply(Actor{6, 1}, group40, "Ik help graag."));
  // Past its deadline and not yet expired by the job: read expires it.
  Get(probe->Execute("UPDATE klussen_klus SET deadline = ? WHERE id = ?",
                     {UnixNow() - 10, int64_t{past}}));
  ids.push_back(ids.back() + 1000);  // does not exist
  ids.insert(ids.begin(), ids[2]);   // asked twice: answered twice, as Get would

  size_t compared = 0, hidden = 0;
  for (Guid viewer : {0, 2, 3, 4, 6, 7, 8}) {
    for (Guid site : {Guid{1}, Guid{77}}) {
      SCOPED_TRACE("viewer " + std::to_string(viewer) + " site " + std::to_string(site));
      const Actor actor{viewer, site};
      std::vector<KlusView> many = Get(service.GetMany(actor, ids));
      std::vector<KlusView> single;
      for (KlusId id : ids) {
        auto view = service.Get(actor, id);
        if (view.ok()) {
          single.push_back(std::move(*view));
        } else {
          ASSERT_EQ(view.status().code(), StatusCode::kNotFound) << view.status().ToString();
          ++hidden;
        }
      }
      ASSERT_EQ(many.size(), single.size());
      for (size_t i = 0; i < many.size(); ++i) {
        const KlusView& a = many[i];
        const KlusView& b = single[i];
        SCOPED_TRACE("klus " + std::to_string(b.klus.id));
        EXPECT_EQ(a.klus.id, b.klus.id);
        EXPECT_EQ(a.klus.state, b.klus.state);
        EXPECT_EQ(a.klus.version, b.klus.version);
        EXPECT_EQ(a.klus.fields.title, b.klus.fields.title);
        EXPECT_EQ(a.klus.fields.required_skills.size(), b.klus.fields.required_skills.size());
        EXPECT_EQ(a.klus.fields.desired_skills.size(), b.klus.fields.desired_skills.size());
        EXPECT_EQ(a.klus.applied_count, b.klus.applied_count);
        EXPECT_EQ(a.group_name, b.group_name);
        EXPECT_EQ(a.can_manage, b.can_manage);
        EXPECT_EQ(a.own.has_value(), b.own.has_value());
        EXPECT_EQ(a.apply_blocked_reason, b.apply_blocked_reason);
        EXPECT_EQ(a.relation.viewer, b.relation.viewer);
        EXPECT_EQ(a.relation.member, b.relation.member);
        EXPECT_EQ(a.relation.group_admin, b.relation.group_admin);
        EXPECT_EQ(a.relation.site_admin, b.relation.site_admin);
        EXPECT_EQ(a.relation.can_see_group, b.relation.can_see_group);
        EXPECT_EQ(a.relation.same_site, b.relation.same_site);
        if (a.klus.id == past) {
          EXPECT_EQ(a.klus.state, KlusState::kExpired);
        }
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 20u);
  EXPECT_GT(hidden, 20u);  // the draft, the hidden group's klussen, the missing id
  std::vector<KlusId> too_many(store::kMaxBatchIds + 1, group40);
  EXPECT_EQ(service.GetMany(owner40, too_many).status().code(), StatusCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Generations, KlusServiceGetManyTest, ::testing::Values("elgg1", "elgg3"));

}  // namespace
}  // namespace klussen::klus
