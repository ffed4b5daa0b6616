// The MariaDB FULLTEXT peer for the matching benchmark and evaluation: a
// flat table of the same profiles (skill labels as written + about text) with
// an InnoDB FULLTEXT index, queried in natural language mode with the same
// hard constraints as WHERE clauses. This is what a straightforward SQL
// implementation of "suggested candidates" would do.
//
// Loading uses the mariadb client's LOAD DATA LOCAL INFILE on a generated TSV
// (the fastest way in); queries use store::Connection (prepared statements).
// Header-only, shared by match_bench.cc and match_eval.cc.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "match/documents.h"
#include "store/database.h"

namespace klussen::synth {

class FulltextPeer {
 public:
  FulltextPeer(std::string socket, std::string database)
      : socket_(std::move(socket)), database_(std::move(database)) {}

  // Creates the database and table afresh (dropping an old one).
  Status Create() {
    KL_RETURN_IF_ERROR(Client("", "DROP DATABASE IF EXISTS `" + database_ + "`; CREATE DATABASE `" +
                                      database_ +
                                      "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"));
    KL_RETURN_IF_ERROR(
        Client(database_,
               "CREATE TABLE people (id INT UNSIGNED NOT NULL PRIMARY KEY, "
               "discoverable TINYINT NOT NULL, hours_tenths INT NOT NULL, "
               "avail_from INT NOT NULL, avail_to INT NOT NULL, region SMALLINT "
               "NOT NULL, skills TEXT NOT NULL, about TEXT NOT NULL) ENGINE=InnoDB"));
    tsv_path_ = "/tmp/klussen-match-peer-" + database_ + ".tsv";
    tsv_ = std::make_unique<std::ofstream>(tsv_path_, std::ios::binary | std::ios::trunc);
    if (!*tsv_) return Internal("cannot write " + tsv_path_);
    return Status::Ok();
  }

  void Add(const match::Person& p, const std::string& skills_text) {
    *tsv_ << p.guid << '\t' << (p.discoverable ? 1 : 0) << '\t'
          << static_cast<long>(p.hours_available * 10 + 0.5f) << '\t' << p.available_from << '\t'
          << p.available_to << '\t' << p.region << '\t' << Clean(skills_text) << '\t'
          << Clean(p.about) << '\n';
  }

  // Loads the TSV, then builds the FULLTEXT index (faster than keeping it
  // up to date row by row).
  Status Load() {
    tsv_->close();
    KL_RETURN_IF_ERROR(Client(database_, "LOAD DATA LOCAL INFILE '" + tsv_path_ +
                                             "' INTO TABLE people FIELDS TERMINATED BY '\\t' "
                                             "LINES TERMINATED BY '\\n'"));
    KL_RETURN_IF_ERROR(Client(database_, "ALTER TABLE people ADD FULLTEXT KEY ft (skills, about)"));
    std::remove(tsv_path_.c_str());
    store::ConnectionSettings settings;
    settings.socket = socket_;
    settings.user = "root";
    settings.database = database_;
    settings.read_timeout_ms = 600000;
    KL_ASSIGN_OR_RETURN(connection_, store::Connection::Open(settings));
    return Status::Ok();
  }

// GCC 12 reports a false -Wmaybe-uninitialized when a vector of variants
// holding std::string grows (inlined move of the inactive member).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
  // Top `limit` people for the klus: natural language mode over skills and
  // about, the same hard constraints as the engine (discoverable, hours,
  // period, region unless remote, not the poster, not involved).
  // `audience_percent` < 100: only the people AudienceSees() lets see the
  // klus (a group klus's members), as a WHERE clause.
  Result<std::vector<match::Guid>> Query(const match::KlusDoc& k, const std::string& text,
                                         size_t limit, int audience_percent = 100) {
    std::string sql =
        "SELECT id, MATCH(skills, about) AGAINST (? IN NATURAL LANGUAGE MODE) AS score "
        "FROM people WHERE MATCH(skills, about) AGAINST (? IN NATURAL LANGUAGE MODE) "
        "AND discoverable = 1 AND hours_tenths >= ? AND avail_from <= ? AND avail_to >= ? "
        "AND (? = 1 OR region = ?) AND id <> ? ";
    std::vector<store::SqlParam> params;
    params.reserve(8 + k.involved.size());
    params.emplace_back(text);
    params.emplace_back(text);
    params.emplace_back(static_cast<int64_t>(k.hours_needed * 10 + 0.5f));
    params.emplace_back(static_cast<int64_t>(k.to));
    params.emplace_back(static_cast<int64_t>(k.from));
    params.emplace_back(int64_t{k.remote ? 1 : 0});
    params.emplace_back(static_cast<int64_t>(k.region));
    params.emplace_back(static_cast<int64_t>(k.poster));
    // `involved` is short; one placeholder each.
    for (match::Guid g : k.involved) {
      sql += "AND id <> ? ";
      params.push_back(static_cast<int64_t>(g));
    }
    if (audience_percent < 100) {
      sql += "AND MOD(id * 7919 + ? * 104729, 100) < ? ";
      params.push_back(static_cast<int64_t>(k.id));
      params.push_back(int64_t{audience_percent});
    }
    sql += "ORDER BY score DESC, id LIMIT " + std::to_string(limit);  // a number we made
    KL_ASSIGN_OR_RETURN(store::QueryResult rows, connection_->Query(sql, params, limit));
    std::vector<match::Guid> out;
    for (size_t r = 0; r < rows.size(); ++r)
      out.push_back(static_cast<match::Guid>(rows.Int(r, 0)));
    return out;
  }

#pragma GCC diagnostic pop

  // The audience of a klus when only `percent` of the people may see it
  // (the SQL in Query() computes the same).
  static bool AudienceSees(match::Guid person, match::KlusKey klus, int percent) {
    return percent >= 100 || static_cast<int>((person * 7919 + klus * 104729) % 100) < percent;
  }

  // "Klussen voor jou" the SQL way: a klussen table (skill labels + text)
  // with a FULLTEXT index, queried with a person's skills and about text and
  // the same hard constraints. Call after Load() (it needs the connection).
  Status CreateKlussen() {
    KL_RETURN_IF_ERROR(
        Client(database_,
               "CREATE TABLE klussen (id INT UNSIGNED NOT NULL PRIMARY KEY, "
               "hours_tenths INT NOT NULL, k_from INT NOT NULL, k_to INT NOT NULL, "
               "region SMALLINT NOT NULL, remote TINYINT NOT NULL, poster BIGINT "
               "NOT NULL, body TEXT NOT NULL, FULLTEXT KEY ft (body)) ENGINE=InnoDB"));
    return Status::Ok();
  }
  Status AddKlus(const match::KlusDoc& k, const std::string& body) {
    KL_ASSIGN_OR_RETURN(
        uint64_t rows,
        connection_->Execute(
            "INSERT INTO klussen VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            {static_cast<int64_t>(k.id), static_cast<int64_t>(k.hours_needed * 10 + 0.5f),
             static_cast<int64_t>(k.from), static_cast<int64_t>(k.to),
             static_cast<int64_t>(k.region), int64_t{k.remote ? 1 : 0},
             static_cast<int64_t>(k.poster), body}));
    (void)rows;
    return Status::Ok();
  }
  Result<std::vector<match::KlusKey>> QueryKlussen(const match::Person& p, const std::string& text,
                                                   size_t limit) {
    std::string sql =
        "SELECT id, MATCH(body) AGAINST (? IN NATURAL LANGUAGE MODE) AS score FROM klussen "
        "WHERE MATCH(body) AGAINST (? IN NATURAL LANGUAGE MODE) AND hours_tenths <= ? "
        "AND k_from <= ? AND k_to >= ? AND (remote = 1 OR region = ?) AND poster <> ? "
        "ORDER BY score DESC, id LIMIT " +
        std::to_string(limit);
    KL_ASSIGN_OR_RETURN(
        store::QueryResult rows,
        connection_->Query(
            sql,
            {text, text, static_cast<int64_t>(p.hours_available * 10 + 0.5f),
             static_cast<int64_t>(p.available_to), static_cast<int64_t>(p.available_from),
             static_cast<int64_t>(p.region), static_cast<int64_t>(p.guid)},
            limit));
    std::vector<match::KlusKey> out;
    for (size_t r = 0; r < rows.size(); ++r)
      out.push_back(static_cast<match::KlusKey>(rows.Int(r, 0)));
    return out;
  }

  void Drop() { (void)Client("", "DROP DATABASE IF EXISTS `" + database_ + "`"); }

 private:
  static std::string Clean(const std::string& text) {
    std::string out = text;
    for (char& c : out) {
      if (c == '\t' || c == '\n' || c == '\r' || c == '\\') c = ' ';
    }
    return out;
  }

  // Runs fixed SQL (no input in it) through the mariadb client.
  Status Client(const std::string& database, const std::string& sql) {
    std::string path = "/tmp/klussen-match-peer-" + database_ + ".sql";
    {
      std::ofstream file(path, std::ios::binary | std::ios::trunc);
      file << sql << ";\n";
    }
    std::string command = "mariadb --no-defaults --protocol=socket --socket='" + socket_ +
                          "' -u root --local-infile=1 " + database + " < '" + path + "'";
    int rc = std::system(command.c_str());
    std::remove(path.c_str());
    if (rc != 0) return Unavailable("mariadb client failed (" + std::to_string(rc) + "): " + sql);
    return Status::Ok();
  }

  std::string socket_;
  std::string database_;
  std::string tsv_path_;
  std::unique_ptr<std::ofstream> tsv_;
  std::unique_ptr<store::Connection> connection_;
};

}  // namespace klussen::synth
