// Reseller <-> supplier contracts through the admin API (/api/v1/admin/resellers/{id}/contracts)
// and their effect on what the reseller's API key sees under /octo — over real HTTP.
#include <string>
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

}  // namespace
}  // namespace paseo::accounts_test
