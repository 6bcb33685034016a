// Reseller <-> supplier contracts through the admin API (/api/v1/admin/resellers/{id}/contracts)
// and their effect on what the reseller's API key sees under /octo — over real HTTP.
#include <algorithm>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "../http/test_client.h"
#include "accounts_fixture.h"
#include "app/catalogue_service.h"
#include "domain/test_fixtures.h"

namespace paseo::accounts_test {
namespace {

#ifdef PASEO_ACCOUNTS_TEST_PG
class ContractsPgTest : public AccountsFixture {};
#define CONTRACTS_TEST(name) TEST_F(ContractsPgTest, name)
#else
class ContractsTest : public AccountsFixture {};
#define CONTRACTS_TEST(name) TEST_F(ContractsTest, name)
#endif

std::string id_of(const Reply& r, const char* object) {
  return std::string(r.root().get(object).get("id").as_string());
}

// GET /octo/products with the reseller's key: the product ids listed (or "HTTP <status>").
std::vector<std::string> octo_product_ids(std::uint16_t port, const std::string& token) {
  auto r = http::testing::request(
      port, "GET /octo/products HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + token +
                "\r\nOcto-Capabilities: octo/pricing\r\n\r\n");
  if (!r) return {"no answer"};
  if (r->status != 200) return {"HTTP " + std::to_string(r->status) + " " + r->body};
  auto doc = http::parse_json(r->body);
  if (!doc.ok() || !doc->root().is_array()) return {"not a JSON array: " + r->body};
  std::vector<std::string> ids;
  for (const auto& p : doc->root().items()) ids.emplace_back(p.get("id").as_string());
  return ids;
}

CONTRACTS_TEST(ContractShowsAndHidesTheSuppliersProductsUnderOcto) {
  Client adm = admin();
  Reply r =
      adm.post("/api/v1/admin/resellers", R"({"name":"Viajes Sol","email":"api@sol.example"})");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string reseller = id_of(r, "reseller");
  r = adm.post("/api/v1/admin/resellers/" + reseller + "/keys",
               R"({"name":"live","scopes":["octo"]})");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string token = r.str("token");
  ASSERT_FALSE(token.empty());

  // A supplier with one active product (written through the engine, as the extranet does).
  const std::string app_id = apply("Tapas Tours", "ana@example.com");
  const std::string supplier = std::string(adm.get("/api/v1/admin/applications/" + app_id)
                                               .root()
                                               .get("application")
                                               .get("organisationId")
                                               .as_string());
  ASSERT_FALSE(supplier.empty());
  app::CatalogueService catalogue(*db_, clock_);
  auto saved = catalogue.save_product(app::Caller::supplier(supplier),
                                      domain::testing::sample_tour("", supplier));
  ASSERT_TRUE(saved.ok()) << saved.error().to_string();
  const std::string product = saved->id;

  // No contract yet: nothing listed, under OCTO or the admin API.
  EXPECT_EQ(octo_product_ids(port_, token), std::vector<std::string>{});
  r = adm.get("/api/v1/admin/resellers/" + reseller + "/contracts");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.root().get("items").size(), 0u);

  r = adm.post("/api/v1/admin/resellers/" + reseller + "/contracts",
               fmt::format(R"({{"supplierId":"{}"}})", supplier));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.root().get("contract").get("supplierId").as_string(), supplier);
  EXPECT_EQ(r.root().get("contract").get("resellerId").as_string(), reseller);
  EXPECT_EQ(r.root().get("contract").get("supplierName").as_string(), "Tapas Tours");
  EXPECT_TRUE(r.root().get("contract").get("active").as_bool());
  // Idempotent: connecting again changes nothing and answers 200.
  r = adm.post("/api/v1/admin/resellers/" + reseller + "/contracts",
               fmt::format(R"({{"supplierId":"{}"}})", supplier));
  EXPECT_EQ(r.status, 200) << r.body;

  r = adm.get("/api/v1/admin/resellers/" + reseller + "/contracts");
  ASSERT_EQ(r.status, 200);
  ASSERT_EQ(r.root().get("items").size(), 1u);
  EXPECT_EQ(r.root().get("items").items()[0].get("supplierId").as_string(), supplier);
  EXPECT_TRUE(r.root().get("items").items()[0].get("active").as_bool());
  EXPECT_EQ(octo_product_ids(port_, token), std::vector<std::string>{product});

  // Ending the contract hides the products at once; the row stays, inactive.
  EXPECT_EQ(adm.del("/api/v1/admin/resellers/" + reseller + "/contracts/" + supplier).status, 204);
  EXPECT_EQ(octo_product_ids(port_, token), std::vector<std::string>{});
  r = adm.get("/api/v1/admin/resellers/" + reseller + "/contracts");
  ASSERT_EQ(r.root().get("items").size(), 1u);
  EXPECT_FALSE(r.root().get("items").items()[0].get("active").as_bool());
  r = adm.del("/api/v1/admin/resellers/" + reseller + "/contracts/" + supplier);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error_field(), "supplierId");

  // Re-connecting re-activates it (201: this call made it active).
  r = adm.post("/api/v1/admin/resellers/" + reseller + "/contracts",
               fmt::format(R"({{"supplierId":"{}"}})", supplier));
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(octo_product_ids(port_, token), std::vector<std::string>{product});

  // Each change is in the audit log, on the reseller's organisation.
  r = adm.get("/api/v1/admin/audit?organisationId=" + reseller + "&action=contract.");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.root().get("items").size(), 3u) << r.body;
  const auto items = r.root().get("items").items();
  EXPECT_EQ(items[0].get("action").as_string(), "contract.created");
  EXPECT_EQ(items[1].get("action").as_string(), "contract.ended");
  EXPECT_EQ(items[2].get("action").as_string(), "contract.created");
  EXPECT_EQ(items[0].get("targetId").as_string(), supplier);
}

CONTRACTS_TEST(ContractErrorsAndPermissions) {
  Client adm = admin();
  Reply r = adm.post("/api/v1/admin/resellers", R"({"name":"Viajes Sol"})");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string reseller = id_of(r, "reseller");
  const std::string app_id = apply("Tapas Tours", "ana@example.com");
  const std::string supplier = std::string(adm.get("/api/v1/admin/applications/" + app_id)
                                               .root()
                                               .get("application")
                                               .get("organisationId")
                                               .as_string());
  ASSERT_FALSE(supplier.empty());
  const std::string base = "/api/v1/admin/resellers/" + reseller + "/contracts";
  const std::string body = fmt::format(R"({{"supplierId":"{}"}})", supplier);

  // Bad input: 400 naming the field.
  for (const char* bad : {R"({})", R"({"supplierId":""})", R"({"supplierId":42})"}) {
    r = adm.post(base, bad);
    EXPECT_EQ(r.status, 400) << bad << " " << r.body;
    EXPECT_EQ(r.error_code(), "INVALID_ARGUMENT") << bad;
    EXPECT_EQ(r.error_field(), "supplierId") << bad;
  }
  EXPECT_EQ(adm.post(base, "not json").status, 400);

  // Unknown supplier, or an organisation that is not a supplier: 404 on supplierId.
  r = adm.post(base, R"({"supplierId":"nope"})");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error_field(), "supplierId");
  r = adm.post(base, fmt::format(R"({{"supplierId":"{}"}})", reseller));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error_field(), "supplierId");

  // Unknown reseller, or a supplier organisation in the reseller's place: 404.
  for (const std::string& who : {std::string("nope"), supplier}) {
    const std::string other = "/api/v1/admin/resellers/" + who + "/contracts";
    EXPECT_EQ(adm.get(other).status, 404) << who;
    EXPECT_EQ(adm.post(other, body).status, 404) << who;
    EXPECT_EQ(adm.del(other + "/" + supplier).status, 404) << who;
  }
  // No contract to end.
  EXPECT_EQ(adm.del(base + "/" + supplier).status, 404);
  EXPECT_EQ(adm.del(base + "/nope").status, 404);

  // Without the CSRF header: 403, nothing written.
  r = adm.call("POST", base, body, "application/json", std::string());
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(adm.get(base).root().get("items").size(), 0u);

  // A supplier user is not platform staff: 403 on every contract route; anonymous: 401.
  Client ana = login("ana@example.com");
  EXPECT_EQ(ana.get(base).status, 403);
  EXPECT_EQ(ana.post(base, body).status, 403);
  ASSERT_EQ(adm.post(base, body).status, 201);
  EXPECT_EQ(ana.del(base + "/" + supplier).status, 403);
  EXPECT_EQ(client().get(base).status, 401);
  r = adm.get(base);
  ASSERT_EQ(r.root().get("items").size(), 1u);
  EXPECT_TRUE(r.root().get("items").items()[0].get("active").as_bool());  // still active
}

// --- contract terms (commission, product selection) ---

// One OCTO call with the reseller's key: status, parsed body (array or object) and raw body.
struct OctoReply {
  int status = 0;
  std::string body;
  http::JsonDocument json;
  http::JsonValue root() const { return json.root(); }
  std::string error() const {
    return root().is_object() && root().get("error").is_string()
               ? std::string(root().get("error").as_string())
               : "";
  }
};

OctoReply octo(std::uint16_t port, const std::string& token, const std::string& method,
               const std::string& path, const std::string& body = "") {
  std::string raw = method + " " + path + " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + token +
                    "\r\nOcto-Capabilities: octo/pricing\r\n";
  if (!body.empty()) {
    raw +=
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  raw += "\r\n" + body;
  OctoReply out;
  auto r = http::testing::request(port, raw);
  if (!r) return out;
  out.status = r->status;
  out.body = r->body;
  if (auto doc = http::parse_json(r->body); doc.ok()) out.json = std::move(doc).value();
  return out;
}

// A reseller with an OCTO key, two suppliers (A with two products and a schedule, B with one),
// and an active all-products contract between the reseller and A.
class TermsWorld {
 public:
  TermsWorld(Client& adm, storage::Database& db, const Clock& clock,
             const std::function<std::string(const std::string&, const std::string&)>& apply_fn)
      : catalogue(db, clock) {
    Reply r = adm.post("/api/v1/admin/resellers", R"({"name":"Viajes Sol"})");
    EXPECT_EQ(r.status, 201) << r.body;
    reseller = id_of(r, "reseller");
    r = adm.post("/api/v1/admin/resellers/" + reseller + "/keys", R"({"name":"live"})");
    EXPECT_EQ(r.status, 201) << r.body;
    token = r.str("token");
    supplier_a = org_of(adm, apply_fn("Tapas Tours", "ana@example.com"));
    supplier_b = org_of(adm, apply_fn("Paseos Madrid", "bea@example.com"));
    tour = add_product(supplier_a, "Walking tour");
    museum = add_product(supplier_a, "Another tour");
    other = add_product(supplier_b, "B tour");
    r = adm.post("/api/v1/admin/resellers/" + reseller + "/contracts",
                 fmt::format(R"({{"supplierId":"{}"}})", supplier_a));
    EXPECT_EQ(r.status, 201) << r.body;
  }

  std::string add_product(const std::string& supplier, const std::string& name) {
    auto p = domain::testing::sample_tour("", supplier);
    p.internal_name = name;
    auto saved = catalogue.save_product(app::Caller::supplier(supplier), p);
    EXPECT_TRUE(saved.ok()) << saved.error().to_string();
    if (!saved.ok()) return "";
    auto st = catalogue.save_schedule(app::Caller::supplier(supplier), saved->id,
                                      domain::testing::daily_schedule(10));
    EXPECT_TRUE(st.ok()) << st.error().to_string();
    return saved->id;
  }

  static std::string org_of(Client& adm, const std::string& application_id) {
    return std::string(adm.get("/api/v1/admin/applications/" + application_id)
                           .root()
                           .get("application")
                           .get("organisationId")
                           .as_string());
  }

  std::string contract_path(const std::string& supplier) const {
    return "/api/v1/admin/resellers/" + reseller + "/contracts/" + supplier;
  }

  app::CatalogueService catalogue;
  std::string reseller, token, supplier_a, supplier_b, tour, museum, other;
};

#define MAKE_WORLD(adm)                                                           \
  TermsWorld world(adm, *db_, clock_,                                             \
                   [this](const std::string& company, const std::string& email) { \
                     return apply(company, email);                                \
                   })

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<std::string> ids_of(const http::JsonValue& array) {
  std::vector<std::string> out;
  for (const auto& x : array.items()) out.emplace_back(x.is_string() ? x.as_string() : "?");
  return out;
}

// Net and retail of unit `unit` in the OCTO product's default option (pricingFrom).
std::pair<std::int64_t, std::int64_t> unit_pricing(const OctoReply& product,
                                                   const std::string& unit) {
  for (const auto& o : product.root().get("options").items()) {
    for (const auto& u : o.get("units").items()) {
      if (u.get("id").as_string() != unit) continue;
      auto pf = u.get("pricingFrom").items();
      if (pf.empty()) return {-1, -1};
      return {pf[0].get("net").as_int(), pf[0].get("retail").as_int()};
    }
  }
  return {-1, -1};
}

CONTRACTS_TEST(TermsRoundTripAndFilterOctoProducts) {
  Client adm = admin();
  MAKE_WORLD(adm);
  // A new contract: all products, the products' own net prices.
  Reply r = adm.get("/api/v1/admin/resellers/" + world.reseller + "/contracts");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.root().get("items").size(), 1u);
  auto k = r.root().get("items").items()[0];
  EXPECT_TRUE(k.get("commissionBp").is_null());
  EXPECT_TRUE(k.get("allProducts").as_bool());
  EXPECT_EQ(k.get("productIds").size(), 0u);
  EXPECT_EQ(k.get("resellerName").as_string(), "Viajes Sol");
  EXPECT_EQ(sorted(octo_product_ids(port_, world.token)), sorted({world.tour, world.museum}));

  // Select one product and set a commission.
  r = adm.call(
      "PATCH", world.contract_path(world.supplier_a),
      fmt::format(R"({{"commissionBp":2500,"productIds":["{}","{}"]}})", world.tour, world.tour));
  ASSERT_EQ(r.status, 200) << r.body;
  k = r.root().get("contract");
  EXPECT_EQ(k.get("commissionBp").as_int(), 2500);
  EXPECT_FALSE(k.get("allProducts").as_bool());
  EXPECT_EQ(ids_of(k.get("productIds")), std::vector<std::string>{world.tour});  // deduplicated
  r = adm.get("/api/v1/admin/resellers/" + world.reseller + "/contracts");
  k = r.root().get("items").items()[0];
  EXPECT_EQ(k.get("commissionBp").as_int(), 2500);
  EXPECT_EQ(ids_of(k.get("productIds")), std::vector<std::string>{world.tour});

  // At once under OCTO: only the selected product is listed; the other answers as unknown.
  EXPECT_EQ(octo_product_ids(port_, world.token), std::vector<std::string>{world.tour});
  OctoReply o = octo(port_, world.token, "GET", "/octo/products/" + world.museum);
  EXPECT_EQ(o.status, 400) << o.body;
  EXPECT_EQ(o.error(), "INVALID_PRODUCT_ID");
  o = octo(port_, world.token, "POST", "/octo/availability",
           fmt::format(R"({{"productId":"{}","optionId":"en","localDate":"2026-11-25"}})",
                       world.museum));
  EXPECT_EQ(o.error(), "INVALID_PRODUCT_ID") << o.body;
  o = octo(port_, world.token, "POST", "/octo/availability/calendar",
           fmt::format(R"({{"productId":"{}","optionId":"en","localDateStart":"2026-11-25",)"
                       R"("localDateEnd":"2026-11-26"}})",
                       world.museum));
  EXPECT_EQ(o.error(), "INVALID_PRODUCT_ID") << o.body;
  // The selected product still answers.
  o = octo(
      port_, world.token, "POST", "/octo/availability",
      fmt::format(R"({{"productId":"{}","optionId":"en","localDate":"2026-11-25"}})", world.tour));
  EXPECT_EQ(o.status, 200) << o.body;

  // Switching back to all products (by allProducts) empties the list and lists both again.
  r = adm.call("PATCH", world.contract_path(world.supplier_a), R"({"allProducts":true})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.root().get("contract").get("allProducts").as_bool());
  EXPECT_EQ(r.root().get("contract").get("productIds").size(), 0u);
  EXPECT_EQ(r.root().get("contract").get("commissionBp").as_int(), 2500);  // untouched
  EXPECT_EQ(sorted(octo_product_ids(port_, world.token)), sorted({world.tour, world.museum}));

  // Ending and re-activating the contract keeps the terms.
  r = adm.call("PATCH", world.contract_path(world.supplier_a),
               fmt::format(R"({{"allProducts":false,"productIds":["{}"]}})", world.museum));
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(adm.del(world.contract_path(world.supplier_a)).status, 204);
  EXPECT_EQ(octo_product_ids(port_, world.token), std::vector<std::string>{});
  r = adm.post("/api/v1/admin/resellers/" + world.reseller + "/contracts",
               fmt::format(R"({{"supplierId":"{}"}})", world.supplier_a));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(ids_of(r.root().get("contract").get("productIds")),
            std::vector<std::string>{world.museum});
  EXPECT_EQ(octo_product_ids(port_, world.token), std::vector<std::string>{world.museum});

  // POST with terms on a new contract (supplier B): made with them in one step.
  r = adm.post("/api/v1/admin/resellers/" + world.reseller + "/contracts",
               fmt::format(R"({{"supplierId":"{}","commissionBp":0,"productIds":["{}"]}})",
                           world.supplier_b, world.other));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.root().get("contract").get("commissionBp").as_int(), 0);
  EXPECT_EQ(ids_of(r.root().get("contract").get("productIds")),
            std::vector<std::string>{world.other});
  EXPECT_EQ(sorted(octo_product_ids(port_, world.token)), sorted({world.museum, world.other}));
  // Clearing the commission with null.
  r = adm.call("PATCH", world.contract_path(world.supplier_b), R"({"commissionBp":null})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.root().get("contract").get("commissionBp").is_null());

  // Audited: terms changes are contract.terms_changed on the reseller.
  r = adm.get("/api/v1/admin/audit?organisationId=" + world.reseller +
              "&action=contract.terms_changed");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.root().get("items").size(), 5u) << r.body;
}

CONTRACTS_TEST(TermsValidationWritesNothing) {
  Client adm = admin();
  MAKE_WORLD(adm);
  const std::string path = world.contract_path(world.supplier_a);
  ASSERT_EQ(adm.call("PATCH", path, R"({"commissionBp":1000})").status, 200);

  struct Case {
    std::string body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {R"({"commissionBp":-1})", "commissionBp"},
      {R"({"commissionBp":10001})", "commissionBp"},
      {R"({"commissionBp":"15"})", "commissionBp"},
      {R"({"commissionBp":12.5})", "commissionBp"},
      {R"({"allProducts":"yes"})", "allProducts"},
      {R"({"productIds":"x"})", "productIds"},
      {R"({"productIds":[]})", "productIds"},
      {R"({"allProducts":false})", "productIds"},
      {fmt::format(R"({{"allProducts":true,"productIds":["{}"]}})", world.tour), "productIds"},
      {fmt::format(R"({{"productIds":["{}",42]}})", world.tour), "productIds[1]"},
      {R"({"productIds":["nope"]})", "productIds[0]"},
      // A product of another supplier is not selectable.
      {fmt::format(R"({{"productIds":["{}","{}"]}})", world.tour, world.other), "productIds[1]"},
      {fmt::format(R"({{"commissionBp":500,"productIds":["{}"]}})", world.other), "productIds[0]"},
  };
  for (const auto& c : cases) {
    Reply r = adm.call("PATCH", path, c.body);
    EXPECT_EQ(r.status, 400) << c.body << " " << r.body;
    EXPECT_EQ(r.error_code(), "INVALID_ARGUMENT") << c.body;
    EXPECT_EQ(r.error_field(), c.field) << c.body << " " << r.body;
  }
  EXPECT_EQ(adm.call("PATCH", path, "not json").status, 400);
  // POST with bad terms: 400 and no contract made.
  Reply r =
      adm.post("/api/v1/admin/resellers/" + world.reseller + "/contracts",
               fmt::format(R"({{"supplierId":"{}","commissionBp":20000}})", world.supplier_b));
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.error_field(), "commissionBp");

  // Nothing changed.
  r = adm.get("/api/v1/admin/resellers/" + world.reseller + "/contracts");
  ASSERT_EQ(r.root().get("items").size(), 1u) << r.body;
  auto k = r.root().get("items").items()[0];
  EXPECT_EQ(k.get("commissionBp").as_int(), 1000);
  EXPECT_TRUE(k.get("allProducts").as_bool());
  EXPECT_EQ(sorted(octo_product_ids(port_, world.token)), sorted({world.tour, world.museum}));

  // No contract with supplier B: PATCH answers 404 on supplierId; unknown ids 404 too.
  r = adm.call("PATCH", world.contract_path(world.supplier_b), R"({"commissionBp":1})");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error_field(), "supplierId");
  r = adm.call("PATCH", world.contract_path("nope"), R"({"commissionBp":1})");
  EXPECT_EQ(r.status, 404);
  r = adm.call("PATCH", "/api/v1/admin/resellers/nope/contracts/" + world.supplier_a,
               R"({"commissionBp":1})");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error_field(), "id");
  // Without CSRF: 403; a supplier user: 403; anonymous: 401.
  EXPECT_EQ(
      adm.call("PATCH", path, R"({"commissionBp":1})", "application/json", std::string()).status,
      403);
  Client ana = login("ana@example.com");
  EXPECT_EQ(ana.call("PATCH", path, R"({"commissionBp":1})").status, 403);
  EXPECT_EQ(client().call("PATCH", path, R"({"commissionBp":1})").status, 401);
  r = adm.get("/api/v1/admin/resellers/" + world.reseller + "/contracts");
  EXPECT_EQ(r.root().get("items").items()[0].get("commissionBp").as_int(), 1000);
}

std::int64_t count_rows(storage::Database& db, const std::string& sql, const std::string& arg) {
  auto n = db.read_value<std::int64_t>([&](storage::Connection& c) -> Result<std::int64_t> {
    PASEO_ASSIGN_OR_RETURN(auto rows, c.query(sql, {arg}));
    return rows.front().get_int(0);
  });
  return n.ok() ? *n : -1;
}

CONTRACTS_TEST(NetPriceFollowsCommissionAndDeselectedBookingsStayReachable) {
  Client adm = admin();
  MAKE_WORLD(adm);
  // Without a commission: the product's own net (adult 2000 retail / 1500 net).
  OctoReply p = octo(port_, world.token, "GET", "/octo/products/" + world.tour);
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(unit_pricing(p, "adult"), std::make_pair(std::int64_t{1500}, std::int64_t{2000}));

  // 20 % commission: net = 2000 - 400, in the product, the list, availability and the booking.
  ASSERT_EQ(
      adm.call("PATCH", world.contract_path(world.supplier_a), R"({"commissionBp":2000})").status,
      200);
  p = octo(port_, world.token, "GET", "/octo/products/" + world.tour);
  EXPECT_EQ(unit_pricing(p, "adult"), std::make_pair(std::int64_t{1600}, std::int64_t{2000}));
  EXPECT_EQ(unit_pricing(p, "child"), std::make_pair(std::int64_t{800}, std::int64_t{1000}));
  OctoReply list = octo(port_, world.token, "GET", "/octo/products");
  ASSERT_EQ(list.status, 200) << list.body;
  for (const auto& item : list.root().items()) {
    bool seen = false;
    for (const auto& o : item.get("options").items()) {
      for (const auto& u : o.get("units").items()) {
        if (u.get("id").as_string() != "adult") continue;
        EXPECT_EQ(u.get("pricingFrom").items()[0].get("net").as_int(), 1600);
        seen = true;
      }
    }
    EXPECT_TRUE(seen);
  }
  OctoReply av = octo(port_, world.token, "POST", "/octo/availability",
                      fmt::format(R"({{"productId":"{}","optionId":"en","localDate":"2026-11-25",)"
                                  R"("units":[{{"id":"adult","quantity":2}}]}})",
                                  world.tour));
  ASSERT_EQ(av.status, 200) << av.body;
  ASSERT_GE(av.root().size(), 1u) << av.body;
  const auto slot = av.root().items()[0];
  EXPECT_EQ(slot.get("pricing").get("net").as_int(), 3200) << av.body;
  const std::string availability_id(slot.get("id").as_string());

  const std::string uuid = "5d8f2a0e-1c7b-4b6a-9a51-0c2f7e1d9b31";
  OctoReply b = octo(port_, world.token, "POST", "/octo/bookings",
                     fmt::format(R"({{"uuid":"{}","productId":"{}","optionId":"en",)"
                                 R"("availabilityId":"{}","unitItems":[{{"unitId":"adult"}},)"
                                 R"({{"unitId":"child"}}]}})",
                                 uuid, world.tour, availability_id));
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_EQ(b.root().get("pricing").get("net").as_int(), 1600 + 800) << b.body;
  EXPECT_EQ(b.root().get("pricing").get("retail").as_int(), 3000);
  EXPECT_EQ(count_rows(*db_, "SELECT total_net FROM bookings WHERE uuid = $1", uuid), 2400);

  // The product leaves the selection: booking it again is refused as an unknown product, with
  // nothing written; the booking already made stays readable and cancellable.
  ASSERT_EQ(adm.call("PATCH", world.contract_path(world.supplier_a),
                     fmt::format(R"({{"productIds":["{}"]}})", world.museum))
                .status,
            200);
  const std::int64_t bookings_before =
      count_rows(*db_, "SELECT COUNT(*) FROM bookings WHERE reseller_id = $1", world.reseller);
  OctoReply refused = octo(port_, world.token, "POST", "/octo/bookings",
                           fmt::format(R"({{"uuid":"7a1e2b3c-4d5e-4f60-8a71-92b3c4d5e6f7",)"
                                       R"("productId":"{}","optionId":"en","availabilityId":"{}",)"
                                       R"("unitItems":[{{"unitId":"adult"}}]}})",
                                       world.tour, availability_id));
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.error(), "INVALID_PRODUCT_ID");
  EXPECT_EQ(
      count_rows(*db_, "SELECT COUNT(*) FROM bookings WHERE reseller_id = $1", world.reseller),
      bookings_before);
  EXPECT_EQ(
      count_rows(*db_, "SELECT COALESCE(SUM(booked), 0) FROM departures WHERE product_id = $1",
                 world.tour),
      2);  // the first booking's two seats only
  OctoReply got = octo(port_, world.token, "GET", "/octo/bookings/" + uuid);
  EXPECT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.root().get("status").as_string(), "ON_HOLD");
  // Amending it still works and reprices at the contract's commission (2 adults: 2 x 1600).
  OctoReply amended = octo(port_, world.token, "PATCH", "/octo/bookings/" + uuid,
                           R"({"unitItems":[{"unitId":"adult"},{"unitId":"adult"}]})");
  EXPECT_EQ(amended.status, 200) << amended.body;
  EXPECT_EQ(amended.root().get("pricing").get("net").as_int(), 3200) << amended.body;
  EXPECT_EQ(count_rows(*db_, "SELECT total_net FROM bookings WHERE uuid = $1", uuid), 3200);
  OctoReply cancelled = octo(port_, world.token, "POST", "/octo/bookings/" + uuid + "/cancel",
                             R"({"reason":"deselected"})");
  EXPECT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.root().get("status").as_string(), "CANCELLED");

  // The commission removed: back to the product's own net.
  ASSERT_EQ(adm.call("PATCH", world.contract_path(world.supplier_a),
                     R"({"commissionBp":null,"allProducts":true})")
                .status,
            200);
  p = octo(port_, world.token, "GET", "/octo/products/" + world.tour);
  EXPECT_EQ(unit_pricing(p, "adult"), std::make_pair(std::int64_t{1500}, std::int64_t{2000}));
}

CONTRACTS_TEST(SuppliersAndPartnersSeeOnlyTheirOwnContracts) {
  Client adm = admin();
  MAKE_WORLD(adm);
  // Reseller -> A (all products, 10 %); reseller -> B (one product); partner -> B.
  ASSERT_EQ(
      adm.call("PATCH", world.contract_path(world.supplier_a), R"({"commissionBp":1000})").status,
      200);
  ASSERT_EQ(adm.post("/api/v1/admin/resellers/" + world.reseller + "/contracts",
                     fmt::format(R"({{"supplierId":"{}","productIds":["{}"]}})", world.supplier_b,
                                 world.other))
                .status,
            201);
  Reply r = adm.post("/api/v1/admin/resellers", R"({"name":"Hotel Sol","kind":"partner"})");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string partner = id_of(r, "reseller");
  ASSERT_EQ(adm.post("/api/v1/admin/resellers/" + partner + "/contracts",
                     fmt::format(R"({{"supplierId":"{}"}})", world.supplier_b))
                .status,
            201);

  // Supplier A's staff: one contract (with the reseller), its terms; nothing of B's.
  Client ana = login("ana@example.com");
  r = ana.get("/api/v1/organisation/contracts");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.root().get("items").size(), 1u) << r.body;
  auto k = r.root().get("items").items()[0];
  EXPECT_EQ(k.get("supplierId").as_string(), world.supplier_a);
  EXPECT_EQ(k.get("resellerId").as_string(), world.reseller);
  EXPECT_EQ(k.get("resellerName").as_string(), "Viajes Sol");
  EXPECT_EQ(k.get("commissionBp").as_int(), 1000);
  EXPECT_EQ(r.body.find(world.supplier_b), std::string::npos);
  EXPECT_EQ(r.body.find(partner), std::string::npos);

  // Supplier B's staff: its two contracts, by reseller name; nothing of A's.
  Client bea = login("bea@example.com");
  r = bea.get("/api/v1/organisation/contracts");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.root().get("items").size(), 2u) << r.body;
  EXPECT_EQ(r.root().get("items").items()[0].get("resellerName").as_string(), "Hotel Sol");
  EXPECT_EQ(ids_of(r.root().get("items").items()[1].get("productIds")),
            std::vector<std::string>{world.other});
  EXPECT_EQ(r.body.find(world.supplier_a), std::string::npos);
  EXPECT_EQ(r.body.find(world.tour), std::string::npos);

  // The supplier side cannot change terms or reach the admin routes.
  EXPECT_EQ(
      bea.call("PATCH", world.contract_path(world.supplier_b), R"({"commissionBp":0})").status,
      403);
  EXPECT_EQ(bea.get("/api/v1/admin/resellers/" + world.reseller + "/contracts").status, 403);
  EXPECT_EQ(bea.call("POST", "/api/v1/organisation/contracts", "{}").status, 405);

  // A partner user sees its own contract only (with B), not the reseller's.
  ASSERT_EQ(adm.post("/api/v1/admin/organisations/" + partner + "/invitations",
                     R"({"email":"desk@hotelsol.example","role":"partner"})")
                .status,
            201);
  const std::string token =
      token_from_url(outbox_var("staff_invitation", "desk@hotelsol.example", "accept_url"));
  Client desk = client();
  ASSERT_EQ(desk.post("/api/v1/invitations/accept",
                      fmt::format(R"({{"token":"{}","password":"hotel desk pw 1"}})", token))
                .status,
            200);
  r = desk.get("/api/v1/organisation/contracts");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.root().get("items").size(), 1u) << r.body;
  EXPECT_EQ(r.root().get("items").items()[0].get("supplierId").as_string(), world.supplier_b);
  EXPECT_EQ(r.body.find(world.reseller), std::string::npos);

  // The operator is not a contract party; anonymous callers are not let in.
  EXPECT_EQ(adm.get("/api/v1/organisation/contracts").status, 403);
  EXPECT_EQ(client().get("/api/v1/organisation/contracts").status, 401);
  // The admin cannot reach the reseller's contract through the partner's id, nor vice versa.
  EXPECT_EQ(
      adm.call("PATCH", "/api/v1/admin/resellers/" + partner + "/contracts/" + world.supplier_a,
               R"({"commissionBp":0})")
          .status,
      404);
}

}  // namespace
}  // namespace paseo::accounts_test
