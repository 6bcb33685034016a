// Fixtures for the extranet integration tests: two suppliers (A and B) with one walking tour each,
// a reseller with contracts, users for both suppliers and the platform, logged in through the
// accounts area's real POST /api/v1/auth/login, and bookings made through the engine's
// BookingService exactly as the OCTO channel makes them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/availability_service.h"
#include "app/booking_service.h"
#include "app/catalogue_service.h"
#include "domain/catalogue.h"
#include "harness.h"

namespace paseo::testing {

inline constexpr const char* kSupplierA = "org_supplier_a";
inline constexpr const char* kSupplierB = "org_supplier_b";
inline constexpr const char* kReseller = "org_reseller";
inline constexpr const char* kPassword = "correct horse battery staple 42";

// 2026-11-23 (a Monday), 09:00 in Madrid.
Instant fixture_now();

struct BookingSpec {
  std::string date;  // local date
  std::string time;  // local start "10:00"
  int adults = 1;
  int children = 0;
  std::string contact_name = "Ana Garcia";
  std::string email = "ana@example.com";
  std::string phone = "+34600000000";
  std::string pickup_point = {};  // "" none
  std::string pickup_hotel = {};  // "" none; the room is "12" when a hotel is given
  int lunches = 0;
  std::string diet = {};  // answer to the "diet" question, "" none
  bool confirm = true;
  std::string channel_org = kReseller;  // who sells
  std::string option_id = "en";         // the product's option booked
};

class ExtranetWorld {
 public:
  explicit ExtranetWorld(
      storage::testing::TestBackend backend = storage::testing::TestBackend::kSqliteFile);

  TestServer& server() { return server_; }
  storage::Database& db() { return server_.db(); }

  // A logged-in client (cookies set by the real login endpoint).
  std::unique_ptr<HttpClient> login(const std::string& email);
  std::unique_ptr<HttpClient> anonymous();

  app::CatalogueService& catalogue() { return *catalogue_; }
  app::AvailabilityService& availability() { return *availability_; }
  app::BookingService& bookings() { return *bookings_; }

  const std::string& tour_a() const { return tour_a_; }
  const std::string& tour_b() const { return tour_b_; }

  // Reserves (and confirms) a booking of a supplier's tour as the reseller; fails the test on
  // error.
  domain::Booking book(const std::string& product_id, const BookingSpec& spec);

  // Users: "owner@a.test" (A owner), "staff@a.test" (A staff), "owner@b.test" (B owner),
  // "admin@paseo.test" (platform admin).
 private:
  TestServer server_;
  std::unique_ptr<app::CatalogueService> catalogue_;
  std::unique_ptr<app::AvailabilityService> availability_;
  std::unique_ptr<app::BookingService> bookings_;
  std::string tour_a_;
  std::string tour_b_;
};

// A whole START_TIME product as the back office's editor sends it to POST
// /api/v1/admin/suppliers/{id}/products: every catalogue field, two options (per unit, per
// booking), a date price, an extra, two questions.
std::string full_product_json();

// A START_TIME walking tour (Europe/Madrid, EUR) with an English option, ADULT 25.00 and CHILD
// 15.00, two pickup points, a lunch extra and a dietary question.
domain::Product walking_tour(const std::string& name);

}  // namespace paseo::testing
