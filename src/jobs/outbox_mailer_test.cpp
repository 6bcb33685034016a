#include "jobs/outbox_mailer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace paseo::jobs {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(BackoffDelay, DoublesFromThirtySecondsUpToOneHour) {
  EXPECT_EQ(backoff_delay(1, seconds(30), hours(1), 1.0), seconds(30));
  EXPECT_EQ(backoff_delay(2, seconds(30), hours(1), 1.0), minutes(1));
  EXPECT_EQ(backoff_delay(3, seconds(30), hours(1), 1.0), minutes(2));
  EXPECT_EQ(backoff_delay(8, seconds(30), hours(1), 1.0), hours(1));  // 64 min, capped
  EXPECT_EQ(backoff_delay(7, seconds(30), hours(1), 1.0), minutes(32));
  EXPECT_EQ(backoff_delay(50, seconds(30), hours(1), 1.0), hours(1));
  EXPECT_EQ(backoff_delay(1000000, seconds(30), hours(1), 1.0), hours(1));  // no overflow
  EXPECT_EQ(backoff_delay(0, seconds(30), hours(1), 1.0), seconds(30));
}

TEST(BackoffDelay, JitterStaysWithinTwentyPercent) {
  EXPECT_EQ(backoff_delay(1, seconds(30), hours(1), 0.8), seconds(24));
  EXPECT_EQ(backoff_delay(1, seconds(30), hours(1), 1.2), seconds(36));
  EXPECT_EQ(backoff_delay(1, seconds(30), hours(1), 5.0), seconds(36));  // clamped
  EXPECT_EQ(backoff_delay(50, seconds(30), hours(1), 1.2), milliseconds(4320000));
  EXPECT_EQ(backoff_delay(1, milliseconds(10), hours(1), 1.0), seconds(1));  // floor
}

TEST(EncodeHeaderText, LeavesPlainAsciiAlone) {
  EXPECT_EQ(encode_header_text("Booking confirmation K7M4QX"), "Booking confirmation K7M4QX");
  EXPECT_EQ(encode_header_text(""), "");
}

TEST(EncodeHeaderText, EncodesUtf8AsBase64Words) {
  // "Confirmación" in UTF-8, base64.
  EXPECT_EQ(encode_header_text("Confirmación"), "=?UTF-8?B?Q29uZmlybWFjacOzbg==?=");
}

TEST(EncodeHeaderText, SplitsLongTextOnCharacterBoundaries) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "ñ";  // 80 bytes of two-byte characters
  std::string encoded = encode_header_text(text);
  int words = 0;
  std::size_t pos = 0;
  while ((pos = encoded.find("=?UTF-8?B?", pos)) != std::string::npos) {
    std::size_t end = encoded.find("?=", pos + 10);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end + 2 - pos, 75u);
    pos = end + 2;
    ++words;
  }
  EXPECT_EQ(words, 2);
  // The text is cut after 22 whole characters (44 bytes), never inside one: each word alone is
  // exactly the encoding of its own run of characters.
  auto repeat = [](int n) {
    std::string r;
    for (int i = 0; i < n; ++i) r += "ñ";
    return r;
  };
  EXPECT_EQ(encoded, encode_header_text(repeat(22)) + " " + encode_header_text(repeat(18)));
}

TEST(EncodeHeaderText, NeverLetsALineBreakThrough) {
  EXPECT_EQ(encode_header_text("Hi\r\nBcc: victim@example.com"), "Hi  Bcc: victim@example.com");
  std::string encoded = encode_header_text("Olé\r\nBcc: x@example.com");
  EXPECT_EQ(encoded.find_first_of("\r\n"), std::string::npos);
  // Text that merely looks like an encoded word is encoded, so it reads back literally.
  EXPECT_THAT(encode_header_text("=?UTF-8?B?x?="), ::testing::StartsWith("=?UTF-8?B?PT9"));
}

TEST(FormatMailbox, QuotesOrEncodesTheDisplayName) {
  EXPECT_EQ(format_mailbox("", "no-reply@paseo.example"), "<no-reply@paseo.example>");
  EXPECT_EQ(format_mailbox("Paseo", "no-reply@paseo.example"),
            "\"Paseo\" <no-reply@paseo.example>");
  EXPECT_EQ(format_mailbox("Say \"hi\"", "a@b.example"), "\"Say \\\"hi\\\"\" <a@b.example>");
  EXPECT_EQ(format_mailbox("Paseo España", "a@b.example"),
            "=?UTF-8?B?UGFzZW8gRXNwYcOxYQ==?= <a@b.example>");
}

TEST(Rfc5322Date, FormatsUtc) {
  auto t = parse_iso8601("2026-11-23T11:14:17Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(rfc5322_date(*t), "Mon, 23 Nov 2026 11:14:17 +0000");
  auto leap = parse_iso8601("2024-02-29T23:59:59.999Z");
  ASSERT_TRUE(leap.ok());
  EXPECT_EQ(rfc5322_date(*leap), "Thu, 29 Feb 2024 23:59:59 +0000");
}

TEST(MailerOptions, ValidateNamesTheBadOption) {
  MailerOptions ok;
  ok.smtp_url = "smtp://127.0.0.1:2525";
  EXPECT_TRUE(validate(ok).ok());
  ok.smtp_url = "smtps://mail.example.com";
  EXPECT_TRUE(validate(ok).ok());

  MailerOptions o = ok;
  o.smtp_url = "http://mail.example.com";
  EXPECT_EQ(validate(o).error().field, "smtp.url");
  o = ok;
  o.from_address = "not an address";
  EXPECT_EQ(validate(o).error().field, "smtp.from_address");
  o = ok;
  o.batch_size = 0;
  EXPECT_EQ(validate(o).error().field, "batch_size");
  o = ok;
  o.max_attempts = 0;
  EXPECT_EQ(validate(o).error().field, "max_attempts");
  o = ok;
  o.lease = seconds(30);  // shorter than a send may take
  EXPECT_EQ(validate(o).error().field, "lease");
  o = ok;
  o.keep_sent = milliseconds(-1);
  EXPECT_EQ(validate(o).error().field, "keep_sent");
  o = ok;
  o.backoff_max = seconds(1);
  EXPECT_EQ(validate(o).error().field, "backoff_max");
}

}  // namespace
}  // namespace paseo::jobs
