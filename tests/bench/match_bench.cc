// The matching engine against MariaDB FULLTEXT on the same data, in one run:
// synthetic profiles built from real ESCO occupations and skills (about 20
// skills each and a paragraph of text), top-20 candidates for a klus with the
// same hard constraints. Prints, per size: index build time, resident memory
// per profile, p50/p99 query latency of both and the ratio.
//
//   klussen_bench_match --esco ../shared/data/esco [--sizes 10000,100000,1000000]
//                       [--queries 200] [--peer-queries 100] [--socket PATH]
//
// Without --socket (or KLUSSEN_BENCH_MYSQL_SOCKET) the FULLTEXT peer is
// skipped. scripts/bench.sh starts a private MariaDB and passes it.
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "../eval/esco_synth.h"
#include "../eval/fulltext_peer.h"
#include "match/analyzer.h"
#include "match/esco_import.h"
#include "match/index.h"
#include "store/database.h"

namespace {

using Clock = std::chrono::steady_clock;
using klussen::synth::LabelStyle;

double ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  long size = 0;
  long resident = 0;
  statm >> size >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

struct Latency {
  double p50_ms = 0;
  double p99_ms = 0;
  size_t count = 0;
};

Latency Summarise(std::vector<double> ms) {
  Latency l;
  l.count = ms.size();
  if (ms.empty()) return l;
  std::sort(ms.begin(), ms.end());
  l.p50_ms = ms[ms.size() / 2];
  l.p99_ms = ms[std::min(ms.size() - 1, (ms.size() * 99 + 99) / 100 - 1)];
  return l;
}

std::vector<size_t> ParseSizes(const std::string& text) {
  std::vector<size_t> sizes;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    sizes.push_back(std::strtoull(text.substr(start, end - start).c_str(), nullptr, 10));
    start = end + 1;
  }
  return sizes;
}

}  // namespace

int main(int argc, char** argv) {
  std::string esco_dir = std::getenv("KLUSSEN_ESCO_DIR") ? std::getenv("KLUSSEN_ESCO_DIR") : "";
  std::string socket =
      std::getenv("KLUSSEN_BENCH_MYSQL_SOCKET") ? std::getenv("KLUSSEN_BENCH_MYSQL_SOCKET") : "";
  std::vector<size_t> sizes{10000, 100000, 1000000};
  size_t queries = 200;
  size_t peer_queries = 100;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    std::string value = argv[i + 1];
    if (flag == "--esco")
      esco_dir = value;
    else if (flag == "--sizes")
      sizes = ParseSizes(value);
    else if (flag == "--queries")
      queries = std::strtoull(value.c_str(), nullptr, 10);
    else if (flag == "--peer-queries")
      peer_queries = std::strtoull(value.c_str(), nullptr, 10);
    else if (flag == "--socket")
      socket = value;
    else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (esco_dir.empty()) {
    std::fprintf(stderr, "give --esco DIR (the ESCO CSV files, e.g. ../shared/data/esco)\n");
    return 2;
  }
  klussen::store::InitDriver();

  auto start = Clock::now();
  auto vocabulary = std::make_shared<klussen::match::Vocabulary>();
  auto report = klussen::match::ImportEscoDirectory(esco_dir, vocabulary.get());
  if (!report.ok()) {
    std::fprintf(stderr, "ESCO import: %s\n", report.status().ToString().c_str());
    return 1;
  }
  if (auto s = klussen::match::AddDefaultConcepts(vocabulary.get()); !s.ok()) return 1;
  auto analyzer = std::make_shared<klussen::match::Analyzer>(vocabulary);
  auto data = klussen::synth::EscoData::Load(esco_dir);
  if (!data.ok()) {
    std::fprintf(stderr, "ESCO data: %s\n", data.status().ToString().c_str());
    return 1;
  }
  std::printf(
      "vocabulary: %zu concepts, %zu labels, %zu broader links (%.1f s); %zu occupations, "
      "%zu skills in the profiles data\n",
      vocabulary->size(), vocabulary->label_count(), vocabulary->broader_link_count(),
      Seconds(start), data->occupations.size(), data->skills.size());
  std::printf("machine: %u hardware threads; queries single-threaded, top 20, same filters\n\n",
              std::thread::hardware_concurrency());

  klussen::synth::Generator generator(*data, 42);
  std::printf("%9s %9s %9s %9s | %9s %9s | %9s %9s %9s | %8s %8s\n", "profiles", "build_s", "gen_s",
              "B/profile", "eng_p50", "eng_p99", "ft_load_s", "ft_p50", "ft_p99", "p50_x", "p99_x");
  int exit_code = 0;
  for (size_t n : sizes) {
    // Generation alone, to tell it apart from analysis + indexing.
    auto gen_start = Clock::now();
    size_t checksum = 0;
    for (size_t i = 0; i < n; ++i) {
      checksum += generator.MakePerson(i, LabelStyle::kConceptIds).about.size();
    }
    double gen_seconds = Seconds(gen_start);

    malloc_trim(0);
    double rss_before = ResidentBytes();
    auto build_start = Clock::now();
    auto index = std::make_unique<klussen::match::MatchIndex>(analyzer);
    for (size_t i = 0; i < n; ++i) {
      auto status = index->UpsertPerson(generator.MakePerson(i, LabelStyle::kConceptIds));
      if (!status.ok()) {
        std::fprintf(stderr, "upsert: %s\n", status.ToString().c_str());
        return 1;
      }
    }
    index->Compact();
    double build_seconds = Seconds(build_start);
    double rss_after = ResidentBytes();

    std::vector<klussen::match::KlusDoc> klussen;
    for (size_t j = 0; j < queries; ++j) {
      klussen.push_back(generator.MakeKlus(j, LabelStyle::kConceptIds));
    }
    klussen::match::CandidateQuery query;
    query.limit = 20;
    std::vector<double> engine_ms;
    size_t engine_results = 0;
    for (const auto& klus : klussen) {  // one warm-up pass sizes the scratch space
      (void)index->Candidates(klus, query);
      break;
    }
    for (const auto& klus : klussen) {
      auto t = Clock::now();
      auto result = index->Candidates(klus, query);
      engine_ms.push_back(Seconds(t) * 1000);
      if (result.ok()) engine_results += result->size();
    }
    Latency engine = Summarise(engine_ms);
    double rss_queried = ResidentBytes();
    double bytes_per_profile = (rss_after - rss_before) / static_cast<double>(n);

    Latency peer;
    double load_seconds = 0;
    if (!socket.empty()) {
      klussen::synth::FulltextPeer ft(socket, "klussen_match_bench");
      auto load_start = Clock::now();
      auto status = ft.Create();
      for (size_t i = 0; status.ok() && i < n; ++i) {
        auto person = generator.MakePerson(i, LabelStyle::kConceptIds);
        ft.Add(person, klussen::synth::Generator::SkillsText(person));
      }
      if (status.ok()) status = ft.Load();
      load_seconds = Seconds(load_start);
      std::vector<double> peer_ms;
      auto peer_deadline = Clock::now() + std::chrono::seconds(300);
      for (size_t j = 0; status.ok() && j < std::min(peer_queries, klussen.size()); ++j) {
        if (Clock::now() > peer_deadline) break;  // keep the full run bounded
        auto t = Clock::now();
        auto rows = ft.Query(klussen[j], klussen::synth::Generator::QueryText(klussen[j]), 20);
        peer_ms.push_back(Seconds(t) * 1000);
        if (!rows.ok()) status = rows.status();
      }
      if (!status.ok()) {
        std::fprintf(stderr, "FULLTEXT peer: %s\n", status.ToString().c_str());
        exit_code = 1;
      }
      peer = Summarise(peer_ms);
      ft.Drop();
    }
    std::printf(
        "%9zu %9.1f %9.1f %9.0f | %8.3fms %8.3fms | %9.1f %8.1fms %8.1fms | %7.0fx %7.0fx\n", n,
        build_seconds, gen_seconds, bytes_per_profile, engine.p50_ms, engine.p99_ms, load_seconds,
        peer.p50_ms, peer.p99_ms, peer.count ? peer.p50_ms / engine.p50_ms : 0.0,
        peer.count ? peer.p99_ms / engine.p99_ms : 0.0);
    std::printf(
        "          (engine: %zu queries, %.1f results each; RSS +%.0f MB after build, "
        "+%.0f MB after queries; FULLTEXT: %zu queries; checksum %zu)\n",
        engine.count, engine.count ? double(engine_results) / engine.count : 0.0,
        (rss_after - rss_before) / 1e6, (rss_queried - rss_before) / 1e6, peer.count,
        checksum % 10);
    std::fflush(stdout);
  }
  std::printf(
      "\nbuild_s: analysis + indexing (gen_s, generating the profiles, is extra and also "
      "inside build_s);\nB/profile: resident memory added by the index / profiles; "
      "p50_x, p99_x: FULLTEXT latency / engine latency.\n");
  return exit_code;
}
