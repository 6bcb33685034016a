#include "domain/pricing.h"

#include <gtest/gtest.h>

#include "domain/test_fixtures.h"

namespace paseo::domain {
namespace {

using testing::d;
using testing::sample_tour;

TEST(Pricing, UnitPricesAndTotals) {
  auto p = sample_tour();
  const auto& o = p.options[0];
  auto priced = price_booking(p, o, d("2026-05-01"), {"adult", "adult", "child", "infant"}, {});
  ASSERT_TRUE(priced.ok()) << priced.error().to_string();
  EXPECT_EQ(priced->total.retail, 2000 + 2000 + 1000);
  EXPECT_EQ(priced->total.net, 1500 + 1500 + 750);
  EXPECT_EQ(priced->total.original, priced->total.retail);
  EXPECT_EQ(priced->seats, 3);  // the infant takes no seat
  ASSERT_EQ(priced->unit_items.size(), 4u);
  EXPECT_EQ(priced->unit_items[2].retail, 1000);
}

// OCTO accompaniedBy: infants take no seat, so without this a party of infants alone could be
// sold on a sold-out departure.
TEST(Pricing, ChildrenAndInfantsAreBookedWithAnAdult) {
  auto p = sample_tour();
  const auto& o = p.options[0];
  for (std::vector<std::string> party :
       {std::vector<std::string>{"infant"}, {"child"}, {"child", "infant", "infant"}}) {
    auto priced = price_booking(p, o, d("2026-05-01"), party, {});
    ASSERT_FALSE(priced.ok()) << party.size();
    EXPECT_EQ(priced.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(priced.error().field, "unitItems");
    EXPECT_NE(priced.error().message.find("'adult'"), std::string::npos) << priced.error().message;
  }
  EXPECT_TRUE(price_booking(p, o, d("2026-05-01"), {"child", "adult"}, {}).ok());
  EXPECT_EQ(accompanying_units(o, *find_unit(o, "infant")), std::vector<std::string_view>{"adult"});
  EXPECT_TRUE(accompanying_units(o, *find_unit(o, "adult")).empty());
  // An option that sells children only (a children's workshop) sells them alone.
  auto workshop = o;
  workshop.units.erase(workshop.units.begin());  // no adult unit
  ASSERT_EQ(find_unit(workshop, "adult"), nullptr);
  EXPECT_TRUE(price_booking(p, workshop, d("2026-05-01"), {"child"}, {}).ok());
}

TEST(Pricing, DateRangeOverridesBase) {
  auto p = sample_tour();
  auto& o = p.options[0];
  o.prices.push_back(Price{"adult", 2500, 1800, d("2026-07-01"), d("2026-08-31")});
  o.prices.push_back(Price{"adult", 3000, 2000, d("2026-08-15"), d("2026-08-15")});
  EXPECT_EQ(unit_price(o, "adult", d("2026-06-30"))->retail, 2000);
  EXPECT_EQ(unit_price(o, "adult", d("2026-07-01"))->retail, 2500);
  EXPECT_EQ(unit_price(o, "adult", d("2026-08-15"))->retail, 3000);  // latest-starting range wins
  EXPECT_EQ(unit_price(o, "adult", d("2026-08-31"))->net, 1800);
  EXPECT_EQ(unit_price(o, "adult", d("2026-09-01"))->retail, 2000);
  EXPECT_EQ(unit_price(o, "child", d("2026-07-10"))->retail, 1000);
  auto prices = unit_prices(o, d("2026-07-10"));
  ASSERT_EQ(prices.size(), 3u);
  EXPECT_EQ(prices[0].unit_id, "adult");
  EXPECT_EQ(prices[0].price.retail, 2500);
}

TEST(Pricing, PerBookingOption) {
  auto p = sample_tour();
  auto& o = p.options[0];
  o.pricing_per = PricingPer::kBooking;
  o.prices = {Price{"", 15000, 12000, {}, {}}};
  auto priced = price_booking(p, o, d("2026-05-01"), {"adult", "adult", "child"}, {});
  ASSERT_TRUE(priced.ok());
  EXPECT_EQ(priced->total.retail, 15000);
  EXPECT_EQ(priced->unit_items[0].retail, 0);
  EXPECT_EQ(priced->seats, 3);
}

TEST(Pricing, ExtrasAndLimits) {
  auto p = sample_tour();
  p.extras.push_back(Extra{"tapas", {{"en", "Tapas"}}, {}, 800, 600, 3});
  const auto& o = p.options[0];
  auto priced = price_booking(p, o, d("2026-05-01"), {"adult"}, {{"tapas", 2}});
  ASSERT_TRUE(priced.ok());
  EXPECT_EQ(priced->total.retail, 2000 + 1600);
  EXPECT_EQ(priced->total.net, 1500 + 1200);
  auto too_many = price_booking(p, o, d("2026-05-01"), {"adult"}, {{"tapas", 2}, {"tapas", 2}});
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().field, "extraItems");
  auto unknown = price_booking(p, o, d("2026-05-01"), {"adult"}, {{"wine", 1}});
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(unknown.error().field, "extraId");
  auto zero = price_booking(p, o, d("2026-05-01"), {"adult"}, {{"tapas", 0}});
  EXPECT_EQ(zero.error().code, ErrorCode::kInvalidArgument);
}

TEST(Pricing, RulesOnUnits) {
  auto p = sample_tour();
  auto& o = p.options[0];
  auto empty = price_booking(p, o, d("2026-05-01"), {}, {});
  EXPECT_EQ(empty.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(empty.error().field, "unitItems");
  auto unknown = price_booking(p, o, d("2026-05-01"), {"senior"}, {});
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(unknown.error().field, "unitId");
  std::vector<std::string> five_children(5, "child");  // max 4 per booking
  EXPECT_EQ(price_booking(p, o, d("2026-05-01"), five_children, {}).error().code,
            ErrorCode::kFailedPrecondition);
  o.max_units = 2;
  EXPECT_FALSE(price_booking(p, o, d("2026-05-01"), {"adult", "adult", "adult"}, {}).ok());
  o.max_units = 0;
  o.min_units = 2;
  EXPECT_FALSE(price_booking(p, o, d("2026-05-01"), {"adult"}, {}).ok());
  o.units[0].min_per_booking = 2;
  o.min_units = 0;
  EXPECT_FALSE(price_booking(p, o, d("2026-05-01"), {"adult"}, {}).ok());
  EXPECT_TRUE(price_booking(p, o, d("2026-05-01"), {"adult", "adult"}, {}).ok());
}

TEST(Pricing, ResellerCommissionSetsNetFromRetail) {
  EXPECT_EQ(commission_net(10000, 0), 10000);
  EXPECT_EQ(commission_net(10000, 2000), 8000);
  EXPECT_EQ(commission_net(10000, 10000), 0);
  EXPECT_EQ(commission_net(999, 1250), 874);  // 124.875 -> 125 commission, half away from zero
  EXPECT_EQ(commission_net(0, 5000), 0);

  auto p = sample_tour();
  Extra lunch;
  lunch.id = "lunch";
  lunch.retail = 1200;
  lunch.net = 1100;
  lunch.max_quantity = 4;
  p.extras.push_back(lunch);
  apply_reseller_commission(p, 2500);
  for (const auto& o : p.options) {
    for (const auto& pr : o.prices) EXPECT_EQ(pr.net, pr.retail - (pr.retail * 25 + 50) / 100);
  }
  EXPECT_EQ(p.extras[0].net, 900);
  EXPECT_EQ(p.options[0].prices[0].net, 1500);  // adult 2000 - 25 %
  // Booking totals follow: net = sum of the commission nets.
  auto priced = price_booking(p, p.options[0], d("2026-05-01"), {"adult"}, {});
  ASSERT_TRUE(priced.ok());
  EXPECT_EQ(priced->total.net, commission_net(priced->total.retail, 2500));
}

}  // namespace
}  // namespace paseo::domain
