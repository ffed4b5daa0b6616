#include "http/request_head.h"

#include <gtest/gtest.h>

namespace klussen::http {
namespace {

using State = RequestHead::State;

TEST(RequestHeadTest, IncompleteUntilTheEmptyLine) {
  EXPECT_EQ(ScanRequestHead("GET /a HTTP/1.1\r\nHost: x\r\n", 16384).state, State::kIncomplete);
  RequestHead head = ScanRequestHead("GET /a?b=c HTTP/1.1\r\nHost: x\r\n\r\nrest", 16384);
  EXPECT_EQ(head.state, State::kComplete);
  EXPECT_EQ(head.path, "/a");
  EXPECT_EQ(head.head_bytes, std::string("GET /a?b=c HTTP/1.1\r\nHost: x\r\n\r\n").size());
  EXPECT_FALSE(head.has_body_length);
}

TEST(RequestHeadTest, AcceptsBareLineFeeds) {
  RequestHead head = ScanRequestHead("POST /p HTTP/1.1\ncontent-length:  12 \n\n", 16384);
  EXPECT_EQ(head.state, State::kComplete);
  EXPECT_TRUE(head.has_body_length);
  EXPECT_EQ(head.body_length, 12u);
}

TEST(RequestHeadTest, DoesNotTrustAmbiguousLengths) {
  auto length_of = [](const std::string& fields) {
    return ScanRequestHead("POST /p HTTP/1.1\r\n" + fields + "\r\n", 16384);
  };
  EXPECT_FALSE(length_of("Content-Length: 5\r\nContent-Length: 5\r\n").has_body_length);
  EXPECT_FALSE(length_of("Content-Length: 5x\r\n").has_body_length);
  EXPECT_FALSE(length_of("Content-Length: -1\r\n").has_body_length);
  EXPECT_FALSE(length_of("Content-Length: 1234567890123456789\r\n").has_body_length);
  EXPECT_FALSE(length_of("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n").has_body_length);
  EXPECT_TRUE(length_of("Content-Length: 5\r\n").has_body_length);
}

TEST(RequestHeadTest, NoticesExpectContinue) {
  EXPECT_TRUE(
      ScanRequestHead("POST /p HTTP/1.1\r\nExpect: 100-Continue\r\n\r\n", 16384).expect_continue);
  EXPECT_FALSE(ScanRequestHead("POST /p HTTP/1.1\r\n\r\n", 16384).expect_continue);
}

TEST(RequestHeadTest, RefusesOverlongLinesAndHeads) {
  const std::string long_value(9000, 'a');
  EXPECT_EQ(ScanRequestHead("GET / HTTP/1.1\r\nX-Big: " + long_value + "\r\n\r\n", 16384).state,
            State::kLineTooLong);
  // Still unfinished, but already over the per-line limit.
  EXPECT_EQ(ScanRequestHead("GET / HTTP/1.1\r\nX-Big: " + long_value, 16384).state,
            State::kLineTooLong);
  EXPECT_EQ(ScanRequestHead("GET /" + long_value + " HTTP/1.1\r\n\r\n", 16384).state,
            State::kUriTooLong);
  std::string many = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 30; ++i)
    many += "X-" + std::to_string(i) + ": " + std::string(700, 'b') + "\r\n";
  EXPECT_EQ(ScanRequestHead(many + "\r\n", 16384).state, State::kTooLarge);
  EXPECT_EQ(ScanRequestHead(many, 16384).state, State::kTooLarge);
}

}  // namespace
}  // namespace klussen::http
