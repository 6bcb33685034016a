// Roles: what a user may do, per organisation. Pure rules (no I/O).
//
// A user belongs to exactly one organisation and holds one role there:
//  - platform_admin, platform_staff: the operator (organisation kind 'platform').
//  - supplier_owner, supplier_staff: a supplier organisation (tour operator); owners invite staff.
//  - partner: a B2B partner organisation (agency, hotel, affiliate).
// Reseller API clients authenticate with API keys (app/api_keys.h), not with users.
#pragma once

#include <optional>
#include <string_view>

namespace paseo::domain::accounts {

enum class Role { kPlatformAdmin, kPlatformStaff, kSupplierOwner, kSupplierStaff, kPartner };

// "platform_admin", "platform_staff", "supplier_owner", "supplier_staff", "partner".
std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view name);

// True when a user holding `have` may do what requires `need`: equal roles, platform_admin for
// platform_staff, supplier_owner for supplier_staff.
bool role_satisfies(Role have, Role need);

// The organisation kind a role lives in: "platform", "supplier" or "partner".
std::string_view organisation_kind_for(Role role);

}  // namespace paseo::domain::accounts
