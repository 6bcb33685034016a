#include "domain/booking.h"

#include <gtest/gtest.h>

#include "domain/test_fixtures.h"

namespace paseo::domain {
namespace {

using testing::sample_tour;
using namespace std::chrono_literals;

Instant utc(const char* iso) { return parse_iso8601(iso).value(); }

TEST(BookingStatus, Transitions) {
  using S = BookingStatus;
  EXPECT_TRUE(can_transition(S::kOnHold, S::kConfirmed));
  EXPECT_TRUE(can_transition(S::kOnHold, S::kExpired));
  EXPECT_TRUE(can_transition(S::kOnHold, S::kCancelled));
  EXPECT_TRUE(can_transition(S::kConfirmed, S::kCancelled));
  EXPECT_FALSE(can_transition(S::kConfirmed, S::kOnHold));
  EXPECT_FALSE(can_transition(S::kExpired, S::kConfirmed));
  EXPECT_FALSE(can_transition(S::kCancelled, S::kConfirmed));
  EXPECT_FALSE(can_transition(S::kConfirmed, S::kExpired));
  EXPECT_TRUE(can_transition(S::kConfirmed, S::kRedeemed));  // checked in
  EXPECT_TRUE(can_transition(S::kRedeemed, S::kConfirmed));  // a check-in undone
  EXPECT_FALSE(can_transition(S::kRedeemed, S::kCancelled));
  EXPECT_TRUE(holds_seats(S::kRedeemed));
  EXPECT_TRUE(holds_seats(S::kOnHold));
  EXPECT_TRUE(holds_seats(S::kConfirmed));
  EXPECT_FALSE(holds_seats(S::kExpired));
  EXPECT_FALSE(holds_seats(S::kCancelled));
  EXPECT_EQ(*parse_booking_status("ON_HOLD"), S::kOnHold);
  EXPECT_FALSE(parse_booking_status("on_hold").ok());
}

TEST(Cancellation, FullPartialNoneAndCutoff) {
  CancellationPolicy policy{true, 24, 50, 60};  // free until 24 h, then 50 %, none within 1 h
  Instant start = utc("2026-07-15T08:00:00Z");
  auto full = quote_cancellation(policy, 5000, start, start - 24h);
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->refund, Refund::kFull);
  EXPECT_EQ(full->refund_amount, 5000);
  auto partial = quote_cancellation(policy, 5001, start, start - 24h + 1ms);
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ(partial->refund, Refund::kPartial);
  EXPECT_EQ(partial->fee, 2501);  // half, rounded half away from zero
  EXPECT_EQ(partial->refund_amount, 2500);
  auto late = quote_cancellation(policy, 5000, start, start - 60min);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(quote_cancellation(policy, 5000, start, start - 61min).ok());
  EXPECT_FALSE(quote_cancellation(policy, 5000, start, start + 1h).ok());
}

TEST(Cancellation, FeeOfHundredPercentAndNonRefundable) {
  Instant start = utc("2026-07-15T08:00:00Z");
  auto none = quote_cancellation(CancellationPolicy{true, 48, 100, 0}, 4000, start, start - 2h);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->refund, Refund::kNone);
  EXPECT_EQ(none->refund_amount, 0);
  auto nonref = quote_cancellation(CancellationPolicy{false, 48, 0, 0}, 4000, start, start - 720h);
  ASSERT_TRUE(nonref.ok());
  EXPECT_EQ(nonref->refund, Refund::kNone);
  auto free_fee = quote_cancellation(CancellationPolicy{true, 48, 0, 0}, 4000, start, start - 1h);
  EXPECT_EQ(free_fee->refund, Refund::kFull);
}

TEST(Cancellation, Cancellable) {
  CancellationPolicy policy{true, 24, 50, 60};
  Instant start = utc("2026-07-15T08:00:00Z");
  EXPECT_TRUE(is_cancellable(BookingStatus::kConfirmed, policy, start, start - 61min));
  EXPECT_FALSE(is_cancellable(BookingStatus::kConfirmed, policy, start, start - 60min));
  EXPECT_TRUE(is_cancellable(BookingStatus::kOnHold, policy, start, start - 1min));
  EXPECT_FALSE(is_cancellable(BookingStatus::kCancelled, policy, start, start - 48h));
  EXPECT_FALSE(is_cancellable(BookingStatus::kExpired, policy, start, start - 48h));
}

TEST(Hold, Minutes) {
  EXPECT_EQ(*hold_minutes(0), 30);
  EXPECT_EQ(*hold_minutes(31), 31);
  EXPECT_EQ(*hold_minutes(1440), 1440);
  EXPECT_FALSE(hold_minutes(1441).ok());
  EXPECT_EQ(hold_minutes(-5).error().field, "expirationMinutes");
}

TEST(Contact, RequiredFields) {
  Contact c;
  std::vector<std::string> req = {"firstName", "lastName", "emailAddress"};
  EXPECT_EQ(check_required_contact(c, req).error().field, "contact.firstName");
  EXPECT_EQ(check_required_contact(c, req).error().key, "field.required");  // the screens' text
  c.first_name = "  ";                                                      // spaces are no name
  EXPECT_EQ(check_required_contact(c, req).error().field, "contact.firstName");
  c.first_name = "Ana";
  c.last_name = "García";
  EXPECT_EQ(check_required_contact(c, req).error().field, "contact.emailAddress");
  c.email = "not-an-email";
  EXPECT_EQ(check_required_contact(c, req).error().field, "contact.emailAddress");
  EXPECT_EQ(check_required_contact(c, req).error().key, "email.shape");
  c.email = "ana@example.com";
  EXPECT_TRUE(check_required_contact(c, req).ok());
  EXPECT_EQ(c.display_name(), "Ana García");
  EXPECT_TRUE(check_required_contact(Contact{}, {}).ok());
}

TEST(Answers, TypedAndRequired) {
  auto p = sample_tour();
  p.questions = {
      Question{
          "diet", QuestionScope::kBooking, QuestionInput::kSelect, true, {}, {}, {"none", "vegan"}},
      Question{"arrival", QuestionScope::kBooking, QuestionInput::kDate, false, {}, {}, {}},
      Question{"age", QuestionScope::kUnit, QuestionInput::kNumber, true, {}, {}, {}},
  };
  EXPECT_TRUE(check_answers(p, QuestionScope::kBooking, {{"diet", "vegan"}}, true).ok());
  EXPECT_EQ(check_answers(p, QuestionScope::kBooking, {}, true).error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(check_answers(p, QuestionScope::kBooking, {}, false).ok());
  EXPECT_EQ(check_answers(p, QuestionScope::kBooking, {{"diet", "meat"}}, false).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_FALSE(check_answers(p, QuestionScope::kBooking, {{"arrival", "soon"}}, false).ok());
  EXPECT_TRUE(check_answers(p, QuestionScope::kBooking, {{"arrival", "2026-05-01"}}, false).ok());
  EXPECT_EQ(check_answers(p, QuestionScope::kBooking, {{"age", "7"}}, false).error().code,
            ErrorCode::kNotFound);  // a unit question at booking level
  EXPECT_TRUE(check_answers(p, QuestionScope::kUnit, {{"age", "7"}}, true).ok());
  EXPECT_FALSE(check_answers(p, QuestionScope::kUnit, {{"age", "seven"}}, true).ok());
  EXPECT_FALSE(
      check_answers(p, QuestionScope::kBooking, {{"diet", "none"}, {"diet", "vegan"}}, false).ok());
}

}  // namespace
}  // namespace paseo::domain
