#include "portfolio/visibility.h"

#include <algorithm>

namespace klussen::portfolio {

bool MaySee(const PortfolioViewer& viewer, Guid owner, Visibility visibility) {
  if (viewer.guid <= 0) return false;
  if (viewer.guid == owner) return true;
  switch (visibility) {
    case Visibility::kPlatform:
      return true;
    case Visibility::kSite:
      return viewer.same_site;
    case Visibility::kPrivate:
      return false;
  }
  return false;
}

Portfolio VisiblePart(const PortfolioViewer& viewer, const Portfolio& p) {
  if (viewer.guid > 0 && viewer.guid == p.user_guid) return p;
  Portfolio out;
  out.user_guid = p.user_guid;
  out.exists = p.exists;
  out.version = 0;
  if (viewer.guid <= 0) return out;
  if (MaySee(viewer, p.user_guid, p.about_visibility)) {
    out.about = p.about;
    out.about_visibility = p.about_visibility;
    out.region = p.region;
    out.confirmed_skills = p.confirmed_skills;
  }
  if (MaySee(viewer, p.user_guid, p.availability.visibility)) out.availability = p.availability;
  std::copy_if(p.items.begin(), p.items.end(), std::back_inserter(out.items),
               [&](const Item& i) { return MaySee(viewer, p.user_guid, i.visibility); });
  std::copy_if(p.entries.begin(), p.entries.end(), std::back_inserter(out.entries),
               [&](const Entry& e) { return MaySee(viewer, p.user_guid, e.visibility); });
  return out;
}

}  // namespace klussen::portfolio
