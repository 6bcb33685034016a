// Who is calling an engine use case, and therefore what they may see.
//
// Tenant scoping (decision, enforced in every SQL statement of the engine):
//  - a RESELLER (kind kReseller, e.g. an OCTO API key's organisation) sees the active products of
//    the suppliers it has an active contract with (table `contracts`), limited to the contract's
//    product selection unless it covers all products (contract_products, migration 0022), at the
//    contract's net prices (internal/catalogue_store.h ProductCache), optionally narrowed to one
//    supplier (`supplier_id`, for keys bound to one connection), and only the bookings it made
//    (which stay readable and changeable after the contract ends or the product is deselected);
//  - a SUPPLIER (kind kSupplier: extranet users, supplier-side tools) sees its own products, all
//    bookings of its products, and may book its own products directly (it is then the seller).
// Anything outside that scope is kNotFound, never kPermissionDenied, so ids do not leak.
#pragma once

#include <string>

namespace paseo::app {

enum class CallerKind { kReseller, kSupplier };

struct Caller {
  CallerKind kind = CallerKind::kReseller;
  std::string organisation_id;   // the reseller's or the supplier's organisations.id
  std::string supplier_id;       // resellers: optional narrowing to one supplier ("" = all)
  std::string channel = "octo";  // recorded in booking history: octo, extranet, storefront, ...
  std::string actor;             // api key id or user id, recorded in booking history

  static Caller reseller(std::string org, std::string actor = {}, std::string channel = "octo") {
    return Caller{CallerKind::kReseller, std::move(org), {}, std::move(channel), std::move(actor)};
  }
  static Caller supplier(std::string org, std::string actor = {},
                         std::string channel = "extranet") {
    return Caller{CallerKind::kSupplier, std::move(org), {}, std::move(channel), std::move(actor)};
  }
};

}  // namespace paseo::app
