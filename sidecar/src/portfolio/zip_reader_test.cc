#include "portfolio/zip_reader.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "portfolio/import_test_zip.h"
#include "support/test_db.h"

namespace klussen::portfolio {
namespace {

using testing::LieAboutSizes;
using testing::MakeZip;
using testing::TestFile;

std::string ReadFixture(const std::string& relative) {
  std::ifstream in(klussen::testing::SourcePath(relative), std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(ZipReaderTest, ReadsEveryFileEntryInOrder) {
  std::string zip = MakeZip({{"a.csv", "alpha\n"},
                             {"dir/", ""},
                             {"dir/b.csv", std::string(5000, 'b'), ZIP_CM_STORE},
                             {"empty.txt", ""}});
  auto entries = ReadZipArchive(zip);
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 3u);  // the directory entry is not a file
  EXPECT_EQ((*entries)[0].name, "a.csv");
  EXPECT_EQ((*entries)[0].data, "alpha\n");
  EXPECT_EQ((*entries)[1].name, "dir/b.csv");
  EXPECT_EQ((*entries)[1].data, std::string(5000, 'b'));
  EXPECT_EQ((*entries)[2].data, "");
}

TEST(ZipReaderTest, InflatesOnlyWantedEntries) {
  std::string zip = MakeZip({{"Skills.csv", "Name\nSQL\n"}, {"inner.zip", "PK\x03\x04junk"}});
  auto entries = ReadZipArchive(zip, [](std::string_view name) { return name == "Skills.csv"; });
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].name, "Skills.csv");
}

TEST(ZipReaderTest, ReadsTheCheckedInLinkedInArchive) {
  auto entries = ReadZipArchive(ReadFixture("tests/fixtures/imports/linkedin_export.zip"));
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  EXPECT_EQ(entries->size(), 7u);
}

TEST(ZipReaderTest, RejectsWhatIsNotAZip) {
  auto result = ReadZipArchive("Name\nPython\n");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message(), "not a ZIP archive");
}

TEST(ZipReaderTest, RejectsATruncatedArchive) {
  std::string zip = ReadFixture("tests/fixtures/imports/linkedin_export.zip");
  ASSERT_GT(zip.size(), 1000u);
  for (size_t keep : {zip.size() / 2, zip.size() - 10}) {
    auto result = ReadZipArchive(std::string_view(zip).substr(0, keep));
    ASSERT_FALSE(result.ok()) << keep;
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(result.status().message().find("not a readable ZIP archive"), std::string::npos)
        << result.status().message();
  }
}

TEST(ZipReaderTest, RejectsACorruptedEntry) {
  std::string zip = MakeZip({{"Skills.csv", std::string(4000, 'x') + "Name\nPython\n"}});
  // Flip bytes inside the compressed data (after the 30-byte local header and the name).
  zip[30 + 10 + 5] = static_cast<char>(zip[30 + 10 + 5] ^ 0x55);
  zip[30 + 10 + 6] = static_cast<char>(zip[30 + 10 + 6] ^ 0x55);
  auto result = ReadZipArchive(zip);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("Skills.csv"), std::string::npos)
      << result.status().message();
}

TEST(ZipReaderTest, RejectsAnArchiveOverTheSizeLimitBeforeReadingIt) {
  std::string big(50u << 20, 'P');  // a 50 MB upload
  auto result = ReadZipArchive(big);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kPayloadTooLarge);
  EXPECT_EQ(result.status().message(), "the archive is larger than 20 MB");
}

TEST(ZipReaderTest, RejectsTooManyEntries) {
  std::vector<TestFile> files;
  for (int i = 0; i < 201; ++i) files.push_back({"f" + std::to_string(i) + ".csv", "x"});
  auto result = ReadZipArchive(MakeZip(files));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kPayloadTooLarge);
  EXPECT_NE(result.status().message().find("201 entries"), std::string::npos);
}

TEST(ZipReaderTest, RejectsUnsafePaths) {
  for (std::string name :
       {"../Skills.csv", "a/../../etc/passwd", "/etc/passwd", "C:\\x.csv", "a\\..\\b.csv"}) {
    auto result = ReadZipArchive(MakeZip({{"Skills.csv", "Name\n"}, {name, "x"}}));
    ASSERT_FALSE(result.ok()) << name;
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument) << name;
    EXPECT_NE(result.status().message().find("unsafe path"), std::string::npos) << name;
  }
}

TEST(ZipReaderTest, RejectsEncryptedEntries) {
  if (!zip_encryption_method_supported(ZIP_EM_AES_256, 1)) {
    GTEST_SKIP() << "this libzip cannot write AES archives";
  }
  auto result = ReadZipArchive(MakeZip({{"Skills.csv", "Name\nPython\n"}}, {}, "geheim"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message(), "the archive holds an encrypted entry: \"Skills.csv\"");
}

// The classic bomb: 256 MB of zeros deflate to 250 KB. Refused
// from the declared sizes, before inflating anything.
TEST(ZipReaderTest, RejectsAZipBombFromItsHeaders) {
  auto start = std::chrono::steady_clock::now();
  std::string zip = MakeZip({}, {{"Skills.csv", zip_uint64_t{256} << 20}});
  EXPECT_LT(zip.size(), 300u << 10);
  auto result = ReadZipArchive(zip);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kPayloadTooLarge);
  EXPECT_NE(result.status().message().find("\"Skills.csv\" is larger than 20 MB"),
            std::string::npos)
      << result.status().message();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60));
}

// The same bomb with headers that claim 1000 bytes: stopped while inflating,
// by the bytes that actually come out.
TEST(ZipReaderTest, RejectsAZipBombWhoseHeadersLie) {
  std::string zip = MakeZip({}, {{"Skills.csv", zip_uint64_t{64} << 20}});
  LieAboutSizes(zip, 1000);
  auto result = ReadZipArchive(zip);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kPayloadTooLarge) << result.status().ToString();
  EXPECT_NE(result.status().message().find("expands more than 100:1"), std::string::npos)
      << result.status().message();
}

TEST(ZipReaderTest, RatioLimitAppliesWhileInflatingWithoutTheHeaderCheck) {
  // 3 MB of zeros (ratio ~1000:1), headers claiming 1000 bytes, per-entry limit not reached.
  std::string zip = MakeZip({}, {{"a.csv", 3u << 20}});
  LieAboutSizes(zip, 1000);
  ZipLimits limits;
  auto result = ReadZipArchive(zip, {}, limits);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("expands more than 100:1"), std::string::npos)
      << result.status().message();
  // With a generous ratio the same archive reads fully: the limit, not libzip, stopped it.
  limits.max_ratio = 100000;
  auto allowed = ReadZipArchive(zip, {}, limits);
  ASSERT_TRUE(allowed.ok()) << allowed.status().ToString();
  ASSERT_EQ(allowed->size(), 1u);
  EXPECT_EQ((*allowed)[0].data.size(), 3u << 20);  // not the 1000 bytes the headers claim
}

TEST(ZipReaderTest, CountsTheTotalFromActualBytes) {
  // Three 400 KB entries of text: each under the per-entry limit, together over the total.
  std::string text;
  for (int i = 0; text.size() < 400 * 1024; ++i) text += "regel " + std::to_string(i * 7919) + "\n";
  std::string zip = MakeZip({{"a.csv", text}, {"b.csv", text}, {"c.csv", text}});
  LieAboutSizes(zip, 10);
  ZipLimits limits;
  limits.max_total_bytes = 1u << 20;
  auto result = ReadZipArchive(zip, {}, limits);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kPayloadTooLarge) << result.status().ToString();
  EXPECT_NE(result.status().message().find("together"), std::string::npos)
      << result.status().message();
}

TEST(ZipReaderTest, RejectsDeclaredTotalsBeforeInflating) {
  std::string text(300 * 1024, 'a');
  ZipLimits limits;
  limits.max_total_bytes = 500 * 1024;
  limits.max_ratio = 1000000;
  auto result = ReadZipArchive(MakeZip({{"a.csv", text}, {"b.csv", text}}), {}, limits);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kPayloadTooLarge);
  // Not wanted entries do not count.
  auto one = ReadZipArchive(
      MakeZip({{"a.csv", text}, {"b.csv", text}}),
      [](std::string_view name) { return name == "a.csv"; }, limits);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(one->size(), 1u);
}

}  // namespace
}  // namespace klussen::portfolio
