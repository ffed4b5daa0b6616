// The matching engine against MariaDB FULLTEXT on the same data, in one run:
// synthetic profiles built from real ESCO occupations and skills (about 20
// skills each and a paragraph of text), top-20 candidates for a klus with the
// same hard constraints. Prints, per size: index build time, resident memory
// per profile, p50/p99 query latency of both and the ratio.
//
//   klussen_bench_match --esco ../shared/data/esco [--sizes 10000,100000,1000000]
//                       [--queries 200] [--peer-queries 100] [--socket PATH]
//                       [--slowest N]   (print the N slowest engine queries)
//                       [--query-threads N]  (IndexOptions::query_threads; 0: all cores)
//                       [--repeat-query J]   (run query J 500 times more, for perf)
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

// Transparent huge pages in use (the index asks for them: match/huge_pages.h).
double AnonHugeBytes() {
  std::ifstream rollup("/proc/self/smaps_rollup");
  std::string key;
  double kib = 0;
  while (rollup >> key) {
    if (key == "AnonHugePages:") {
      rollup >> kib;
      break;
    }
  }
  return kib * 1024;
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

// The slowest queries and what they did, to see where the time goes.
void PrintSlowest(const std::vector<klussen::match::KlusDoc>& klussen,
                  const std::vector<double>& ms,
                  const std::vector<klussen::match::CandidateStats>& stats, size_t count) {
  std::vector<size_t> order(ms.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return ms[a] > ms[b]; });
  for (size_t i = 0; i < std::min(count, order.size()); ++i) {
    const size_t j = order[i];
    const auto& k = klussen[j];
    const auto& s = stats[j];
    std::printf(
        "  slow #%zu: %.2f ms; klus %zu: %zu required + %zu desired, region %u%s, %.0f h; "
        "skills read %zu/%zu, words read %zu/%zu, postings %zu, admitted %zu, exact %zu\n",
        i + 1, ms[j], j, k.required.size(), k.desired.size(), unsigned{k.region},
        k.remote ? " (remote)" : "", k.hours_needed, s.skills_read, s.skills, s.text_words_read,
        s.text_words, s.postings, s.admitted, s.exact_scores);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string esco_dir = std::getenv("KLUSSEN_ESCO_DIR") ? std::getenv("KLUSSEN_ESCO_DIR") : "";
  std::string socket =
      std::getenv("KLUSSEN_BENCH_MYSQL_SOCKET") ? std::getenv("KLUSSEN_BENCH_MYSQL_SOCKET") : "";
  std::vector<size_t> sizes{10000, 100000, 1000000};
  size_t queries = 200;
  size_t peer_queries = 100;
  size_t slowest = 0;
  unsigned query_threads = 0;
  long repeat_query = -1;
  bool infer = true;
  bool realistic = true;
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
    else if (flag == "--query-threads")
      query_threads = static_cast<unsigned>(std::strtoul(value.c_str(), nullptr, 10));
    else if (flag == "--repeat-query")
      repeat_query = std::strtol(value.c_str(), nullptr, 10);
    else if (flag == "--slowest")
      slowest = std::strtoull(value.c_str(), nullptr, 10);
    else if (flag == "--socket")
      socket = value;
    else if (flag == "--infer")  // 0: no inferred skills (IndexOptions::infer_skills)
      infer = value != "0";
    else if (flag == "--people-style")  // realistic (default) or tidy (the older people)
      realistic = value != "tidy";
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
  std::printf(
      "machine: %u hardware threads; one query at a time (engine: split over %u threads from "
      "50,000 profiles), top 20, same filters\n\n",
      std::thread::hardware_concurrency(),
      query_threads ? query_threads : std::max(1u, std::thread::hardware_concurrency()));

  klussen::synth::GeneratorOptions generator_options;
  generator_options.realistic = realistic;
  klussen::synth::Generator generator(*data, 42, nullptr, generator_options);
  std::printf("%9s %9s %9s %9s | %9s %9s | %9s %9s %9s | %8s %8s\n", "profiles", "build_s", "gen_s",
              "B/profile", "eng_p50", "eng_p99", "ft_load_s", "ft_p50", "ft_p99", "p50_x", "p99_x");
  int exit_code = 0;
  for (size_t n : sizes) {
    // Profiles are generated in batches outside the build clock (gen_s), as a
    // start-up reads them from the database in pages; the build clock runs
    // over analysis + indexing only (UpsertPeople, on every core).
    constexpr size_t kBatch = 20000;
    double gen_seconds = 0;
    size_t checksum = 0;
    malloc_trim(0);
    double rss_before = ResidentBytes();
    klussen::match::IndexOptions options;
    options.infer_skills = infer;
    options.query_threads = query_threads;
    auto index = std::make_unique<klussen::match::MatchIndex>(analyzer, options);
    Clock::duration build_time{};
    std::vector<klussen::match::Person> batch;
    for (size_t first = 0; first < n; first += kBatch) {
      auto gen_start = Clock::now();
      batch.clear();
      for (size_t i = first; i < std::min(n, first + kBatch); ++i) {
        batch.push_back(generator.MakePerson(i, LabelStyle::kConceptIds));
        checksum += batch.back().about.size();
      }
      gen_seconds += Seconds(gen_start);
      auto build_start = Clock::now();
      for (const auto& status : index->UpsertPeople(batch)) {
        if (!status.ok()) {
          std::fprintf(stderr, "upsert: %s\n", status.ToString().c_str());
          return 1;
        }
      }
      build_time += Clock::now() - build_start;
    }
    batch = {};
    auto compact_start = Clock::now();
    index->Compact();
    build_time += Clock::now() - compact_start;
    double build_seconds = std::chrono::duration<double>(build_time).count();
    double rss_after = ResidentBytes();

    std::vector<klussen::match::KlusDoc> klussen;
    for (size_t j = 0; j < queries; ++j) {
      klussen.push_back(generator.MakeKlus(j, LabelStyle::kConceptIds));
    }
    klussen::match::CandidateQuery query;
    query.limit = 20;
    std::vector<double> engine_ms;
    std::vector<double> one_thread_ms;  // the same queries on the calling thread only
    size_t engine_results = 0;
    for (const auto& klus : klussen) {  // one warm-up pass sizes the scratch space
      (void)index->Candidates(klus, query);
      break;
    }
    std::vector<klussen::match::CandidateStats> stats(klussen.size());
    // Interleaved, so both see the same machine.
    klussen::match::CandidateQuery alone = query;
    alone.max_threads = 1;
    for (size_t j = 0; j < klussen.size(); ++j) {
      query.stats = &stats[j];
      auto t = Clock::now();
      auto result = index->Candidates(klussen[j], query);
      engine_ms.push_back(Seconds(t) * 1000);
      if (result.ok()) engine_results += result->size();
      t = Clock::now();
      (void)index->Candidates(klussen[j], alone);
      one_thread_ms.push_back(Seconds(t) * 1000);
    }
    query.stats = nullptr;
    if (repeat_query >= 0 && static_cast<size_t>(repeat_query) < klussen.size()) {
      // One query again and again, to profile it (perf record).
      auto t = Clock::now();
      for (int r = 0; r < 500; ++r) (void)index->Candidates(klussen[repeat_query], query);
      std::printf("  query %ld: %.3f ms on average over 500 runs\n", repeat_query,
                  Seconds(t) * 1000 / 500);
    }
    if (slowest > 0) PrintSlowest(klussen, engine_ms, stats, slowest);
    Latency engine = Summarise(engine_ms);
    Latency one_thread = Summarise(one_thread_ms);
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
        "          (engine: %zu queries, %.1f results each; one thread per query: p50 %.3f ms, "
        "p99 %.3f ms, ratio %.0fx / %.0fx;\n           RSS +%.0f MB after build, +%.0f MB after "
        "queries, %.0f MB in huge pages; FULLTEXT: %zu queries; checksum %zu)\n",
        engine.count, engine.count ? double(engine_results) / engine.count : 0.0, one_thread.p50_ms,
        one_thread.p99_ms, peer.count ? peer.p50_ms / one_thread.p50_ms : 0.0,
        peer.count ? peer.p99_ms / one_thread.p99_ms : 0.0, (rss_after - rss_before) / 1e6,
        (rss_queried - rss_before) / 1e6, AnonHugeBytes() / 1e6, peer.count, checksum % 10);
    std::fflush(stdout);
  }
  std::printf(
      "\nbuild_s: analysis + indexing on every core (UpsertPeople); gen_s: generating the "
      "profiles, not in build_s;\nB/profile: resident memory added by the index / profiles; "
      "p50_x, p99_x: FULLTEXT latency / engine latency (eng_*: the index's default, a query\n"
      "split over every core from 50,000 profiles; the line below: the same queries on one "
      "thread, interleaved).\n");
  return exit_code;
}
