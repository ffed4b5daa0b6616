// The values an import produces for the member to preview before anything is
// saved (issue #7, the e-portfolio). Plain data, no I/O: the parsers in
// import_linkedin.h and import_open_badges.h fill an ImportPreview; the glue
// shows it, the member picks what to keep, and only then is anything stored.
//
// All strings are valid UTF-8, trimmed, without control characters (newlines
// are kept only in descriptions).
// Threading: values, freely copyable.
#pragma once

#include <string>
#include <vector>

namespace klussen::portfolio {

struct ImportedSkill {
  std::string label;   // "Python", "projectmanagement"
  std::string source;  // "linkedin" | "open_badges"
  std::string detail;  // where it came from: "Skills.csv", "alignment of badge X", ...
  // A concept the source points at, when it names one (an Open Badges
  // alignment's targetUrl, e.g. an ESCO skill URI); otherwise "".
  std::string reference;
  // For screens: what `detail` says, as a message key ("import.origin.alignment",
  // "import.origin.tag"; "" = show `detail` as is) with the badge's name.
  std::string origin_key;
  std::string origin_name;
};

struct ImportedCourse {
  std::string title;
  std::string provider;  // the organisation that gave it (school, authority, badge issuer name)
  std::string date;      // "YYYY-MM-DD", "YYYY-MM", "YYYY" or ""
  std::string url;       // certificate URL, or the badge assertion's hosted verification URL
  std::string kind;      // "course" | "certificate" | "education" | "badge"
  std::string issuer;    // badges: the issuer profile's URL (or id); otherwise ""
  std::string criteria;  // badges: the criteria narrative, or the criteria URL; otherwise ""
};

struct ImportedPosition {
  std::string title;
  std::string organisation;
  std::string start;  // "YYYY-MM", "YYYY" or ""
  std::string end;    // "YYYY-MM", "YYYY" or "" (current position)
  std::string description;
};

struct ImportPreview {
  std::vector<ImportedSkill> skills;
  std::vector<ImportedCourse> courses;
  std::vector<ImportedPosition> positions;
  // Things the member should know: rows skipped and why, an expired badge, ...
  std::vector<std::string> warnings;
};

}  // namespace klussen::portfolio
